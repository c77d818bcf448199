"""Is an internal audit ready to be signed off and submitted? Pure rules over plain values.

Problems, each one plain-language sentence naming the item or the file:
- an item with no response, or a response without points and not marked N/A;
- points outside 0…the item's points; N/A without a note (audits.scoring.item_score_problems);
- evidence older than 12 months before the submission date [001 §1.2: "the evidence provided
  must have been created within the 12-month period prior to the audit submission date"];
- evidence dated after the submission date.

The 12-month edge: the earliest acceptable document date is the submission date minus 12
calendar months (`dateutil.relativedelta`), and that day itself is accepted. Submitting on
2026-11-22 accepts a document of 2025-11-22 and flags 2025-11-21. When the day does not exist
12 months earlier the month's last day is used: submitting on 2028-02-29 accepts
2027-02-28 and flags 2027-02-27. (Inclusive, because "within the 12-month period" reads as
"not more than 12 months old".)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from audits.scoring import ItemScore, item_score_problems

EVIDENCE_MONTHS = 12


@dataclass(frozen=True)
class ItemFacts:
    """One item of the audit's tool with the employer's response (None: not answered)."""

    element_number: int
    item_number: str
    points_possible: int
    legislated: bool = False
    answered: bool = False
    points_earned: int | None = None
    not_applicable: bool = False
    note: str = ""

    def as_score(self) -> ItemScore:
        return ItemScore(
            element_number=self.element_number,
            item_number=self.item_number,
            points_possible=self.points_possible,
            points_earned=self.points_earned,
            not_applicable=self.not_applicable,
            note=self.note,
            legislated=self.legislated,
        )


@dataclass(frozen=True)
class EvidenceFacts:
    original_name: str
    document_date: date
    item_number: str | None = None


def earliest_evidence_date(submitted_on: date) -> date:
    """The oldest document date still accepted for a submission on `submitted_on`."""
    return submitted_on - relativedelta(months=EVIDENCE_MONTHS)


def evidence_problem(evidence: EvidenceFacts, submitted_on: date) -> str | None:
    where = _(" (item %(item)s)") % {"item": evidence.item_number} if evidence.item_number else ""
    earliest = earliest_evidence_date(submitted_on)
    if evidence.document_date < earliest:
        return _(
            "Evidence %(name)s%(where)s is dated %(date)s, more than 12 months before the "
            "submission date %(submitted)s; only documents dated %(earliest)s or later count."
        ) % {
            "name": evidence.original_name,
            "where": where,
            "date": evidence.document_date.isoformat(),
            "submitted": submitted_on.isoformat(),
            "earliest": earliest.isoformat(),
        }
    if evidence.document_date > submitted_on:
        return _(
            "Evidence %(name)s%(where)s is dated %(date)s, after the submission date %(submitted)s."
        ) % {
            "name": evidence.original_name,
            "where": where,
            "date": evidence.document_date.isoformat(),
            "submitted": submitted_on.isoformat(),
        }
    return None


def submission_problems(
    *, items: Iterable[ItemFacts], evidence: Iterable[EvidenceFacts], submitted_on: date
) -> list[str]:
    """Every reason the audit cannot be submitted on `submitted_on`; empty when it can.
    Items first (in tool order), then evidence (in the order given)."""
    problems: list[str] = []
    items = list(items)
    if not items:
        problems.append(_("The audit tool has no items to answer."))
    for item in items:
        if not item.answered:
            problems.append(
                _("Item %(item)s: not answered yet; enter the points earned or mark it N/A.")
                % {"item": item.item_number}
            )
            continue
        problems.extend(item_score_problems(item.as_score()))
    for document in evidence:
        problem = evidence_problem(document, submitted_on)
        if problem:
            problems.append(problem)
    return problems
