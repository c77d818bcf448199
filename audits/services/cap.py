"""Corrective action plans after the desk review [001 §2.4; SPEC §6 "CAP"]: generated from
every failed benchmark and reviewer finding, completed by the employer (owner, target date,
implementation date, evidence), submitted by the SMR, approved or returned with reasons by
the certifying body."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import (
    CAP_EDITABLE,
    EXTERNAL_AUDIT_KINDS,
    INTERNAL_REVIEW_REVIEWED,
    AuditAction,
    AuditKind,
    CapItemSource,
    CapPurpose,
    CapStatus,
    InternalReviewStatus,
)
from audits.evidence import discard_stored, store_evidence_file
from audits.limits import (
    CAP_ACTION_MAX_LENGTH,
    CAP_DESCRIPTION_MAX_LENGTH,
    CAP_RETURN_REASON_MAX_LENGTH,
    check_length,
    required_text,
)
from audits.models import Audit, CapItem, CorrectiveActionPlan, Element, Evidence, Item
from audits.rules import DECIDE_CAP_STAFF_ONLY, EDIT_CAP_ONLY, require_role
from audits.workflows import CAP_FLOW
from cor_portal.accounts.audiences import intake_staff
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify

from .common import account_text, page_url, smrs_of

UNCHANGED = object()


def cap_url(plan: CorrectiveActionPlan) -> str:
    return page_url("audits:cap_detail", plan.pk)


def _locked(plan: CorrectiveActionPlan) -> CorrectiveActionPlan:
    return (
        CorrectiveActionPlan.objects.select_for_update(of=("self",))
        .select_related("audit__wsib_account", "audit__tool", "audit__internal_review")
        .get(pk=plan.pk)
    )


def _check_editable(plan: CorrectiveActionPlan) -> None:
    if plan.status not in CAP_EDITABLE:
        raise DomainError(
            _("This plan is %(status)s; it can no longer be changed.")
            % {"status": plan.get_status_display().lower()},
            field="plan",
        )


@transaction.atomic
def cap_generate(*, audit: Audit, by) -> CorrectiveActionPlan:
    """The audit's CAP, created on first call from the reviewer's failed benchmarks and
    findings (later calls return the same plan)."""
    from audits.selectors import last_completed_review, reviewed_score

    existing = CorrectiveActionPlan.objects.filter(audit=audit).first()
    if existing is not None:
        return existing
    audit = Audit.objects.select_related("tool", "internal_review").get(pk=audit.pk)
    if audit.internal_review.status not in INTERNAL_REVIEW_REVIEWED:
        raise DomainError(
            _("A corrective action plan follows the desk review's outcome."), field="audit"
        )
    review = last_completed_review(audit)
    result = reviewed_score(audit, review)
    purpose = (
        CapPurpose.CONTINUAL_IMPROVEMENT
        if audit.internal_review.status == InternalReviewStatus.CONFIRMED
        else CapPurpose.DEFICIENCIES
    )
    plan = CorrectiveActionPlan.objects.create(audit=audit, purpose=purpose)
    elements = {e.number: e for e in Element.objects.filter(tool_id=audit.tool_id)}
    items = {i.number: i for i in Item.objects.filter(tool_id=audit.tool_id)}
    rows: list[CapItem] = []
    for failure in result.failures:
        rows.append(
            CapItem(
                plan=plan,
                order=len(rows) + 1,
                source=CapItemSource.FAILED_BENCHMARK,
                element=elements.get(failure.element) if failure.element else None,
                item=items.get(failure.item) if failure.item else None,
                failure_kind=str(failure.kind),
                failure_facts=failure.facts(),
                description=failure.describe(),
            )
        )
    if review is not None:
        for finding in review.findings.order_by("order", "pk"):
            rows.append(
                CapItem(
                    plan=plan,
                    order=len(rows) + 1,
                    source=CapItemSource.FINDING,
                    element_id=finding.element_id,
                    item_id=finding.item_id,
                    finding=finding,
                    description=finding.text,
                )
            )
    CapItem.objects.bulk_create(rows)
    record(
        subject=plan,
        actor=by,
        action=AuditAction.CAP_GENERATED,
        to_state=CapStatus.DRAFT,
        changes={"items": (None, len(rows)), "purpose": (None, purpose)},
    )
    return plan


@transaction.atomic
def cap_item_add(
    *,
    plan: CorrectiveActionPlan,
    description: str,
    by,
    element: Element | None = None,
    item: Item | None = None,
) -> CapItem:
    """An action the employer adds (e.g. continual improvement after a confirmed review)."""
    require_role(by, "audits.edit_cap", plan, EDIT_CAP_ONLY)
    plan = _locked(plan)
    _check_editable(plan)
    description = check_length(
        (description or "").strip(), limit=CAP_DESCRIPTION_MAX_LENGTH, field="description"
    )
    if not description:
        raise DomainError(_("Describe what the action addresses."), field="description")
    tool_id = plan.audit.tool_id
    if element is not None and element.tool_id != tool_id:
        raise DomainError(_("Choose an element of this audit's tool."), field="element")
    if item is not None and item.tool_id != tool_id:
        raise DomainError(_("Choose an item of this audit's tool."), field="item")
    order = (plan.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    cap_item = CapItem.objects.create(
        plan=plan,
        order=order,
        source=CapItemSource.FINDING,
        element=element,
        item=item,
        description=description,
    )
    record(
        subject=plan,
        actor=by,
        action=AuditAction.CAP_ITEM_ADDED,
        changes={f"item {order}": (None, description)},
    )
    return cap_item


def _checked_item_values(
    plan: CorrectiveActionPlan, *, action, owner, target_date, implementation_date
) -> dict:
    """The fields to write, cleaned; raises a DomainError naming the first bad field."""
    today = timezone.localdate()
    values = {}
    if action is not UNCHANGED:
        values["action"] = check_length(
            (action or "").strip(), limit=CAP_ACTION_MAX_LENGTH, field="action"
        )
    if owner is not UNCHANGED:
        owner = (owner or "").strip()
        if len(owner) > 200:
            raise DomainError(_("The owner is at most 200 characters."), field="owner")
        values["owner"] = owner
    if target_date is not UNCHANGED:
        due = plan.audit.internal_review.correction_due_on
        if target_date is not None and due is not None and target_date > due:
            raise DomainError(
                _("The target date must be on or before %(due)s, the end of the 6-month window.")
                % {"due": due.isoformat()},
                field="target_date",
            )
        values["target_date"] = target_date
    if implementation_date is not UNCHANGED:
        if implementation_date is not None and implementation_date > today:
            raise DomainError(
                _("The implementation date cannot be in the future."),
                field="implementation_date",
            )
        values["implementation_date"] = implementation_date
    return values


def cap_item_update(
    *,
    cap_item: CapItem,
    by,
    action=UNCHANGED,
    owner=UNCHANGED,
    target_date=UNCHANGED,
    implementation_date=UNCHANGED,
    evidence_file=None,
    evidence_document_date: date | None = None,
) -> CapItem:
    """Fill in one action: what will be done, who owns it, the target date, the date it was
    implemented, and optionally an evidence file (stored like audit evidence).

    The evidence file is copied to storage before the plan is locked (bug e), and the checks
    are made again under the lock; a failed update deletes the stored file."""
    plan = cap_item.plan
    require_role(by, "audits.edit_cap", plan, EDIT_CAP_ONLY)
    fields = {
        "action": action,
        "owner": owner,
        "target_date": target_date,
        "implementation_date": implementation_date,
    }
    current = CorrectiveActionPlan.objects.select_related("audit__internal_review").get(pk=plan.pk)
    _check_editable(current)
    _checked_item_values(current, **fields)
    stored = None
    document_date = None
    if evidence_file is not None:
        today = timezone.localdate()
        document_date = evidence_document_date or today
        if document_date > today:
            raise DomainError(
                _("The document date cannot be in the future."), field="evidence_document_date"
            )
        stored = store_evidence_file(evidence_file, field="evidence")
    try:
        with transaction.atomic():
            plan = _locked(plan)
            _check_editable(plan)
            cap_item = CapItem.objects.get(pk=cap_item.pk, plan=plan)
            values = _checked_item_values(plan, **fields)
            changes = {
                k: (getattr(cap_item, k), v) for k, v in values.items() if getattr(cap_item, k) != v
            }
            if stored is not None:
                assert document_date is not None  # set with the file above
                evidence = Evidence.objects.create(
                    audit=plan.audit,
                    item=cap_item.item,
                    file=stored.key,
                    original_name=stored.original_name,
                    content_type=stored.content_type,
                    size=stored.size,
                    sha256=stored.sha256,
                    document_date=document_date,
                    uploaded_by=by,
                )
                changes["evidence"] = (
                    cap_item.evidence.original_name if cap_item.evidence is not None else None,
                    stored.original_name,
                )
                values["evidence"] = evidence
            for key, value in values.items():
                setattr(cap_item, key, value)
            if changes:
                cap_item.save()
                record(
                    subject=plan,
                    actor=by,
                    action=AuditAction.CAP_ITEM_UPDATED,
                    changes={f"item {cap_item.order} {k}": v for k, v in changes.items()},
                )
    except BaseException:
        if stored is not None:
            discard_stored(stored.key)
        raise
    return cap_item


def cap_problems(plan: CorrectiveActionPlan) -> list[str]:
    """Why the plan cannot be submitted yet: every item needs an owner and a target date."""
    problems = []
    items = list(plan.items.order_by("order"))
    if not items:
        problems.append(_("Add at least one action to the plan."))
    for item in items:
        missing = []
        if not item.owner.strip():
            missing.append(_("an owner"))
        if item.target_date is None:
            missing.append(_("a target date"))
        if missing:
            problems.append(
                _("Action %(n)s (%(what)s) needs %(missing)s.")
                % {
                    "n": item.order,
                    "what": item.deficiency,  # whole: a cut left "…it needs 10"
                    "missing": _(" and ").join(missing),
                }
            )
    return problems


_ALREADY_SUBMITTED = gettext_lazy("This plan was already submitted.")
_NOT_SUBMITTABLE: dict[str, Any] = {
    CapStatus.APPROVED: gettext_lazy("This plan was already approved."),
    CapStatus.CLOSED: gettext_lazy(
        "This plan was closed when the COR process restarted; start a new internal audit."
    ),
}


@transaction.atomic
def cap_submit(*, plan: CorrectiveActionPlan, by) -> CorrectiveActionPlan:
    require_role(
        by,
        "audits.submit_cap",
        plan,
        _("Only the Senior Management Representative submits the corrective action plan."),
    )
    plan = _locked(plan)
    if not CAP_FLOW.can(plan, AuditAction.CAP_SUBMITTED):
        raise DomainError(_NOT_SUBMITTABLE.get(plan.status, _ALREADY_SUBMITTED), field="plan")
    problems = cap_problems(plan)
    if problems:
        raise DomainError(" ".join(problems), field="items")
    CAP_FLOW.move(
        plan, AuditAction.CAP_SUBMITTED, by=by, submitted_at=timezone.now(), submitted_by=by
    )
    audit = plan.audit
    if audit.kind in EXTERNAL_AUDIT_KINDS:
        # After an external audit the plan goes to the external auditor, who comments.
        recipients = [audit.engagement.auditor.user]
    else:
        reviewer = audit.internal_review.reviewer
        recipients = [reviewer] if reviewer is not None else list(intake_staff())
    notify(
        users=recipients,
        subject=Localized(
            gettext_lazy("Corrective action plan submitted: %(account)s"),
            {"account": account_text(audit)},
        ),
        body=Localized(
            gettext_lazy(
                "Review the corrective action plan and approve it or return it with reasons."
            )
        ),
        url=cap_url(plan),
        kind="cap_submitted",
    )
    return plan


def _check_decidable(plan: CorrectiveActionPlan, by) -> CorrectiveActionPlan:
    require_role(by, "audits.decide_cap", plan, DECIDE_CAP_STAFF_ONLY)
    plan = _locked(plan)
    # Approve and return start from the same states (CAP_FLOW).
    if not CAP_FLOW.can(plan, AuditAction.CAP_APPROVED):
        raise DomainError(
            _("Only a submitted plan can be approved or returned; this one is %(status)s.")
            % {"status": plan.get_status_display().lower()},
            field="plan",
        )
    return plan


def _tell_smrs(plan: CorrectiveActionPlan, subject, body: Localized) -> None:
    """`subject`: a lazy msgid with %(account)s."""
    audit = plan.audit
    notify(
        users=smrs_of(audit),
        subject=Localized(subject, {"account": account_text(audit)}),
        body=body,
        url=cap_url(plan),
        kind="cap_decided",
    )


@transaction.atomic
def cap_approve(*, plan: CorrectiveActionPlan, by) -> CorrectiveActionPlan:
    plan = _check_decidable(plan, by)
    CAP_FLOW.move(
        plan,
        AuditAction.CAP_APPROVED,
        by=by,
        decided_by=by,
        decided_at=timezone.now(),
        return_reason="",
    )
    if (
        plan.audit.kind == AuditKind.INTERNAL_MAINTENANCE
        and plan.purpose == CapPurpose.DEFICIENCIES
    ):
        # The maintenance CAP with its supporting documentation, approved: the deficiencies
        # are corrected (D8 met) and the Letter of Good Standing issued [001 §2.4].
        from certification.services.maintenance import (
            lgs_issue,
            maintenance_deficiencies_corrected,
            year_of_audit,
        )

        year = maintenance_deficiencies_corrected(year=year_of_audit(plan.audit_id), by=by)
        lgs_issue(year=year, by=by, source_audit_id=plan.audit_id)
        return plan
    _tell_smrs(
        plan,
        gettext_lazy("Corrective action plan approved: %(account)s"),
        Localized(
            gettext_lazy("Your corrective action plan was approved. Schedule your external audit.")
        ),
    )
    return plan


@transaction.atomic
def cap_return(*, plan: CorrectiveActionPlan, by, reason: str) -> CorrectiveActionPlan:
    # Who may decide first: a forbidden caller is refused whatever reason it gave.
    require_role(by, "audits.decide_cap", plan, DECIDE_CAP_STAFF_ONLY)
    reason = required_text(
        reason,
        limit=CAP_RETURN_REASON_MAX_LENGTH,
        field="reason",
        missing=_("Give the reasons the plan is returned, so the employer can change it."),
    )
    plan = _check_decidable(plan, by)
    CAP_FLOW.move(
        plan,
        AuditAction.CAP_RETURNED,
        by=by,
        reason=reason,
        decided_by=by,
        decided_at=timezone.now(),
        return_reason=reason,
    )
    _tell_smrs(
        plan,
        gettext_lazy("Corrective action plan returned: %(account)s"),
        Localized(
            gettext_lazy("Change the plan and submit it again. Reasons: %(reason)s"),
            {"reason": reason},
        ),
    )
    return plan
