"""The employer's side of an internal audit: start it, answer the items, attach evidence,
and — the SMR only — sign off and submit it [001 §2.4 "Internal Audit"]."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import (
    ENGAGEMENT_EDITABLE,
    EXTERNAL_AUDIT_KINDS,
    INTERNAL_AUDIT_KINDS,
    INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT,
    INTERNAL_REVIEW_EDITABLE,
    INTERNAL_REVIEW_OPEN,
    LIFECYCLE_KINDS,
    AuditAction,
    AuditKind,
    InternalReviewStatus,
    ToolStatus,
)
from audits.evidence import discard_stored, store_evidence_file
from audits.models import Audit, AuditTool, Evidence, InternalReview, Item, ItemResponse
from audits.rules import PREPARE_AUDIT_ONLY, START_AUDIT_ONLY, require_role
from audits.scoring import ScoreResult, item_score_problems, score
from audits.selectors import Answers, audit_items
from audits.submission import EvidenceFacts, ItemFacts, submission_problems
from audits.workflows import INTERNAL_REVIEW_FLOW
from certification.models import Person, WsibAccount
from certification.selectors import readiness_for_account
from cor_portal.access import require
from cor_portal.accounts.audiences import intake_staff
from cor_portal.deadlines.services import deadline_open
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, Lowercase, notify

from .common import (
    D1,
    REVIEW_DAYS,
    account_text,
    audit_url,
    checked_item_score,
    locked,
    review_of,
)
from .tool import published_tool


class SubmissionRefused(DomainError):
    """The audit cannot be submitted; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems), field="audit")
        self.problems = problems

    def as_dict(self) -> dict[str, list[str]]:
        return {"audit": list(self.problems)}


def _require_preparer(by, audit: Audit) -> None:
    require_role(by, "audits.prepare_audit", audit, PREPARE_AUDIT_ONLY)


def _check_editable(audit: Audit) -> None:
    if audit.kind in EXTERNAL_AUDIT_KINDS:
        # The external audit's items are scored by its auditor while it is in progress (or
        # its report was returned) — the same responses and evidence as every audit.
        engagement = audit.engagement
        if engagement.status not in ENGAGEMENT_EDITABLE:
            raise DomainError(
                _("This external audit is %(status)s; it can no longer be changed.")
                % {"status": engagement.get_status_display().lower()},
                field="audit",
            )
        return
    review = review_of(audit)
    if review.status not in INTERNAL_REVIEW_EDITABLE:
        raise DomainError(
            _("This audit is %(status)s; it can no longer be changed.")
            % {"status": review.get_status_display().lower()},
            field="audit",
        )


def _check_item(audit: Audit, item: Item) -> None:
    if item is None or item.tool_id != audit.tool_id:
        raise DomainError(
            _("Choose an item of this audit's tool (%(tool)s).") % {"tool": audit.tool},
            field="item",
        )


# --- start --------------------------------------------------------------------------------


@transaction.atomic
def audit_start(
    *,
    wsib_account: WsibAccount,
    kind: str,
    internal_auditor: Person,
    by,
    tool: AuditTool | None = None,
) -> Audit:
    """Start an internal audit of `wsib_account`, prepared by `internal_auditor`."""
    require(by, "audits.start_audit", wsib_account, str(START_AUDIT_ONLY))
    if kind not in INTERNAL_AUDIT_KINDS:
        raise DomainError(_("Choose the kind of internal audit."), field="kind")
    if kind not in LIFECYCLE_KINDS:
        # Bug c: its review (the maintenance review) comes with its own issue; until then
        # it would skip the readiness check and the one-open rule.
        raise DomainError(
            _("A %(kind)s cannot be started yet; start the initial internal audit.")
            % {"kind": AuditKind(kind).label.lower()},
            field="kind",
        )
    # The account's organization's program's version (SPEC §6.3): its benchmarks score it.
    program_code = wsib_account.organization.program_id
    if tool is None:
        tool = published_tool(program_code)
        if tool is None:
            raise DomainError(_("No audit tool is offered for new audits yet."), field="tool")
    elif tool.program_id != program_code:
        raise DomainError(
            _("The audit tool %(tool)s belongs to another program than this account's.")
            % {"tool": tool},
            field="tool",
        )
    elif tool.status != ToolStatus.PUBLISHED:
        raise DomainError(
            _("The audit tool %(tool)s is not offered for new audits.") % {"tool": tool},
            field="tool",
        )
    if (
        internal_auditor is None
        or internal_auditor.organization_id != wsib_account.organization_id
        or not internal_auditor.active
        or not internal_auditor.is_internal_auditor
    ):
        raise DomainError(
            _("Choose an active internal auditor of this organization."), field="internal_auditor"
        )
    if kind == AuditKind.INITIAL_INTERNAL:
        readiness = readiness_for_account(wsib_account)
        if not readiness.ready:
            missing = []
            for check in readiness.missing:
                missing.append(str(check.text))
                missing.extend(str(d) for d in check.details)
            raise DomainError(
                _("This account is not ready for its initial internal audit: %(missing)s")
                % {"missing": " ".join(missing)},
                field="wsib_account",
            )
    maintenance_year = None
    if kind == AuditKind.INTERNAL_MAINTENANCE:
        # For a certified account in year 2 or 3, one audit per year [SPEC §4.2].
        from certification.services.maintenance import maintenance_year_for

        maintenance_year = maintenance_year_for(wsib_account, timezone.localdate())
        if maintenance_year.audit_id is not None:
            raise DomainError(
                _("Year %(year)s of this certificate already has its maintenance audit.")
                % {"year": maintenance_year.year},
                field="wsib_account",
                code="conflict",
            )
    if kind == AuditKind.RECERTIFICATION_INTERNAL:
        from certification.services.maintenance import recertification_year_for

        recertification_year_for(wsib_account)  # an active certificate with year 4 open
        if Audit.objects.filter(
            wsib_account=wsib_account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_review__status=InternalReviewStatus.IN_PROGRESS,
        ).exists():
            raise DomainError(
                _("This account already has a recertification internal audit in progress."),
                field="wsib_account",
                code="conflict",
            )
    duplicate = _("This account already has an initial internal audit in progress.")
    if (
        kind == AuditKind.INITIAL_INTERNAL
        and InternalReview.objects.filter(
            wsib_account=wsib_account,
            kind=AuditKind.INITIAL_INTERNAL,
            status__in=INTERNAL_REVIEW_OPEN,
        ).exists()
    ):
        raise DomainError(duplicate, field="wsib_account")
    try:
        with transaction.atomic():
            audit = Audit.objects.create(
                kind=kind,
                wsib_account=wsib_account,
                tool=tool,
                internal_auditor=internal_auditor,
                prepared_by=by,
            )
            InternalReview.objects.create(audit=audit, wsib_account=wsib_account, kind=kind)
    except IntegrityError as exc:  # two starts at once
        raise DomainError(duplicate, field="wsib_account") from exc
    if maintenance_year is not None:
        from certification.services.maintenance import maintenance_audit_started

        maintenance_audit_started(year=maintenance_year, audit_id=audit.pk, by=by)
    record(
        subject=audit,
        actor=by,
        action=AuditAction.STARTED,
        to_state=InternalReviewStatus.IN_PROGRESS,
        changes={"tool": (None, str(tool)), "internal_auditor": (None, str(internal_auditor))},
    )
    return audit


# --- responses ----------------------------------------------------------------------------


def _response_text(points: int | None, na: bool, note: str) -> str:
    value = "N/A" if na else ("—" if points is None else str(points))
    return f"{value} ({note})" if note else value


@transaction.atomic
def response_save(
    *,
    audit: Audit,
    item: Item,
    points_earned: int | None,
    not_applicable: bool,
    note: str,
    by,
) -> ItemResponse:
    """Save the employer's answer to one item (creates or replaces it)."""
    _require_preparer(by, audit)
    audit = locked(audit)
    _check_editable(audit)
    _check_item(audit, item)
    points_earned, not_applicable, note = checked_item_score(
        item, points_earned=points_earned, not_applicable=not_applicable, note=note
    )
    existing = ItemResponse.objects.filter(audit=audit, item=item).first()
    before = (
        _response_text(existing.points_earned, existing.not_applicable, existing.note)
        if existing
        else None
    )
    after = _response_text(points_earned, not_applicable, note)
    if existing is None:
        response = ItemResponse.objects.create(
            audit=audit,
            item=item,
            points_earned=points_earned,
            not_applicable=not_applicable,
            note=note,
            updated_by=by,
        )
    else:
        response = existing
        if before == after:
            return response
        response.points_earned = points_earned
        response.not_applicable = not_applicable
        response.note = note
        response.updated_by = by
        response.save()
    record(
        subject=audit,
        actor=by,
        action=AuditAction.RESPONSE_SAVED,
        changes={f"item {item.number}": (before, after)},
    )
    return response


# --- evidence -----------------------------------------------------------------------------


def _current(audit: Audit) -> Audit:
    """The audit and its review as they are now, unlocked (checks before a slow step)."""
    return Audit.objects.select_related("tool", "internal_review").get(pk=audit.pk)


def evidence_attach(
    *, audit: Audit, item: Item | None, uploaded_file, document_date: date | None, by
) -> Evidence:
    """Store an evidence file (streamed, type checked by content) for the audit or one of its
    items. `document_date` is when the document was created (checked at submission).

    The file is copied to storage first, holding no lock (bug e: a colleague's item save must
    not wait for an upload); the audit row is locked only to attach it, and the checks are
    made again there. A failed attach deletes the stored file."""
    _require_preparer(by, audit)
    _check_attachable(_current(audit), item, document_date)
    stored = store_evidence_file(uploaded_file, field="file")
    try:
        with transaction.atomic():
            audit = locked(audit)
            _check_attachable(audit, item, document_date)
            assert document_date is not None  # _check_attachable refuses a missing date
            evidence = Evidence.objects.create(
                audit=audit,
                item=item,
                file=stored.key,
                original_name=stored.original_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                document_date=document_date,
                uploaded_by=by,
            )
            record(
                subject=audit,
                actor=by,
                action=AuditAction.EVIDENCE_ATTACHED,
                changes={
                    "evidence": (
                        None,
                        f"{stored.original_name} ({document_date.isoformat()}, "
                        f"sha256 {stored.sha256[:12]}…)",
                    )
                },
            )
    except BaseException:
        discard_stored(stored.key)
        raise
    return evidence


def _check_attachable(audit: Audit, item: Item | None, document_date: date | None) -> None:
    _check_editable(audit)
    if item is not None:
        _check_item(audit, item)
    if document_date is None:
        raise DomainError(_("Enter the date the document was created."), field="document_date")
    if document_date > timezone.localdate():
        raise DomainError(_("The document date cannot be in the future."), field="document_date")


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by) -> None:
    """Remove an evidence file while the audit can still be changed."""
    audit = evidence.audit
    _require_preparer(by, audit)
    audit = locked(audit)
    _check_editable(audit)
    if Evidence.objects.filter(pk=evidence.pk).delete()[0] != 1:
        raise DomainError(_("This evidence was already removed."), field="evidence")
    key = evidence.file.name
    transaction.on_commit(lambda: discard_stored(key))
    record(
        subject=audit,
        actor=by,
        action=AuditAction.EVIDENCE_REMOVED,
        changes={"evidence": (evidence.original_name, None)},
    )


# --- facts and score ----------------------------------------------------------------------


def item_facts(audit: Audit, answers: Answers | None = None) -> list[ItemFacts]:
    """Each tool item with the employer's answer (`answers`: what a page already read)."""
    if answers is None:
        responses = {r.item_id: r for r in ItemResponse.objects.filter(audit=audit)}
        tool_items = audit_items(audit)
    else:
        tool_items, responses = answers
    items = []
    for item in tool_items:
        response = responses.get(item.pk)
        items.append(
            ItemFacts(
                element_number=item.sub_section.element.number,
                item_number=item.number,
                points_possible=item.points,
                legislated=item.legislated,
                answered=response is not None,
                points_earned=response.points_earned if response else None,
                not_applicable=response.not_applicable if response else False,
                note=response.note if response else "",
            )
        )
    return items


def submission_facts(audit: Audit) -> tuple[list[ItemFacts], list[EvidenceFacts]]:
    items = item_facts(audit)
    evidence = [
        EvidenceFacts(
            original_name=e.original_name,
            document_date=e.document_date,
            item_number=e.item.number if e.item is not None else None,
        )
        for e in Evidence.objects.filter(audit=audit).select_related("item").order_by("pk")
    ]
    return items, evidence


@dataclass(frozen=True)
class LiveScore:
    """The employer's score so far: over the answered items only."""

    result: ScoreResult | None
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def employer_score(audit: Audit, *, answers: Answers | None = None) -> LiveScore:
    items = item_facts(audit, answers)
    answered = [i.as_score() for i in items if i.answered and not item_score_problems(i.as_score())]
    result = score(answered, audit.tool.benchmarks) if answered else None
    return LiveScore(result=result, answered=len(answered), total=len(items))


# --- sign off and submit ------------------------------------------------------------------


@transaction.atomic
def audit_submit(*, audit: Audit, by, signed_off: bool = False) -> Audit:
    """The SMR signs off and submits the audit; the receipt date is recorded and the
    60-day review clock (D1) starts — again, on a re-submission after a return."""
    require_role(
        by,
        "audits.submit_audit",
        audit,
        _("Only the Senior Management Representative signs off and submits the audit."),
    )
    audit = locked(audit)
    if audit.kind == AuditKind.RECERTIFICATION_INTERNAL:
        raise DomainError(
            _(
                "The recertification internal audit is not submitted for review: it is given "
                "to the external auditor at the recertification external audit."
            ),
            field="audit",
        )
    review = review_of(audit)
    if review.status not in INTERNAL_REVIEW_EDITABLE:
        if review.status in INTERNAL_REVIEW_AWAITING_PRE_ASSESSMENT:
            # Past "in progress" a review has its receipt date
            # (constraint internalreview_submitted_has_receipt).
            assert review.received_on is not None
            message = _("This audit was already submitted on %(date)s.") % {
                "date": review.received_on.isoformat()
            }
        else:
            message = _("This audit was accepted at pre-assessment; it cannot be submitted again.")
        raise DomainError(message, field="audit")
    if not signed_off:  # checked here, so no entry point (page or API) can skip the tick
        raise DomainError(
            _("Tick the sign-off to confirm the audit is complete and accurate."),
            field="sign_off",
        )
    today = timezone.localdate()
    items, evidence = submission_facts(audit)
    problems = submission_problems(items=items, evidence=evidence, submitted_on=today)
    if problems:
        raise SubmissionRefused(problems)
    action = (
        AuditAction.SUBMITTED
        if review.status == InternalReviewStatus.IN_PROGRESS
        else AuditAction.RESUBMITTED
    )
    now = timezone.now()
    # The sign-off is the audit's; the receipt starts the review.
    Audit.objects.filter(pk=audit.pk).update(signed_off_by=by, signed_off_at=now, updated_at=now)
    audit.signed_off_by, audit.signed_off_at = by, now
    due = today + timedelta(days=REVIEW_DAYS)
    receipt: dict[str, Any] = {
        "submitted_at": now,
        "received_on": today,
        "submission_count": F("submission_count") + 1,
        # The stored copy of D1's due date (opened below), which the queue sorts on.
        "review_due_on": due,
    }
    changes = {"received_on": (None, today)}
    # One call per move (the workflow table test finds each move's one call site).
    if action == AuditAction.SUBMITTED:
        INTERNAL_REVIEW_FLOW.move(review, AuditAction.SUBMITTED, by=by, changes=changes, **receipt)
    else:
        INTERNAL_REVIEW_FLOW.move(
            review, AuditAction.RESUBMITTED, by=by, changes=changes, **receipt
        )
    deadline_open(
        kind=D1,
        subject=audit,
        due_on=due,
        opened_on=today,
        title=Localized(
            gettext_lazy("Review internal audit of %(account)s"), {"account": account_text(audit)}
        ),
        url=audit_url(audit),
        organization_id=audit.wsib_account.organization_id,
        wsib_account_id=audit.wsib_account_id,
        assignee=review.reviewer,
        actor=by,
        replace=True,
    )
    if audit.kind == AuditKind.INTERNAL_MAINTENANCE:
        # D5: submitted at least 60 days before the anniversary (a late one stays missed).
        from certification.services.maintenance import maintenance_audit_received, year_of_audit

        maintenance_audit_received(year=year_of_audit(audit.pk), audit_id=audit.pk, by=by)
    subject = (
        gettext_lazy("Internal audit submitted: %(account)s")
        if action == AuditAction.SUBMITTED
        else gettext_lazy("Internal audit re-submitted: %(account)s")
    )
    notify(
        users=intake_staff(),
        subject=Localized(subject, {"account": account_text(audit)}),
        body=Localized(
            gettext_lazy(
                "%(org)s submitted the %(kind)s of %(account)s on %(date)s. Pre-assess it; the "
                "desk review is due by %(due)s."
            ),
            {
                "org": audit.wsib_account.organization,
                "kind": Lowercase(AuditKind(audit.kind).label),
                "account": account_text(audit),
                "date": today.isoformat(),
                "due": due.isoformat(),
            },
        ),
        url=audit_url(audit),
        kind="audit_submitted",
    )
    return audit
