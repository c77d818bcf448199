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


class CertificationAction(models.TextChoices):
    """Every history action of the certification app: the one enum `record()` and the
    workflow tables take. Values are the stored codes (rows written before they were typed
    keep showing); labels are what a reader of a history page sees."""

    # Organizations and their members.
    CREATED = "created", _("Created")
    ORGANIZATION_UPDATED = "organization_updated", _("Organization updated")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_INVITED = "member_invited", _("Colleague invited")
    MEMBER_INVITATION_EXPIRED = "member_invitation_expired", _("Invitation expired")
    MEMBER_INVITATION_REVOKED = "member_invitation_revoked", _("Invitation revoked")
    MEMBER_JOINED = "member_joined", _("Member joined")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    # WSIB accounts.
    WSIB_ACCOUNT_CREATED = "wsib_account_created", _("Account added")
    WSIB_ACCOUNT_UPDATED = "wsib_account_updated", _("Account changed")
    OHSMS_DATE_SET = "ohsms_date_set", _("OHSMS date set")
    # Registrations [001 §2.1].
    REGISTRATION_STARTED = "registration_started", _("Registration started")
    REGISTRATION_UPDATED = "registration_updated", _("Registration changed")
    REGISTRATION_SUBMITTED = "registration_submitted", _("Registration submitted")
    REGISTRATION_RESUBMITTED = "registration_resubmitted", _("Registration resubmitted")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("Registration confirmed")
    REREGISTRATION_REQUESTED = "reregistration_requested", _("Re-registration requested")
    # People [001 §3.2].
    DESIGNATED = "designated", _("Designated")
    PERSON_UPDATED = "updated", _("Details changed")
    REPLACED = "replaced", _("Replaced")
    REPLACES = "replaces", _("Took over the role")
    CODE_OF_ETHICS_SIGNED = "code_of_ethics_signed", _("Signed the Code of Ethics")
    # Training and exemptions [001 §2.2].
    TRAINING_RECORD_ADDED = "training_record_added", _("Training record added")
    TRAINING_RECORD_UPDATED = "training_record_updated", _("Training record changed")
    TRAINING_RECORD_REMOVED = "training_record_removed", _("Training record removed")
    EXEMPTION_REQUESTED = "requested", _("Exemption requested")
    EXEMPTION_APPROVED = "approved", _("Exemption approved")
    EXEMPTION_REFUSED = "refused", _("Exemption refused")
    # The same facts told on the person's own history.
    PERSON_EXEMPTION_REQUESTED = "exemption_requested", _("Exemption requested")
    PERSON_EXEMPTION_REFUSED = "exemption_refused", _("Exemption refused")
    # Certificates [001 §2.4] and the public registry [SPEC §9].
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    CERTIFICATE_SUPERSEDED = "certificate_superseded", _("Certificate superseded")
    CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
    CERTIFICATE_LAPSED = "certificate_lapsed", _("Certificate lapsed")
    # Maintenance years 2 and 3, recertification [001 §2.4, §2.5; SPEC §4.2, §4.3].
    MAINTENANCE_PLANNED = "maintenance_planned", _("Maintenance years planned")
    MAINTENANCE_AUDIT_STARTED = "maintenance_audit_started", _("Maintenance audit started")
    MAINTENANCE_LATE = "maintenance_late", _("Maintenance audit late")
    MAINTENANCE_PENDING = "maintenance_pending", _("Standing pending")
    MAINTENANCE_LAPSED = "maintenance_lapsed", _("Certification lapsed")
    MAINTENANCE_MET = "maintenance_met", _("Maintenance year met")
    MAINTENANCE_CANCELLED = "maintenance_cancelled", _("Maintenance year cancelled")
    MAINTENANCE_DEFICIENCIES = "maintenance_deficiencies", _("Maintenance deficiencies found")
    MAINTENANCE_CORRECTED = "maintenance_corrected", _("Maintenance deficiencies corrected")
    RECERTIFICATION_AUDIT_STARTED = (
        "recertification_audit_started",
        _("Recertification external audit started"),
    )
    LGS_ISSUED = "lgs_issued", _("Letter of Good Standing issued")
    STANDING_CLEARED = "standing_cleared", _("Pending standing cleared")
    REGISTRY_PUBLISHED = "registry_published", _("Registry published")
    REGISTRY_CLIENT_ADDED = "registry_client_added", _("Registry client added")
    # Programs (SPEC §6.3): configuration, changed by administrators.
    PROGRAM_CREATED = "program_created", _("Program created")
    PROGRAM_UPDATED = "program_updated", _("Program updated")
    PROGRAM_YEAR_SAVED = "program_year_saved", _("Program year saved")
    REGISTRY_KEY_ISSUED = "registry_key_issued", _("Registry key issued")
    REGISTRY_KEY_REVOKED = "registry_key_revoked", _("Registry key revoked")


class CertificationNotice(models.TextChoices):
    """The kinds of notification the certification app sends (inbox and e-mail)."""

    REGISTRATION_RECEIVED = "registration_received", _("Registration received")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("Registration confirmed")
    REREGISTRATION_REQUESTED = "reregistration_requested", _("Re-registration requested")
    EXEMPTION_REQUESTED = "exemption_requested", _("Training exemption requested")
    EXEMPTION_DECIDED = "exemption_decided", _("Training exemption decided")
    PERSON_REPLACED = "person_replaced", _("SMR or internal auditor replaced")


class CertificateStatus(models.TextChoices):
    """A certificate's own lifecycle (certification/workflows.py, CERTIFICATE_FLOW). Whether
    it is *valid today* is the standing's question (certification/standing.py), not this."""

    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")
    # D7/D8 missed [001 §2.4, §2.5]: the certification is lost (set by the deadline sweep).
    LAPSED = "lapsed", _("Lapsed")


class Standing(models.TextChoices):
    """A WSIB account's one COR standing [SPEC §4], computed by certification.standing."""

    NOT_REGISTERED = "not_registered", _("Not registered")
    REGISTERED = "registered", _("Registered")
    IN_INITIAL_CYCLE = "in_initial_cycle", _("In initial cycle")
    CERTIFIED = "certified", _("Certified")
    PENDING = "pending", _("Pending")
    LAPSED = "lapsed", _("Lapsed")
    EQUIVALENT = "equivalent", _("Equivalent (1 year)")
    RECIPROCITY = "reciprocity", _("Reciprocity (bidding only)")


# Certified for every purpose [SPEC §4: "Pending is still certified for every purpose"]; the
# public registry lists exactly these [SPEC §9: standing certified/pending/equivalent].
CERTIFIED_STANDINGS = (Standing.CERTIFIED, Standing.PENDING, Standing.EQUIVALENT)


class VerificationStatus(models.TextChoices):
    """What the public verification page and bulk verification say of a certificate today."""

    VALID = "valid", _("Valid")
    PENDING = "pending", _("Pending")
    LAPSED = "lapsed", _("Lapsed")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")
    NOT_FOUND = "not_found", _("Not found")
