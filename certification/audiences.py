"""Who is told on the employer side: an organization's SMRs and members. The certifying
body's lists are in cor_portal/accounts/audiences.py."""

from django.db.models import QuerySet

from cor_portal.accounts.audiences import active_users
from cor_portal.accounts.models import User

from .enums import MemberRole


def organization_members(organization_id: int, roles=None) -> QuerySet[User]:
    qs = active_users().filter(membership__organization_id=organization_id)
    if roles is not None:
        qs = qs.filter(membership__role__in=list(roles))
    return qs


def organization_smrs(organization_id: int) -> QuerySet[User]:
    """The Senior Management Representatives of an organization: the employer's voice."""
    return organization_members(organization_id, [MemberRole.SMR])
