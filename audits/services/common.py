"""Helpers shared by the audit services."""

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from audits.limits import NOTE_MAX_LENGTH, check_length
from audits.models import Audit, InternalReview, Item
from audits.scoring import ItemScore, item_score_problems
from certification.audiences import organization_smrs
from certification.models import WsibAccount
from cor_portal.accounts.models import User
from cor_portal.errors import DomainError
from cor_portal.notifications.services import Localized

D1 = "D1"
D2 = "D2"
D3 = "D3"  # external audit plan approval (21 days)
D4 = "D4"  # re-audit after a failed external audit (6 months)
REVIEW_DAYS = 60
CORRECTION_MONTHS = 6


def page_url(name: str, pk: int) -> str:
    """The page of an object for notifications; empty until the page exists."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def audit_url(audit: Audit) -> str:
    return page_url("audits:audit_detail", audit.pk)


def smrs_of(audit: Audit) -> QuerySet[User]:
    return organization_smrs(audit.wsib_account.organization_id)


def locked(audit: Audit) -> Audit:
    """The audit's current row, locked for this transaction, with its internal review as it
    is now (status checks read this). The audit row is the one lock for the audit and its
    review, so an item save and a submission never interleave."""
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("wsib_account", "tool", "internal_review")
        .get(pk=audit.pk)
    )


def review_of(audit: Audit) -> InternalReview:
    """The audit's internal review (every audit started today has one, LIFECYCLE_KINDS)."""
    return audit.internal_review


def wsib_account_text(account: WsibAccount) -> Localized:
    """ "WSIB account N" ("WCB account N"… the organization's program's name), translated
    where it is read: in each reader's own language."""
    return Localized(
        gettext_lazy("%(board)s account %(number)s"),
        {"board": account.account_label_text, "number": account.account_number},
    )


def account_text(audit: Audit) -> Localized:
    return wsib_account_text(audit.wsib_account)


def checked_item_score(
    item: Item, *, points_earned: int | None, not_applicable: bool, note: str
) -> tuple[int | None, bool, str]:
    """One item's score as entered (the employer's answer or the reviewer's own score),
    cleaned: note stripped, an N/A item's points dropped (they never count, audits.scoring).
    Raises a DomainError naming the field when it is not a valid score."""
    note = check_length((note or "").strip(), limit=NOTE_MAX_LENGTH, field="note")
    not_applicable = bool(not_applicable)
    if not_applicable:
        points_earned = None
    problems = item_score_problems(
        ItemScore(
            element_number=0,
            item_number=item.number,
            points_possible=item.points,
            points_earned=points_earned,
            not_applicable=not_applicable,
            note=note,
            legislated=item.legislated,
        )
    )
    if problems:
        raise DomainError(" ".join(problems), field="note" if not_applicable else "points_earned")
    return points_earned, not_applicable, note
