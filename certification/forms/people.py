"""Forms for people, training, exemptions, Code of Ethics and the OHSMS date. They parse
input; the rules live in the services, whose DomainError lands on the named field
(cor_portal.forms.add_domain_error)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.enums import (
    EXEMPTABLE_COURSES,
    Course,
    EmploymentStatus,
    ExemptionDocumentKind,
)
from certification.forms.widgets import CheckedFileInput
from certification.limits import (
    EXEMPTION_REASON_MAX_LENGTH,
    REPLACEMENT_REASON_MAX_LENGTH,
    max_length,
)
from certification.models import CodeOfEthicsSignature, Person, TrainingExemption, TrainingRecord
from cor_portal.accounts.models import User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _members(organization) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Portal login"),
        queryset=User.objects.filter(membership__organization=organization).order_by(
            "last_name", "first_name", "username"
        ),
        required=False,
        help_text=_("Link the person to a member's login so they can sign for themselves."),
    )


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=max_length(Person, "first_name"))
    last_name = forms.CharField(label=_("Last name"), max_length=max_length(Person, "last_name"))
    email = forms.EmailField(
        label=_("E-mail"), max_length=max_length(Person, "email"), required=False
    )
    job_title = forms.CharField(
        label=_("Job title"), max_length=max_length(Person, "job_title"), required=False
    )
    is_smr = forms.BooleanField(label=_("Senior Management Representative"), required=False)
    is_internal_auditor = forms.BooleanField(
        label=_("Internal auditor"),
        required=False,
        help_text=_("Internal auditors must be permanent full-time employees."),
    )
    employment_status = forms.ChoiceField(
        label=_("Employment status"), choices=EmploymentStatus.choices
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = _members(organization)


class ReplaceForm(forms.Form):
    replacement = forms.ModelChoiceField(
        label=_("Replace with an existing person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Or enter a new person below."),
    )
    new_first_name = forms.CharField(
        label=_("First name"), max_length=max_length(Person, "first_name"), required=False
    )
    new_last_name = forms.CharField(
        label=_("Last name"), max_length=max_length(Person, "last_name"), required=False
    )
    new_email = forms.EmailField(
        label=_("E-mail"), max_length=max_length(Person, "email"), required=False
    )
    new_job_title = forms.CharField(
        label=_("Job title"), max_length=max_length(Person, "job_title"), required=False
    )
    new_employment_status = forms.ChoiceField(
        label=_("Employment status"),
        choices=EmploymentStatus.choices,
        initial=EmploymentStatus.PERMANENT_FULL_TIME,
        required=False,
    )
    ended_on = forms.DateField(
        label=_("Last day in the role"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REPLACEMENT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The certifying body is notified of the replacement and its reason."),
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = Person.objects.filter(
            organization_id=person.organization_id, active=True
        ).exclude(pk=person.pk)

    def wants_new_person(self) -> bool:
        data = self.cleaned_data
        return not data.get("replacement") and bool(
            data.get("new_first_name") or data.get("new_last_name")
        )


class TrainingRecordForm(forms.Form):
    course = forms.ChoiceField(label=_("Course"), choices=Course.choices)
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    provider = forms.CharField(
        label=_("Training provider"),
        max_length=max_length(TrainingRecord, "provider"),
        initial="IHSA",
    )


class TrainingRecordEditForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    provider = forms.CharField(
        label=_("Training provider"), max_length=max_length(TrainingRecord, "provider")
    )


class ExemptionRequestForm(forms.Form):
    course = forms.ChoiceField(
        label=_("IHSA course to be exempted from"),
        choices=[(c.value, c.label) for c in EXEMPTABLE_COURSES],
        help_text=_(
            "Only COR™ Essentials and Basic Auditing Principles can be exempted; the other "
            "courses must be taken with IHSA."
        ),
    )
    provider = forms.CharField(
        label=_("Training provider"),
        max_length=max_length(TrainingExemption, "provider"),
        help_text=_(
            "A CFCSA member organization or another recognized provider of lead auditor training."
        ),
    )
    provider_course_title = forms.CharField(
        label=_("Title of the course taken"),
        max_length=max_length(TrainingExemption, "provider_course_title"),
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        widget=DateInput(),
        help_text=_("The course must have been completed within the three years before today."),
    )
    transcript = forms.FileField(label=_("Transcript"), widget=CheckedFileInput)
    transcript_kind = forms.ChoiceField(
        label=_("What is this file?"),
        choices=ExemptionDocumentKind.choices,
        initial=ExemptionDocumentKind.TRANSCRIPT,
    )
    course_outline = forms.FileField(label=_("Official course outline"), widget=CheckedFileInput)
    course_outline_kind = forms.ChoiceField(
        label=_("What is this file?"),
        choices=ExemptionDocumentKind.choices,
        initial=ExemptionDocumentKind.COURSE_OUTLINE,
        help_text=_(
            "Course certificates and wallet cards are not acceptable documentation; "
            "professional experience is not accepted in lieu of training."
        ),
    )


class ExemptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=EXEMPTION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing; sent to the organization."),
    )


class EthicsSignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the COR™ Program Code of Ethics and agree to comply with it.")
    )
    signed_name = forms.CharField(
        label=_("Full name (your signature)"),
        max_length=max_length(CodeOfEthicsSignature, "signed_name"),
    )


class OhsmsForm(forms.Form):
    ohsms_in_place_since = forms.DateField(
        label=_("OHSMS in place since"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "The date your health and safety management system was put in place. It must "
            "be in place for at least one year before the initial internal audit."
        ),
    )
