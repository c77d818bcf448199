from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import INVITABLE_BY_ADMINISTRATOR, UserRole


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in INVITABLE_BY_ADMINISTRATOR],
    )
    auditing_company = forms.CharField(
        label=_("Auditing company"),
        max_length=200,
        required=False,
        help_text=_("External auditors only: the auditing company they belong to, if any."),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("auditing_company") and data.get("role") != UserRole.EXTERNAL_AUDITOR:
            self.add_error(
                "auditing_company",
                _("Only external auditors belong to an auditing company; leave it empty."),
            )
        return data


class StaffAcceptForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class LanguageForm(forms.Form):
    """The account page's language preference (pages, e-mails and documents)."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: [(code, name) for code, name in settings.LANGUAGES],
        help_text=_("The language of your pages, e-mails and documents."),
    )
