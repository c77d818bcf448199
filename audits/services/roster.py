"""The certifying body's list of external auditors [001 §3.4; SPEC §1]: a roster entry per
external-auditor user, their auditing company, approval by an administrator (approved,
suspended, removed — with the date and reason, every change in the history) and declared
conflicts with organizations. Only approved auditors who signed the current Code of Ethics
can be chosen (audits.eligibility)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.enums import AuditAction, AuditorStatus, ConflictKind
from audits.limits import REASONS_MAX_LENGTH, check_length, required_text
from audits.models import AuditingCompany, AuditorConflict, ExternalAuditor
from audits.rules import require_role
from audits.workflows import AUDITOR_FLOW
from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.models import CodeOfEthicsSignature, Organization
from cor_portal.accounts.models import User
from cor_portal.errors import DomainError
from cor_portal.history.services import record


def company_named(name: str) -> AuditingCompany | None:
    """The company called `name` (case-insensitive), created when new; None for no name."""
    name = (name or "").strip()[:200]
    if not name:
        return None
    existing = AuditingCompany.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return AuditingCompany.objects.create(name=name)
    except IntegrityError:
        return AuditingCompany.objects.get(name__iexact=name)


def roster_entry_for(user: User) -> ExternalAuditor | None:
    """The user's roster entry, created (awaiting approval) the first time an external
    auditor is saved. None for any other role."""
    if not user.is_external_auditor:
        return None
    entry = ExternalAuditor.objects.filter(user=user).first()
    if entry is not None:
        return entry
    entry, created = ExternalAuditor.objects.get_or_create(
        user=user, defaults={"company": company_named(user.auditing_company)}
    )
    if created:
        record(
            subject=entry,
            actor=None,
            action=AuditAction.AUDITOR_LISTED,
            to_state=AuditorStatus.PENDING,
            changes={"company": (None, str(entry.company or ""))},
        )
    return entry


def signed_code_of_ethics(user_id: int) -> bool:
    return CodeOfEthicsSignature.objects.filter(
        user_id=user_id, version=CODE_OF_ETHICS_CURRENT_VERSION
    ).exists()


def _require_admin(by) -> None:
    require_role(
        by,
        "audits.manage_roster",
        None,
        _("Only administrators approve, suspend or remove external auditors."),
    )


def _locked(auditor: ExternalAuditor) -> ExternalAuditor:
    return ExternalAuditor.objects.select_for_update().select_related("user").get(pk=auditor.pk)


@transaction.atomic
def auditor_approve(*, auditor: ExternalAuditor, by, reason: str = "") -> ExternalAuditor:
    """Put the auditor on the approved list (again, after a suspension)."""
    _require_admin(by)
    auditor = _locked(auditor)
    reason = check_length((reason or "").strip(), limit=REASONS_MAX_LENGTH, field="reason")
    if not AUDITOR_FLOW.can(auditor, AuditAction.AUDITOR_APPROVED):
        raise DomainError(
            _("This auditor is %(status)s; they cannot be approved.")
            % {"status": auditor.get_status_display().lower()},
            field="status",
        )
    if not signed_code_of_ethics(auditor.user_id):
        raise DomainError(
            _("The auditor must sign the current COR Program Code of Ethics before approval."),
            field="code_of_ethics",
        )
    return AUDITOR_FLOW.move(
        auditor,
        AuditAction.AUDITOR_APPROVED,
        by=by,
        reason=reason,
        status_changed_on=timezone.localdate(),
        status_reason=reason,
    )


@transaction.atomic
def auditor_suspend(*, auditor: ExternalAuditor, by, reason: str) -> ExternalAuditor:
    _require_admin(by)
    auditor = _locked(auditor)
    reason = required_text(
        reason,
        limit=REASONS_MAX_LENGTH,
        field="reason",
        missing=_("Give the reason for the suspension."),
    )
    if not AUDITOR_FLOW.can(auditor, AuditAction.AUDITOR_SUSPENDED):
        raise DomainError(
            _("Only an approved auditor can be suspended (this one is %(status)s).")
            % {"status": auditor.get_status_display().lower()},
            field="status",
        )
    return AUDITOR_FLOW.move(
        auditor,
        AuditAction.AUDITOR_SUSPENDED,
        by=by,
        reason=reason,
        status_changed_on=timezone.localdate(),
        status_reason=reason,
    )


@transaction.atomic
def auditor_remove(*, auditor: ExternalAuditor, by, reason: str) -> ExternalAuditor:
    _require_admin(by)
    auditor = _locked(auditor)
    reason = required_text(
        reason,
        limit=REASONS_MAX_LENGTH,
        field="reason",
        missing=_("Give the reason for the removal."),
    )
    if not AUDITOR_FLOW.can(auditor, AuditAction.AUDITOR_REMOVED):
        raise DomainError(_("This auditor was already removed from the list."), field="status")
    return AUDITOR_FLOW.move(
        auditor,
        AuditAction.AUDITOR_REMOVED,
        by=by,
        reason=reason,
        status_changed_on=timezone.localdate(),
        status_reason=reason,
    )


@transaction.atomic
def conflict_declare(
    *,
    auditor: ExternalAuditor,
    organization: Organization,
    kind: str,
    by,
    description: str = "",
) -> AuditorConflict:
    """Record a consulting relationship or another conflict between the auditor and an
    organization (the auditor declares it, or an administrator records it)."""
    if not (by.is_authenticated and (by.pk == auditor.user_id or by.is_administrator)):
        require_role(
            by,
            "audits.declare_conflict",
            None,
            _("Only the auditor or an administrator declares the auditor's conflicts."),
        )
    if kind not in ConflictKind.values:
        raise DomainError(_("Choose the kind of conflict."), field="kind")
    description = check_length(
        (description or "").strip(), limit=REASONS_MAX_LENGTH, field="description"
    )
    conflict, created = AuditorConflict.objects.get_or_create(
        auditor=auditor,
        organization=organization,
        kind=kind,
        defaults={"description": description, "declared_by": by},
    )
    if created:
        record(
            subject=auditor,
            actor=by,
            action=AuditAction.CONFLICT_DECLARED,
            changes={"conflict": (None, f"{organization} ({ConflictKind(kind).label})")},
        )
    return conflict
