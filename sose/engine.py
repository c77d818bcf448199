"""The action-plan engine's rules as pure functions over plain values [SPEC §6; seeds 000,
002]. No ORM, no request: the services gather the facts into these dataclasses and refuse
with every problem found, each naming its rule.

One engine, two kinds (sose.kinds): every difference between the SOSE Action Plan and the
ACSA maintenance action plan is a field of `KindConfig` — objective count bounds, milestones
per objective, weights (required and totalling exactly 100, or none), whether a deliverable
is required, the pass mark, who approves and who scores, the eligibility rules, deadlines.

Scoring and arithmetic (decided here; the seeds give no formula beyond the weights):

* Weighted kinds: a milestone's score is points from 0 to its weight (full, partial or none;
  Decimals with at most two decimals). The plan's percentage is the points earned over the
  total weight (exactly 100), as an exact `Fraction`.
* Unweighted kinds (the SOSE verification): every milestone counts as one point, achieved
  (1) or not (0); the percentage is milestones achieved over milestones. An objective is
  complete when all its milestones are.
* Pass/fail compares the exact fraction with the kind's pass mark (60 % ACSA, 100 % SOSE):
  59.99 fails 60, 60 passes; 99.99 fails 100. Shown with `audits.scoring.display_pct`
  (truncated to two decimals, consistent with the decision).
* Progress (per objective and overall) is the same arithmetic over the milestones the
  employer marked complete (weighted by their weight, or by count when unweighted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _

from audits.scoring import display_pct

HUNDRED = Fraction(100)
WEIGHT_TOTAL = Decimal("100")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class KindConfig:
    """The rules of one action-plan kind."""

    kind: str
    objectives_min: int
    objectives_max: int | None
    milestones_min: int
    milestones_max: int
    weights_required: bool  # True: every milestone weighted, total exactly 100; False: none
    deliverable_required: bool  # the milestone names its deliverable when it is planned
    pass_mark_pct: Decimal
    approver: str  # sose.enums.Approver
    scorer: str  # sose.enums.Approver
    self_scored: bool  # the employer self-scores each milestone in the final submission
    verification_plan: bool  # the associate auditor records scope and cost before verifying
    objectives_from_cap: bool  # objectives cover every CAP item of the last external audit
    objectives_from_recommendations_min: int  # objectives based on the last audit's advice
    needs_participants: bool  # the proposal lists participants (with training) and org chart
    final_returnable: bool  # the scorer may return the final submission for amendments
    eligibility_rules: tuple[str, ...]
    deadlines: tuple[str, ...]

    def passes(self, pct: Fraction | None) -> bool:
        return pct is not None and pct >= Fraction(self.pass_mark_pct)


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    field: str = "plan"


# --- the plan's shape -----------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneShape:
    label: str  # "1.2": objective 1, milestone 2 (for messages)
    description: str = ""
    assignee: str = ""
    target_date: date | None = None
    deliverable: str = ""
    weight: Decimal | None = None


@dataclass(frozen=True)
class ObjectiveShape:
    label: str  # "1"
    statement: str = ""
    measure: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    cap_item_id: int | None = None
    from_recommendation: bool = False
    milestones: tuple[MilestoneShape, ...] = field(default_factory=tuple)


def decimal_problem(value: object, *, what: str) -> str | None:
    """A points or weight value must be an exact Decimal (or int) with at most two decimals."""
    if isinstance(value, (bool, float)):
        return _("%(what)s must be a number with at most two decimals.") % {"what": what}
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("%(what)s must be a number with at most two decimals.") % {"what": what}
    if not number.is_finite() or number != number.quantize(CENT):
        return _("%(what)s must be a number with at most two decimals.") % {"what": what}
    return None


def _count_bounds(n: int, low: int, high: int | None) -> bool:
    return n >= low and (high is None or n <= high)


def plan_problems(
    config: KindConfig,
    objectives: Sequence[ObjectiveShape],
    *,
    cap_items: Mapping[int, str] | None = None,
) -> list[Problem]:
    """Everything that keeps `objectives` from being submitted as a plan of `config`'s kind
    (empty: it may be submitted). `cap_items` are the corrective-action items the plan must
    cover ({id: description}), for kinds whose objectives come from the CAP."""
    problems: list[Problem] = []
    n = len(objectives)
    if not _count_bounds(n, config.objectives_min, config.objectives_max):
        if config.objectives_max is None:
            message = _("A plan needs at least %(min)s objective(s); it has %(n)s.") % {
                "min": config.objectives_min,
                "n": n,
            }
        else:
            message = _("A plan needs %(min)s to %(max)s objectives; it has %(n)s.") % {
                "min": config.objectives_min,
                "max": config.objectives_max,
                "n": n,
            }
        problems.append(Problem("objective_count", message, "objectives"))
    weights: list[Decimal] = []
    weight_missing = False
    for objective in objectives:
        label = {"objective": objective.label}
        if not objective.statement.strip():
            problems.append(
                Problem(
                    "objective_statement",
                    _("Objective %(objective)s: write its specific statement.") % label,
                    "statement",
                )
            )
        if not objective.measure.strip():
            problems.append(
                Problem(
                    "objective_measure",
                    _("Objective %(objective)s: say how it is measured.") % label,
                    "measure",
                )
            )
        if objective.starts_on is None or objective.ends_on is None:
            problems.append(
                Problem(
                    "objective_dates",
                    _("Objective %(objective)s: give its start and end dates.") % label,
                    "starts_on",
                )
            )
        elif objective.ends_on < objective.starts_on:
            problems.append(
                Problem(
                    "objective_dates",
                    _("Objective %(objective)s ends before it starts.") % label,
                    "ends_on",
                )
            )
        m = len(objective.milestones)
        if not _count_bounds(m, config.milestones_min, config.milestones_max):
            problems.append(
                Problem(
                    "milestone_count",
                    _("Objective %(objective)s needs %(min)s to %(max)s milestones; it has %(n)s.")
                    % {
                        **label,
                        "min": config.milestones_min,
                        "max": config.milestones_max,
                        "n": m,
                    },
                    "milestones",
                )
            )
        for milestone in objective.milestones:
            problems.extend(_milestone_problems(config, milestone))
            if milestone.weight is None:
                weight_missing = True
            elif decimal_problem(milestone.weight, what="w") is None:
                weights.append(Decimal(str(milestone.weight)))
    if config.weights_required and objectives and not weight_missing:
        total = sum(weights, Decimal(0))
        if total != WEIGHT_TOTAL:
            problems.append(
                Problem(
                    "weight_total",
                    _("The milestones' weights total %(total)s; they must total exactly 100.")
                    % {"total": _plain(total)},
                    "weight",
                )
            )
    if config.objectives_from_cap:
        problems.extend(cap_coverage_problems(objectives, cap_items or {}))
    if config.objectives_from_recommendations_min:
        based = sum(1 for o in objectives if o.from_recommendation)
        if based < config.objectives_from_recommendations_min:
            problems.append(
                Problem(
                    "objective_from_recommendations",
                    _(
                        "At least one objective must be based on the recommendations of the "
                        "last certification audit."
                    ),
                    "from_recommendation",
                )
            )
    return problems


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def _milestone_problems(config: KindConfig, milestone: MilestoneShape) -> list[Problem]:
    label = {"milestone": milestone.label}
    problems: list[Problem] = []
    if not milestone.description.strip():
        problems.append(
            Problem(
                "milestone_description",
                _("Milestone %(milestone)s: describe the step.") % label,
                "description",
            )
        )
    if not milestone.assignee.strip():
        problems.append(
            Problem(
                "milestone_assignee",
                _("Milestone %(milestone)s: assign it to a person or group.") % label,
                "assignee",
            )
        )
    if milestone.target_date is None:
        problems.append(
            Problem(
                "milestone_target_date",
                _("Milestone %(milestone)s: give its target date.") % label,
                "target_date",
            )
        )
    if config.deliverable_required and not milestone.deliverable.strip():
        problems.append(
            Problem(
                "milestone_deliverable",
                _("Milestone %(milestone)s: name its deliverable.") % label,
                "deliverable",
            )
        )
    if config.weights_required:
        problems.extend(weight_problems(milestone.weight, label=milestone.label))
    elif milestone.weight is not None:
        problems.append(
            Problem(
                "weight_not_used",
                _("Milestone %(milestone)s: this kind of plan has no weights.") % label,
                "weight",
            )
        )
    return problems


def weight_problems(weight: object, *, label: str) -> list[Problem]:
    values = {"milestone": label}
    if weight is None or weight == "":
        return [
            Problem(
                "milestone_weight",
                _("Milestone %(milestone)s: give its weight.") % values,
                "weight",
            )
        ]
    bad = decimal_problem(weight, what=_("Milestone %(milestone)s: the weight") % values)
    if bad:
        return [Problem("milestone_weight", bad, "weight")]
    if Decimal(str(weight)) <= 0:
        return [
            Problem(
                "milestone_weight",
                _("Milestone %(milestone)s: the weight must be more than 0.") % values,
                "weight",
            )
        ]
    return []


def cap_coverage_problems(
    objectives: Iterable[ObjectiveShape], cap_items: Mapping[int, str]
) -> list[Problem]:
    """Every corrective-action item no objective covers, named."""
    covered = {o.cap_item_id for o in objectives if o.cap_item_id is not None}
    return [
        Problem(
            "cap_item_uncovered",
            _("No objective covers the corrective action item “%(item)s”.") % {"item": text},
            "objectives",
        )
        for item_id, text in cap_items.items()
        if item_id not in covered
    ]


# --- scores ---------------------------------------------------------------------------------


def score_problems(score: object, *, weight: Decimal, label: str) -> list[Problem]:
    """A self-score or a score of record: from 0 to the milestone's weight, two decimals."""
    values = {"milestone": label, "weight": _plain(Decimal(str(weight)))}
    if score is None or score == "":
        return [
            Problem(
                "score_missing", _("Milestone %(milestone)s: give its score.") % values, "score"
            )
        ]
    bad = decimal_problem(score, what=_("Milestone %(milestone)s: the score") % values)
    if bad:
        return [Problem("score_format", bad, "score")]
    number = Decimal(str(score))
    if number < 0:
        return [
            Problem(
                "score_negative",
                _("Milestone %(milestone)s: a score cannot be negative.") % values,
                "score",
            )
        ]
    if number > Decimal(str(weight)):
        return [
            Problem(
                "score_above_weight",
                _("Milestone %(milestone)s: the score cannot exceed its weight (%(weight)s).")
                % values,
                "score",
            )
        ]
    return []


@dataclass(frozen=True)
class MilestoneScore:
    objective: str  # the objective's label
    weight: Decimal  # 1 for unweighted kinds
    points: Decimal | None  # None: not scored (counts as 0)


@dataclass(frozen=True)
class PlanScore:
    earned: Fraction
    possible: Fraction
    pct: Fraction | None
    per_objective: dict[str, Fraction | None]
    passed: bool

    @property
    def display(self) -> str:
        return display_pct(self.pct)


def weighted_score(config: KindConfig, milestones: Sequence[MilestoneScore]) -> PlanScore:
    """The plan's percentage (exact), each objective's, and whether the pass mark is met."""
    earned = Fraction(0)
    possible = Fraction(0)
    by_objective: dict[str, list[Fraction]] = {}
    for m in milestones:
        weight = Fraction(Decimal(str(m.weight)))
        points = Fraction(Decimal(str(m.points))) if m.points is not None else Fraction(0)
        if points < 0 or points > weight:
            raise ValueError(f"points {m.points} outside 0..{m.weight}")
        earned += points
        possible += weight
        pair = by_objective.setdefault(m.objective, [Fraction(0), Fraction(0)])
        pair[0] += points
        pair[1] += weight
    pct = earned * HUNDRED / possible if possible else None
    per_objective = {
        label: (e * HUNDRED / p if p else None) for label, (e, p) in by_objective.items()
    }
    return PlanScore(
        earned=earned,
        possible=possible,
        pct=pct,
        per_objective=per_objective,
        passed=config.passes(pct),
    )


def pct_as_decimal(pct: Fraction | None) -> Decimal | None:
    """The percentage as stored: Decimal truncated to two decimals (as displayed)."""
    if pct is None:
        return None
    return Decimal(display_pct(pct))


@dataclass(frozen=True)
class MilestoneProgress:
    objective: str
    weight: Decimal  # 1 for unweighted kinds
    complete: bool


def progress(milestones: Sequence[MilestoneProgress]) -> tuple[Fraction | None, dict]:
    """Overall and per-objective progress (share of weight, or of milestones, complete)."""
    score = weighted_score(
        _PROGRESS,
        [
            MilestoneScore(m.objective, m.weight, m.weight if m.complete else Decimal(0))
            for m in milestones
        ],
    )
    return score.pct, score.per_objective


_PROGRESS = KindConfig(
    kind="progress",
    objectives_min=0,
    objectives_max=None,
    milestones_min=0,
    milestones_max=0,
    weights_required=False,
    deliverable_required=False,
    pass_mark_pct=Decimal(100),
    approver="",
    scorer="",
    self_scored=False,
    verification_plan=False,
    objectives_from_cap=False,
    objectives_from_recommendations_min=0,
    needs_participants=False,
    final_returnable=False,
    eligibility_rules=(),
    deadlines=(),
)


# --- deliverables ---------------------------------------------------------------------------


def deliverable_problems(*, document_date: date | None, milestone_label: str) -> list[Problem]:
    """A deliverable must be dated and labelled with its milestone [002 "Deliverables"]; the
    label is the milestone it is attached to (the export names the file after it)."""
    problems = []
    if document_date is None:
        problems.append(
            Problem(
                "deliverable_undated",
                _("The deliverable must be dated: give the date on the document."),
                "document_date",
            )
        )
    if not milestone_label:
        problems.append(
            Problem(
                "deliverable_unlabelled",
                _("Say which milestone the deliverable is for."),
                "milestone",
            )
        )
    return problems


def export_name(
    *, objective: int, milestone: int, index: int, title: str, extension: str, taken: set[str]
) -> str:
    """The zip's naming convention: `Objective-01/O01-M02-03_<title>.<ext>` — objective,
    milestone and the document's place, then a file-system-safe title; a name already taken
    in the archive gets `-2`, `-3`… (no collisions)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in title).strip("-_")[:60]
    safe = "-".join(part for part in safe.split("-") if part) or "document"
    ext = "".join(c for c in extension.lower() if c.isalnum())[:8]
    stem = f"Objective-{objective:02d}/O{objective:02d}-M{milestone:02d}-{index:02d}_{safe}"
    name = f"{stem}.{ext}" if ext else stem
    n = 2
    while name.lower() in taken:
        name = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
        n += 1
    taken.add(name.lower())
    return name
