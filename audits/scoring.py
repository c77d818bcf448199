"""Scoring an audit [001 §2.3, SPEC §3] as a pure function over plain values.

An audit passes when
  - the overall score is at least the tool's overall benchmark (IHSA: 80 %), and
  - every element scores at least the element benchmark (IHSA: 65 %), and
  - every legislated item scores at least the legislated benchmark (IHSA: 100 %, full points).

Rules this module decides (the seed and public sources do not say):

* Not applicable (N/A) items are left out of both sides: out of the points earned and out of
  the points possible, for the element and for the overall score. An N/A item needs a note
  saying why. An N/A item's `points_earned` is ignored, so changing it never changes a result.
* An element whose items are all N/A has no percentage (`None`, shown as "N/A") and cannot
  fail the element benchmark. A legislated item marked N/A cannot fail either.
* If every item of the audit is N/A there is nothing to score: the overall percentage is
  `None` and the result fails with one `NOTHING_SCORED` failure.
* Points are whole numbers from 0 to the item's points possible (partial points allowed).

Arithmetic and rounding:

* Every percentage is an exact `fractions.Fraction` (earned * 100 / possible); benchmarks are
  `Decimal`s with at most two decimals. Pass/fail compares the exact fraction with the exact
  benchmark: nothing is rounded before the comparison, so 79.995 % is below 80 % and fails.
* For display, `display_pct()` truncates toward zero to two decimals (79.999… → "79.99").
  Truncation (not half-up or half-even rounding) keeps the shown figure consistent with the
  decision: a score below a two-decimal benchmark always shows below it, and a score at or
  above it always shows at or above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError
from cor_portal.formatting import pct

from .enums import FailureKind

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Benchmarks:
    """The pass marks of one audit-tool version, in percent. IHSA COR 2020: 80 / 65 / 100."""

    overall_pct: Decimal = Decimal("80")
    element_pct: Decimal = Decimal("65")
    legislated_pct: Decimal = Decimal("100")


IHSA_BENCHMARKS = Benchmarks()


@dataclass(frozen=True)
class ItemScore:
    """One item of an audit as scored. Build it from an audit's item response row."""

    element_number: int
    item_number: str
    points_possible: int
    points_earned: int | None
    not_applicable: bool = False
    note: str = ""
    legislated: bool = False


@dataclass(frozen=True)
class Failure:
    """One missed benchmark. `element` is None for the overall score; `item` is set for a
    legislated item. `actual` is the exact percentage (None when nothing was scored)."""

    kind: FailureKind
    element: int | None
    item: str | None
    required: Decimal
    actual: Fraction | None

    def facts(self) -> dict[str, object]:
        """The failure as JSON-safe facts, stored with a CAP item so its sentence can be
        written again in the reader's language (exact: `actual` as a fraction)."""
        return {
            "kind": str(self.kind),
            "element": self.element,
            "item": self.item,
            "required": str(self.required),
            "actual": None if self.actual is None else str(self.actual),
        }

    @classmethod
    def from_facts(cls, facts: dict[str, Any]) -> Failure:
        actual = facts.get("actual")
        return cls(
            kind=FailureKind(facts["kind"]),
            element=facts.get("element"),
            item=facts.get("item"),
            required=Decimal(facts["required"]),
            actual=None if actual is None else Fraction(actual),
        )

    def describe(self) -> str:
        """One sentence for the written report, the CAP and the SAP, in the active language:
        its figures with that language's decimal mark (79.99 / 79,99), formatted here, when
        the sentence is read; `actual` itself stays exact."""
        values = {
            "actual": pct(display_pct(self.actual)),
            "required": number_format(self.required),
            "element": self.element,
            "item": self.item,
        }
        if self.kind == FailureKind.OVERALL:
            text = _("Overall score %(actual)s %% is below the required %(required)s %%.")
        elif self.kind == FailureKind.ELEMENT:
            text = _(
                "Element %(element)s scored %(actual)s %%, below the required %(required)s %%."
            )
        elif self.kind == FailureKind.LEGISLATED_ITEM:
            text = _(
                "Legislated item %(item)s (element %(element)s) scored %(actual)s %%; "
                "it needs %(required)s %%."
            )
        else:
            text = _("Every item is marked not applicable: there is nothing to score.")
        return str(text) % values


@dataclass(frozen=True)
class ElementScore:
    element: int
    points_earned: int
    points_possible: int

    @property
    def pct(self) -> Fraction | None:
        return percentage(self.points_earned, self.points_possible)


@dataclass(frozen=True)
class ScoreResult:
    overall_pct: Fraction | None
    element_pcts: dict[int, Fraction | None]
    failures: tuple[Failure, ...]
    passed: bool
    points_earned: int
    points_possible: int
    elements: tuple[ElementScore, ...] = field(default=())

    @property
    def overall_display(self) -> str:
        return display_pct(self.overall_pct)


class ScoreInputError(DomainError):
    """The item scores are not valid input; `problems` lists every one, naming the item."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems), field="items")
        self.problems = problems


def percentage(earned: int, possible: int) -> Fraction | None:
    """Exact percentage, or None when nothing was possible (all N/A)."""
    if possible == 0:
        return None
    return Fraction(earned) * HUNDRED / possible


def display_pct(pct: Fraction | None) -> str:
    """Two decimals, truncated toward zero (see the module docstring). None → "N/A"."""
    if pct is None:
        return "N/A"
    hundredths = pct.numerator * 100 // pct.denominator  # floor; percentages are never < 0
    return str((Decimal(hundredths) / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def _is_whole(value: object) -> bool:
    # bool is an int subclass; True is not "1 point". Floats are never accepted (exactness).
    return isinstance(value, int) and not isinstance(value, bool)


def item_score_problems(item: ItemScore) -> list[str]:
    """Everything wrong with one item's score, each message naming the item."""
    values = {"item": item.item_number}
    problems: list[str] = []
    if not _is_whole(item.points_possible) or item.points_possible < 1:
        problems.append(
            _("Item %(item)s: points possible must be a whole number of at least 1.") % values
        )
        return problems
    if item.not_applicable:
        if not (item.note or "").strip():
            problems.append(
                _("Item %(item)s: a not-applicable item needs a note saying why.") % values
            )
        return problems
    earned = item.points_earned
    if earned is None:
        problems.append(
            _("Item %(item)s: not scored yet; enter the points earned or mark it N/A.") % values
        )
    elif not _is_whole(earned):
        problems.append(_("Item %(item)s: points earned must be a whole number.") % values)
    elif earned < 0:
        problems.append(
            _("Item %(item)s: points earned cannot be negative (got %(earned)s).")
            % {**values, "earned": earned}
        )
    elif earned > item.points_possible:
        problems.append(
            _(
                "Item %(item)s: points earned (%(earned)s) cannot exceed the item's "
                "%(possible)s points."
            )
            % {**values, "earned": earned, "possible": item.points_possible}
        )
    return problems


def score_problems(items: Iterable[ItemScore]) -> list[str]:
    """Every problem with a whole audit's item scores (each item, then duplicates)."""
    problems: list[str] = []
    seen: set[str] = set()
    for item in items:
        problems.extend(item_score_problems(item))
        if item.item_number in seen:
            problems.append(_("Item %(item)s: scored more than once.") % {"item": item.item_number})
        seen.add(item.item_number)
    return problems


def _meets(actual: Fraction, required: Decimal) -> bool:
    return actual >= Fraction(required)


def score(items: Iterable[ItemScore], benchmarks: Benchmarks = IHSA_BENCHMARKS) -> ScoreResult:
    """Score an audit. Raises ScoreInputError listing every invalid item score.

    Failures come in this order: overall, then elements (in the order their first item
    appears), then legislated items (in input order)."""
    items = list(items)
    problems = score_problems(items)
    if problems:
        raise ScoreInputError(problems)

    earned_by_element: dict[int, int] = {}
    possible_by_element: dict[int, int] = {}
    legislated_failures: list[Failure] = []
    for item in items:
        earned_by_element.setdefault(item.element_number, 0)
        possible_by_element.setdefault(item.element_number, 0)
        if item.not_applicable:
            continue
        earned = int(item.points_earned or 0)
        earned_by_element[item.element_number] += earned
        possible_by_element[item.element_number] += item.points_possible
        if item.legislated:
            item_pct = percentage(earned, item.points_possible)
            if item_pct is not None and not _meets(item_pct, benchmarks.legislated_pct):
                legislated_failures.append(
                    Failure(
                        kind=FailureKind.LEGISLATED_ITEM,
                        element=item.element_number,
                        item=item.item_number,
                        required=benchmarks.legislated_pct,
                        actual=item_pct,
                    )
                )

    elements = tuple(
        ElementScore(
            element=number, points_earned=earned, points_possible=possible_by_element[number]
        )
        for number, earned in earned_by_element.items()
    )
    total_earned = sum(e.points_earned for e in elements)
    total_possible = sum(e.points_possible for e in elements)
    overall = percentage(total_earned, total_possible)

    failures: list[Failure] = []
    if overall is None:
        failures.append(
            Failure(
                kind=FailureKind.NOTHING_SCORED,
                element=None,
                item=None,
                required=benchmarks.overall_pct,
                actual=None,
            )
        )
    elif not _meets(overall, benchmarks.overall_pct):
        failures.append(
            Failure(
                kind=FailureKind.OVERALL,
                element=None,
                item=None,
                required=benchmarks.overall_pct,
                actual=overall,
            )
        )
    for element in elements:
        pct = element.pct
        if pct is not None and not _meets(pct, benchmarks.element_pct):
            failures.append(
                Failure(
                    kind=FailureKind.ELEMENT,
                    element=element.element,
                    item=None,
                    required=benchmarks.element_pct,
                    actual=pct,
                )
            )
    failures.extend(legislated_failures)

    return ScoreResult(
        overall_pct=overall,
        element_pcts={e.element: e.pct for e in elements},
        failures=tuple(failures),
        passed=not failures,
        points_earned=total_earned,
        points_possible=total_possible,
        elements=elements,
    )
