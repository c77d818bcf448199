from django import forms
from django.utils.translation import gettext_lazy as _

from certification.services.certificates import CERTIFICATE_REASON_MAX_LENGTH
from certification.services.registry import CLIENT_NAME_MAX_LENGTH


class RegistryClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=CLIENT_NAME_MAX_LENGTH)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    rate_per_minute = forms.IntegerField(
        label=_("Requests per minute"), min_value=1, max_value=10000, initial=60
    )


class RevokeCertificateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=CERTIFICATE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
