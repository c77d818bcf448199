from django import forms
from django.utils.translation import gettext_lazy as _


class ClosureDateForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
