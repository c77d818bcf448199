"""Page forms. They validate input with the same validators as the API serializers and hand
clean values to a service; the service decides whether the change is allowed (its refusal
lands on the named field through cor_portal.forms.add_domain_error)."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from certification.limits import REREGISTRATION_REASON_MAX_LENGTH, WSIB_NUMBER_INPUT_MAX_LENGTH
from certification.models import Organization, Registration
from certification.services.organization import ORGANIZATION_FACT_FIELDS
from certification.services.registration import REGISTRATION_FACT_FIELDS
from certification.validators import wsib_number_problem


class WsibNumberField(forms.CharField):
    """A WSIB account or firm number: exactly 7 digits, kept as text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", WSIB_NUMBER_INPUT_MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def validate(self, value):
        super().validate(value)
        problem = wsib_number_problem(value)
        if problem:
            raise forms.ValidationError(problem, code="wsib_number")


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FACT_FIELDS)


class WsibAccountForm(forms.Form):
    account_number = WsibNumberField(
        label=_("WSIB account number"), help_text=_("7 digits, as on your WSIB documents.")
    )
    firm_number = WsibNumberField(label=_("WSIB firm number"), help_text=_("7 digits."))
    ohsms_in_place_since = forms.DateField(
        label=_("OHSMS in place since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The date the health and safety management system was put in place. It must be "
            "in place for at least one year before the initial internal audit."
        ),
    )


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = list(REGISTRATION_FACT_FIELDS)
        help_texts = {
            "declaration_accepted": _(
                "It is the organization's responsibility to ensure the application is "
                "complete and accurate. Required before submitting."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].validators.append(MinValueValidator(1))
        self.fields["workers"].widget.attrs["min"] = 1


class ReregistrationForm(forms.Form):
    reason = forms.CharField(
        label=_("What was wrong"),
        max_length=REREGISTRATION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the organization's SMRs. Say which number or fact to correct."),
        error_messages={"required": _("Say what was wrong so the organization can correct it.")},
    )
