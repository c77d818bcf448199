from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction")
    ELECTRICAL_UTILITIES = "electrical_utilities", _("Electrical & utilities")
    TRANSPORTATION = "transportation", _("Transportation")
    AGGREGATES = "aggregates", _("Aggregates")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    """An employer user's role in their one organization [SPEC §1]."""

    SMR = "smr", _("Senior Management Representative")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor")
    VIEWER = "viewer", _("Viewer")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REREGISTRATION_REQUESTED = "reregistration_requested", _("Re-registration requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    CONFIRMED = "confirmed", _("Confirmed")


# A registration that is neither finished nor abandoned: at most one per WSIB account.
REGISTRATION_IN_FLIGHT = (
    RegistrationStatus.DRAFT,
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.REREGISTRATION_REQUESTED,
    RegistrationStatus.RESUBMITTED,
)
# States in which the administrator has something to verify.
REGISTRATION_AWAITING_VERIFICATION = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.RESUBMITTED,
)
# States in which the employer may edit the application's facts.
REGISTRATION_EDITABLE = (RegistrationStatus.DRAFT, RegistrationStatus.REREGISTRATION_REQUESTED)


class EmploymentStatus(models.TextChoices):
    PERMANENT_FULL_TIME = "permanent_full_time", _("Permanent full-time")
    PERMANENT_PART_TIME = "permanent_part_time", _("Permanent part-time")
    CONTRACT = "contract", _("Contract")
    TEMPORARY = "temporary", _("Temporary")


class Course(models.TextChoices):
    """The IHSA courses the COR program requires [001 §2.2]."""

    COR_ESSENTIALS = "cor_essentials", _("COR™ Essentials")
    BASIC_AUDITING_PRINCIPLES = "basic_auditing_principles", _("Basic Auditing Principles")
    COR_INTERNAL_AUDITOR = "cor_internal_auditor", _("COR™ Internal Auditor")
    HAZARD_RISK_MANAGEMENT = (
        "hazard_risk_management",
        _("Introduction to Hazard & Risk Management"),
    )


SMR_REQUIRED_COURSES = (Course.COR_ESSENTIALS,)
INTERNAL_AUDITOR_REQUIRED_COURSES = (
    Course.COR_ESSENTIALS,
    Course.BASIC_AUDITING_PRINCIPLES,
    Course.COR_INTERNAL_AUDITOR,
    Course.HAZARD_RISK_MANAGEMENT,
)
# Only these two courses may be exempted [001 §2.2: "Requests for training exemptions for
# COR™ Essentials and/or Basic Auditing Principles"].
EXEMPTABLE_COURSES = (Course.COR_ESSENTIALS, Course.BASIC_AUDITING_PRINCIPLES)


class ExemptionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExemptionDocumentKind(models.TextChoices):
    """What an uploaded exemption document is. Only transcripts and official course outlines
    are acceptable [001 §2.2]; the rest are listed so the refusal can say why."""

    TRANSCRIPT = "transcript", _("Transcript")
    COURSE_OUTLINE = "course_outline", _("Official course outline")
    COURSE_CERTIFICATE = "course_certificate", _("Course certificate")
    WALLET_CARD = "wallet_card", _("Wallet card")
    PROFESSIONAL_EXPERIENCE = "professional_experience", _("Professional experience")


ACCEPTABLE_EXEMPTION_DOCUMENTS = (
    ExemptionDocumentKind.TRANSCRIPT,
    ExemptionDocumentKind.COURSE_OUTLINE,
)

CODE_OF_ETHICS_CURRENT_VERSION = "COR 2020 v1"
