"""Reads shaped for pages and endpoints: each returns a queryset already narrowed by
cor_portal.access and carrying the joins its page needs, so the number of queries per
request does not grow with the rows. (People selectors live in selectors_people.py.)"""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from certification.enums import REGISTRATION_AWAITING_VERIFICATION, MemberRole
from certification.models import Organization, Registration, WsibAccount
from certification.rules import organization_id_of
from cor_portal.access import visible
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User

# --- organizations, WSIB accounts and registrations -----------------------------------------


def organization_of(user) -> Organization | None:
    """The employer user's own organization (None for staff, auditors, non-members)."""
    org_id = organization_id_of(user)
    if org_id is None:
        return None
    return visible(Organization, user).filter(pk=org_id).first()


def _latest_registration() -> QuerySet:
    return Registration.objects.filter(wsib_account=OuterRef("pk")).order_by("-created_at", "-id")


def wsib_accounts_for_list(user) -> QuerySet:
    """The accounts a user may see, each with its latest registration's id and status."""
    latest = _latest_registration()
    return (
        visible(WsibAccount, user)
        .select_related("organization")
        .annotate(
            latest_registration_id=Subquery(latest.values("pk")[:1]),
            latest_registration_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("organization__legal_name", "account_number")
    )


def registrations_for_list(user) -> QuerySet:
    return visible(Registration, user).select_related(
        "wsib_account__organization", "confirmed_by", "created_by"
    )


def registration_queue(user) -> QuerySet:
    """Registrations an administrator has to verify, oldest received first."""
    return (
        registrations_for_list(user)
        .filter(status__in=REGISTRATION_AWAITING_VERIFICATION)
        .order_by("received_on", "submitted_at", "id")
    )


def registrations_of_account(account: WsibAccount) -> QuerySet:
    return account.registrations.select_related("confirmed_by", "created_by").order_by(
        "-created_at", "-id"
    )


def smr_users_of(organization: Organization) -> QuerySet:
    return User.objects.filter(
        membership__organization=organization,
        membership__role=MemberRole.SMR,
        is_active=True,
    ).order_by("pk")


def administrators() -> QuerySet:
    return User.objects.filter(
        Q(role=UserRole.ADMINISTRATOR) | Q(is_superuser=True), is_active=True
    ).order_by("pk")
