import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certification.enums import (
    EXEMPTABLE_COURSES,
    Course,
    EmploymentStatus,
    ExemptionDocumentKind,
    ExemptionStatus,
)

from .organization import Organization


class Person(models.Model):
    """An SMR or internal auditor of an organization. A person need not have a login; when
    they do, `user` links them."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    is_smr = models.BooleanField(_("Senior Management Representative"), default=False)
    is_internal_auditor = models.BooleanField(_("internal auditor"), default=False)
    employment_status = models.CharField(
        _("employment status"), max_length=32, choices=EmploymentStatus.choices
    )
    active = models.BooleanField(default=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_smr=True) | models.Q(is_internal_auditor=True),
                name="person_has_a_cor_role",
                violation_error_message=_("A person must be an SMR, an internal auditor or both."),
            ),
            # Internal auditors must be permanent full-time employees [001 §2.2].
            models.CheckConstraint(
                condition=models.Q(is_internal_auditor=False)
                | models.Q(employment_status=EmploymentStatus.PERMANENT_FULL_TIME),
                name="person_internal_auditor_permanent_full_time",
                violation_error_message=_(
                    "An internal auditor must be a permanent full-time employee."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(employment_status__in=EmploymentStatus.values),
                name="person_employment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(active=True) | models.Q(ended_on__isnull=False),
                name="person_inactive_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TrainingRecord(models.Model):
    """A required course a person completed (or was exempted from)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training_records")
    course = models.CharField(_("course"), max_length=32, choices=Course.choices)
    completed_on = models.DateField(_("completed on"))
    provider = models.CharField(_("training provider"), max_length=200, default="IHSA")
    exemption = models.OneToOneField(
        "TrainingExemption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_record",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "course"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                name="trainingrecord_one_per_person_course",
                violation_error_message=_("This person already has a record for this course."),
            ),
            models.CheckConstraint(
                condition=models.Q(course__in=Course.values), name="trainingrecord_course_valid"
            ),
        ]


def exemption_upload_key(instance, filename: str) -> str:
    # Non-guessable; the original file name is kept in the model, not in the path.
    return f"training-exemptions/{secrets.token_urlsafe(24)}"


class TrainingExemption(models.Model):
    """A request to count a course from another recognized provider instead of the IHSA
    course [001 §2.2]. Transcript and official course outline required; only courses
    completed within 3 years before the request; only COR Essentials and Basic Auditing
    Principles are exemptable."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="exemptions")
    course = models.CharField(_("course"), max_length=32, choices=Course.choices)
    provider = models.CharField(_("training provider"), max_length=200)
    provider_course_title = models.CharField(_("title of the course taken"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    requested_on = models.DateField(_("requested on"))
    transcript = models.FileField(_("transcript"), upload_to=exemption_upload_key, max_length=200)
    transcript_name = models.CharField(max_length=200)
    course_outline = models.FileField(
        _("official course outline"), upload_to=exemption_upload_key, max_length=200
    )
    course_outline_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=ExemptionStatus.choices, default=ExemptionStatus.SUBMITTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__in=EXEMPTABLE_COURSES),
                name="trainingexemption_course_exemptable",
                violation_error_message=_(
                    "Exemptions are granted only for COR™ Essentials and Basic Auditing Principles."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__lte=models.F("requested_on")),
                name="trainingexemption_completed_before_request",
            ),
            models.CheckConstraint(
                condition=models.Q(status="submitted")
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="trainingexemption_decision_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(decision_reason=""),
                name="trainingexemption_refusal_has_reason",
            ),
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=models.Q(status="submitted"),
                name="trainingexemption_one_open_per_person_course",
                violation_error_message=_(
                    "An exemption request for this course is already waiting for a decision."
                ),
            ),
        ]


class CodeOfEthicsSignature(models.Model):
    """A signature of the COR Program Code of Ethics [001 §4.5] by an SMR, an internal
    auditor (a Person) or an external auditor (a User)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="ethics_signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ethics_signatures",
    )
    signed_name = models.CharField(_("signed name"), max_length=200)
    version = models.CharField(_("Code of Ethics version"), max_length=32)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(user__isnull=False),
                name="ethics_signature_has_signer",
            ),
            models.UniqueConstraint(
                fields=["person", "version"],
                condition=models.Q(person__isnull=False),
                name="ethics_signature_once_per_person_version",
                violation_error_message=_("This person has already signed this version."),
            ),
            models.UniqueConstraint(
                fields=["user", "version"],
                condition=models.Q(person__isnull=True),
                name="ethics_signature_once_per_user_version",
            ),
        ]


__all__ = [
    "CodeOfEthicsSignature",
    "ExemptionDocumentKind",
    "Person",
    "TrainingExemption",
    "TrainingRecord",
]
