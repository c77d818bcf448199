"""The equivalency app's states, kinds and history actions [001 §4.4, §5, §6]."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpotCheckStatus(models.TextChoices):
    OPEN = "open", _("Open")
    NO_FOLLOW_UP = "no_follow_up", _("No follow-up required")
    CORRECTIVE_ACTION = "corrective_action", _("Corrective action required")
    CAP_IMPLEMENTED = "cap_implemented", _("Corrective actions implemented")
    VALIDATED = "validated", _("Corrective actions validated")
    REFERRED = "referred", _("Referred to staff for a decision")
    DECIDED = "decided", _("Decided")


class SpotCheckOutcome(models.TextChoices):
    NO_FOLLOW_UP = "no_follow_up", _("No follow-up required")
    CORRECTIVE_ACTION = "corrective_action", _("Corrective action required")


class ReferralDecision(models.TextChoices):
    SUSPEND = "suspend", _("Suspend the certification")
    KEEP = "keep", _("Do not suspend")


class EquivalencyKind(models.TextChoices):
    ISO_45001 = "iso_45001", _("ISO 45001 equivalency")
    MLTSD = "mltsd", _("MLTSD accreditation equivalency")


class EquivalencyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved: COR issued for 1 year")
    RECIPROCITY = "reciprocity", _("Reciprocity for bidding only")
    REFUSED = "refused", _("Refused")


class EquivalencyOutcome(models.TextChoices):
    """What the Lead Auditor decides (before the WSIB / Ontario-scope rule is applied)."""

    APPROVE = "approve", _("Approve")
    REFUSE = "refuse", _("Refuse")


class DocumentKind(models.TextChoices):
    """The documents an equivalency request carries, by name [001 §6.1, §6.2]."""

    ISO_FORM = "iso_form", _("COR ISO 45001 Equivalency Form")
    ISO_AUDIT_REPORT = "iso_audit_report", _("Most recent ISO 45001 audit report")
    ISO_CERTIFICATE = "iso_certificate", _("Most recent ISO 45001 certificate")
    MLTSD_AUDIT_REPORT = "mltsd_audit_report", _("Most recent audit report")
    MLTSD_ACCREDITATION = "mltsd_accreditation", _("Proof of MLTSD accreditation")
    MLTSD_AUDIT_ACTION_PLAN = (
        "mltsd_audit_action_plan",
        _("Current action plan from the most recent audit"),
    )
    OHSMS_MANUAL = "ohsms_manual", _("Current OHSMS manual with policies and procedures")
    MANAGEMENT_REVIEW = "management_review", _("Current management review report")
    MANAGEMENT_REVIEW_ACTION_PLAN = (
        "management_review_action_plan",
        _("Action plan from the management review"),
    )
    MASTER_HAZARD_REGISTRY = "master_hazard_registry", _("Master hazard registry")


class EquivalencyCertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")


class ReciprocityStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved: reciprocity for bidding only")
    REFUSED = "refused", _("Refused")


class EquivalencyAction(models.TextChoices):
    """History actions of the equivalency app."""

    SPOT_CHECK_OPENED = "spot_check_opened", _("Spot check opened")
    SPOT_CHECK_NO_FOLLOW_UP = "spot_check_no_follow_up", _("Spot check letter: no follow-up")
    SPOT_CHECK_CORRECTIVE_ACTION = (
        "spot_check_corrective_action",
        _("Spot check letter: corrective action required"),
    )
    SPOT_CHECK_CAP_IMPLEMENTED = (
        "spot_check_cap_implemented",
        _("Spot check corrective actions implemented"),
    )
    SPOT_CHECK_VALIDATED = "spot_check_validated", _("Spot check corrective actions validated")
    SPOT_CHECK_NOT_VALIDATED = (
        "spot_check_not_validated",
        _("Spot check corrective actions not validated"),
    )
    SPOT_CHECK_REFERRED = "spot_check_referred", _("Spot check referred to staff (D9 missed)")
    SPOT_CHECK_DECIDED = "spot_check_decided", _("Spot check referral decided")
    EQUIVALENCY_CREATED = "equivalency_created", _("Equivalency request started")
    EQUIVALENCY_DOCUMENT_ADDED = "equivalency_document_added", _("Equivalency document added")
    EQUIVALENCY_SUBMITTED = "equivalency_submitted", _("Equivalency request submitted")
    EQUIVALENCY_APPROVED = "equivalency_approved", _("Equivalency approved")
    EQUIVALENCY_TO_RECIPROCITY = (
        "equivalency_to_reciprocity",
        _("Equivalency granted as reciprocity for bidding only"),
    )
    EQUIVALENCY_REFUSED = "equivalency_refused", _("Equivalency refused")
    EQUIVALENCY_CERTIFICATE_EXPIRED = (
        "equivalency_certificate_expired",
        _("Equivalency certificate expired"),
    )
    RECIPROCITY_SUBMITTED = "reciprocity_submitted", _("Reciprocity request submitted")
    RECIPROCITY_APPROVED = "reciprocity_approved", _("Reciprocity approved")
    RECIPROCITY_REFUSED = "reciprocity_refused", _("Reciprocity refused")
