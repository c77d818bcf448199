"""Helpers shared by the audit services."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from audits.models import Audit
from certification.services.people import organization_smrs
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User
from cor_portal.errors import DomainError

D1 = "D1"
D2 = "D2"
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


def staff(roles: Iterable[str]) -> QuerySet[User]:
    return User.objects.filter(role__in=list(roles), is_active=True)


def intake_staff() -> QuerySet[User]:
    """Who is told that an internal audit arrived: reviewers and administrators."""
    return staff([UserRole.REVIEWER, UserRole.ADMINISTRATOR])


def locked(audit: Audit) -> Audit:
    """The audit's current row, locked for this transaction (status checks read this)."""
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("wsib_account", "tool")
        .get(pk=audit.pk)
    )


def transition(audit: Audit, *, from_states: Iterable[str], to_state: str, **values) -> None:
    """Conditional status write: hits exactly one row or raises (someone else moved it)."""
    updated = Audit.objects.filter(pk=audit.pk, status__in=list(from_states)).update(
        status=to_state, **values
    )
    if updated != 1:
        raise DomainError(
            _("This audit changed while you were working on it; reload it and try again."),
            code="conflict",
        )
    audit.refresh_from_db()


def account_label(audit: Audit) -> str:
    account = audit.wsib_account
    return _("WSIB account %(number)s") % {"number": account.account_number}
