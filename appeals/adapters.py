"""One adapter per kind of appealable decision [001 §7]. An adapter knows, for its decision:
the facts the filing rule needs (appeals.eligibility), who made the decision (the level-1
decider), how to describe it, and how an upheld appeal overturns it — through the owning
app's own service, so certificates, deadlines and history follow the normal paths.

A new appealable decision (e.g. a maintenance review, whose overturn issues a Letter of Good
Standing) is a new adapter registered here; the appeal services do not change."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from audits.enums import AuditKind, EngagementStatus, InternalReviewStatus
from audits.models import Evidence, ExternalEngagement, InternalReview
from certification.models import WsibAccount
from cor_portal.history.services import record

from .eligibility import DecisionFacts
from .enums import AppealAction, DecisionKind


class Adapter(Protocol):
    kind: str

    def facts(self, decision: Any) -> DecisionFacts: ...
    def decision_maker(self, decision: Any): ...
    def account(self, decision: Any) -> WsibAccount: ...
    def summary(self, decision: Any) -> str: ...
    def audit_id(self, decision: Any) -> int | None: ...
    def overturn(self, decision: Any, *, by, reason: str) -> None: ...


def _evidence_ids(audit_id: int | None) -> frozenset[int]:
    if audit_id is None:
        return frozenset()
    return frozenset(Evidence.objects.filter(audit_id=audit_id).values_list("pk", flat=True))


@dataclass(frozen=True)
class ExternalReportAdapter:
    """A failed external audit report; decided at level 1 by its external auditor."""

    kind: str = DecisionKind.EXTERNAL_REPORT

    def facts(self, decision: ExternalEngagement) -> DecisionFacts:
        return DecisionFacts(
            kind=self.kind,
            initial_internal=False,
            decided=decision.report_approved_on is not None,
            appealable_outcome=decision.status == EngagementStatus.FAILED,
            received_on=decision.report_approved_on,
            evidence_ids=_evidence_ids(decision.audit_id),
        )

    def decision_maker(self, decision: ExternalEngagement):
        return decision.auditor.user

    def account(self, decision: ExternalEngagement) -> WsibAccount:
        return decision.wsib_account

    def audit_id(self, decision: ExternalEngagement) -> int | None:
        return decision.audit_id

    def summary(self, decision: ExternalEngagement) -> str:
        return _("External audit report of %(board)s account %(account)s: %(status)s") % {
            "board": decision.wsib_account.account_label,
            "account": decision.wsib_account.account_number,
            "status": decision.get_status_display(),
        }

    def overturn(self, decision: ExternalEngagement, *, by, reason: str) -> None:
        from audits.services.overturn import external_failure_overturn

        external_failure_overturn(engagement=decision, by=by, reason=reason)


@dataclass(frozen=True)
class InternalReviewAdapter:
    """A "not confirmed" desk review of a later (non-initial) internal audit; decided at
    level 1 by its reviewer. Initial internal audits cannot be appealed."""

    kind: str = DecisionKind.INTERNAL_REVIEW

    def facts(self, decision: InternalReview) -> DecisionFacts:
        return DecisionFacts(
            kind=self.kind,
            initial_internal=decision.kind == AuditKind.INITIAL_INTERNAL,
            decided=decision.report_issued_on is not None,
            appealable_outcome=decision.status == InternalReviewStatus.NOT_CONFIRMED,
            received_on=decision.report_issued_on,
            evidence_ids=_evidence_ids(decision.audit_id),
        )

    def decision_maker(self, decision: InternalReview):
        return decision.reviewer

    def account(self, decision: InternalReview) -> WsibAccount:
        return decision.wsib_account

    def audit_id(self, decision: InternalReview) -> int | None:
        return decision.audit_id

    def summary(self, decision: InternalReview) -> str:
        return _("%(kind)s review of %(board)s account %(account)s: %(status)s") % {
            "kind": decision.get_kind_display(),
            "board": decision.wsib_account.account_label,
            "account": decision.wsib_account.account_number,
            "status": decision.get_status_display(),
        }

    def overturn(self, decision: InternalReview, *, by, reason: str) -> None:
        from audits.services.overturn import review_failure_overturn

        review_failure_overturn(internal_review=decision, by=by, reason=reason)


_adapters: dict[str, Adapter] = {}


def register_adapter(adapter: Adapter) -> Adapter:
    _adapters[str(adapter.kind)] = adapter
    return adapter


def adapter_for(kind: str) -> Adapter:
    try:
        return _adapters[str(kind)]
    except KeyError as exc:
        raise LookupError(f"No appeal adapter for decision kind {kind!r}") from exc


def outcome_kept(decision: Any, *, by, reason: str) -> None:
    """A denied final appeal leaves the outcome: say so in the decision's history."""
    record(subject=decision, actor=by, action=AppealAction.OUTCOME_KEPT, reason=reason)


register_adapter(ExternalReportAdapter())
register_adapter(InternalReviewAdapter())
