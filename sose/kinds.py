"""The configuration of each action-plan kind [SPEC §6.1, §6.2; seeds 000, 002]. A program
offers kinds by code (certification.Program.action_plan_kinds); everything that differs
between the SOSE Action Plan and the ACSA maintenance action plan is a value here, never an
`if` on a kind or a province in the engine, the services or the pages."""

from decimal import Decimal

from .engine import KindConfig
from .enums import Approver, PlanKind

# Eligibility rules, by name (sose.eligibility decides each).
COR2020_EXTERNAL_AUDIT = "cor2020_external_audit"
NOT_ALREADY_SOSE_READY = "not_already_sose_ready"
SOSE_WINDOW_OPEN = "sose_window_open"
CERTIFIED = "certified"
CERTIFIED_AUDITOR_ON_STAFF = "certified_auditor_on_staff"
FULL_CYCLE_COMPLETED = "full_cycle_completed"
SECOND_PLAN_OVER_80 = "second_plan_over_80"
ONE_OPEN_PLAN = "one_open_plan"

SOSE_SAP = KindConfig(
    kind=PlanKind.SOSE_SAP,
    # One objective at least; as many as the external audit's corrective actions need.
    objectives_min=1,
    objectives_max=None,
    milestones_min=2,
    milestones_max=5,
    weights_required=False,
    deliverable_required=False,  # evidence, attached as the milestone is implemented
    pass_mark_pct=Decimal("100"),
    approver=Approver.LEAD_AUDITOR,
    scorer=Approver.ASSOCIATE_AUDITOR,
    self_scored=False,
    verification_plan=True,
    objectives_from_cap=True,
    objectives_from_recommendations_min=0,
    needs_participants=False,
    final_returnable=False,
    eligibility_rules=(
        COR2020_EXTERNAL_AUDIT,
        NOT_ALREADY_SOSE_READY,
        SOSE_WINDOW_OPEN,
        ONE_OPEN_PLAN,
    ),
    deadlines=("D12",),
)

ACSA_MAINTENANCE = KindConfig(
    kind=PlanKind.ACSA_MAINTENANCE,
    objectives_min=3,
    objectives_max=7,
    milestones_min=2,
    milestones_max=5,
    weights_required=True,
    deliverable_required=True,
    pass_mark_pct=Decimal("60"),
    approver=Approver.QA_REVIEWER,
    scorer=Approver.QA_REVIEWER,
    self_scored=True,
    verification_plan=False,
    objectives_from_cap=False,
    objectives_from_recommendations_min=1,
    needs_participants=True,
    final_returnable=True,
    eligibility_rules=(
        CERTIFIED,
        CERTIFIED_AUDITOR_ON_STAFF,
        FULL_CYCLE_COMPLETED,
        SECOND_PLAN_OVER_80,
        ONE_OPEN_PLAN,
    ),
    deadlines=("D18", "D19"),
)

KINDS: dict[str, KindConfig] = {c.kind: c for c in (SOSE_SAP, ACSA_MAINTENANCE)}


def config_of(kind: str) -> KindConfig:
    try:
        return KINDS[kind]
    except KeyError as exc:
        raise LookupError(f"Unknown action-plan kind {kind!r}") from exc
