"""What can be appealed, and whether a filing is acceptable [001 §7]. Pure: the facts are
gathered by the decision kind's adapter (appeals/adapters.py) and passed in."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DecisionFacts:
    """One decision someone may appeal, as its adapter sees it."""

    kind: str  # DecisionKind
    initial_internal: bool  # an initial internal audit (first cycle, first audit)
    decided: bool  # the decision was made and the report given to the employer
    appealable_outcome: bool  # an outcome an appeal can overturn (failed / not confirmed)
    received_on: date | None  # the day the employer received the report
    evidence_ids: frozenset[int]  # the original evidence given to the auditor


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def _day(d: date) -> str:
    """A due date with its weekday ("Tuesday, April 7, 2026")."""
    return f"{date_format(d, 'l')}, {date_format(d, 'DATE_FORMAT')}"


def filing_problems(
    *,
    facts: DecisionFacts,
    today: date,
    window_due: date | None,
    grounds: str,
    attachments: Iterable[int],
    earlier_appeal: str | None,
) -> list[Problem]:
    """Every reason a level-1 filing is refused (empty: it is accepted)."""
    if facts.initial_internal:
        return [
            Problem(
                "decision",
                _(
                    "An initial internal audit (first cycle, first audit) cannot be appealed. "
                    "Only decisions on the audit evidence given to an auditor — external audit "
                    "reports and later internal audit reviews — can be."
                ),
            )
        ]
    if not facts.decided or facts.received_on is None:
        return [Problem("decision", _("This report has not been decided yet: nothing to appeal."))]
    if not facts.appealable_outcome:
        return [
            Problem(
                "decision",
                _(
                    "Only an unfavourable decision (an external audit that did not pass, a review "
                    "that did not confirm the benchmarks) can be appealed."
                ),
            )
        ]
    problems: list[Problem] = []
    if earlier_appeal:
        problems.append(
            Problem(
                "decision",
                _(
                    "This decision was already appealed (appeal %(number)s); it cannot be "
                    "appealed twice."
                )
                % {"number": earlier_appeal},
            )
        )
    if window_due is not None and today > window_due:
        problems.append(
            Problem(
                "decision",
                _(
                    "The window to appeal closed on %(due)s: a level-1 appeal is filed within 5 "
                    "business days of receiving the report (received %(received)s)."
                )
                % {"due": _day(window_due), "received": _day(facts.received_on)},
            )
        )
    if not (grounds or "").strip():
        problems.append(Problem("grounds", _("State the grounds of the appeal.")))
    new = sorted(set(attachments) - facts.evidence_ids)
    if new:
        problems.append(
            Problem(
                "attachments",
                _(
                    "An appeal is decided on the original audit evidence only: %(n)s attachment(s) "
                    "are not evidence of this audit. New evidence cannot be added to an appeal."
                )
                % {"n": len(new)},
            )
        )
    return problems


def escalation_problems(
    *, level: int, denied: bool, today: date, window_due: date | None, grounds: str
) -> list[Problem]:
    """Every reason taking a denied appeal to the next level is refused."""
    if level >= 3:
        return [Problem("level", _("The level-3 decision is final; there is no further level."))]
    if not denied:
        return [
            Problem(
                "level",
                _(
                    "Level %(level)s is still open: the next level is filed only after level "
                    "%(level)s denies the appeal."
                )
                % {"level": level},
            )
        ]
    problems: list[Problem] = []
    if window_due is not None and today > window_due:
        problems.append(
            Problem(
                "level",
                _(
                    "The window to take this appeal to level %(next)s closed on %(due)s (5 "
                    "business days after the level-%(level)s decision)."
                )
                % {"next": level + 1, "level": level, "due": _day(window_due)},
            )
        )
    if not (grounds or "").strip():
        problems.append(Problem("grounds", _("State the grounds of the appeal.")))
    return problems
