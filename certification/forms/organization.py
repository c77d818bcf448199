"""Page forms. They validate input with the same validators as the API serializers and hand
clean values to a service; the service decides whether the change is allowed (its refusal
lands on the named field through cor_portal.forms.add_domain_error)."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from certification.limits import REREGISTRATION_REASON_MAX_LENGTH, WSIB_NUMBER_INPUT_MAX_LENGTH
from certification.models import Organization, Program, Registration
from certification.programs import IHSA_ACCOUNT_FORMAT, AccountNumberFormat, digits_text
from certification.services.organization import ORGANIZATION_FACT_FIELDS
from certification.services.registration import REGISTRATION_FACT_FIELDS
from certification.validators import wsib_number_problem


class WsibNumberField(forms.CharField):
    """A compensation-board account or firm number in the program's format (IHSA's WSIB:
    exactly 7 digits), kept as text."""

    def __init__(self, *, account_format: AccountNumberFormat = IHSA_ACCOUNT_FORMAT, **kwargs):
        kwargs.setdefault("max_length", WSIB_NUMBER_INPUT_MAX_LENGTH)
        super().__init__(**kwargs)
        self.account_format = account_format
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def validate(self, value):
        super().validate(value)
        problem = wsib_number_problem(value, self.account_format)
        if problem:
            raise forms.ValidationError(problem, code="wsib_number")


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FACT_FIELDS)


class WsibAccountForm(forms.Form):
    """An account of the organization's program: its labels ("WSIB account number", "WCB
    account number") and number format are the program's."""

    account_number = WsibNumberField()
    firm_number = WsibNumberField()
    ohsms_in_place_since = forms.DateField(
        label=_("OHSMS in place since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The date the health and safety management system was put in place. It must be "
            "in place for at least one year before the initial internal audit."
        ),
    )

    def __init__(self, *args, program: Program | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        fmt = program.account_format if program is not None else IHSA_ACCOUNT_FORMAT
        board = program.account_label_display if program is not None else _("WSIB")
        digits = digits_text(fmt)
        number, firm = self.fields["account_number"], self.fields["firm_number"]
        number.account_format = firm.account_format = fmt  # type: ignore[attr-defined]
        number.label = _("%(board)s account number") % {"board": board}
        number.help_text = _("%(digits)s, as on your %(board)s documents.") % {
            "digits": digits,
            "board": board,
        }
        firm.label = _("%(board)s firm number") % {"board": board}
        firm.help_text = _("%(digits)s.") % {"digits": digits}


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
