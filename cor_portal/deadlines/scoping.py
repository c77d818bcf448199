"""Who may see which deadlines, and who belongs to an organization — without the platform
importing the domain apps. Deadlines store plain ids (organization_id, wsib_account_id);
the certification app tells this module how to map users to organizations:

    from cor_portal.deadlines import scoping
    scoping.register_organizations(organization_of=organization_id_of, members_of=...)

Defaults (nothing registered): certifying-body staff see every deadline, everyone sees the
deadlines assigned to them, and nobody else sees anything.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from cor_portal.access import register_scope

# user -> organization id (or None)
OrganizationOf = Callable[[Any], int | None]
# organization ids -> (organization id, user) pairs of the organization's active members
MembersOf = Callable[[set[int]], Iterable[tuple[int, Any]]]
# user -> extra rows the user may see (e.g. the audits app: an auditor's engagements)
VisibilityExtension = Callable[[Any], Q | None]


def _no_organization(user) -> int | None:
    return None


def _no_members(organization_ids: set[int]) -> Iterable[tuple[int, Any]]:
    return ()


_organization_of: OrganizationOf = _no_organization
_members_of: MembersOf = _no_members
_extensions: list[VisibilityExtension] = []


def register_organizations(
    *, organization_of: OrganizationOf, members_of: MembersOf | None = None
) -> None:
    global _organization_of, _members_of
    _organization_of = organization_of
    if members_of is not None:
        _members_of = members_of


def register_visibility(fn: VisibilityExtension) -> VisibilityExtension:
    """Add rows a user may see (OR-ed with the default). Returns fn (usable as decorator)."""
    if fn not in _extensions:
        _extensions.append(fn)
    return fn


def reset() -> None:
    """Back to the defaults (tests)."""
    global _organization_of, _members_of
    _organization_of = _no_organization
    _members_of = _no_members
    _extensions.clear()


def organization_of(user) -> int | None:
    return _organization_of(user)


def members_of(organization_ids: set[int]) -> dict[int, list]:
    """{organization id: [active users]} in one call (one query for the certification app)."""
    members: dict[int, list] = {}
    if not organization_ids:
        return members
    for org_id, user in _members_of(set(organization_ids)):
        if user is not None and user.is_active:
            members.setdefault(org_id, []).append(user)
    return members


def deadline_filter(user) -> Q | None:
    """The rows of Deadline `user` may see, as a Q; None means every row."""
    if user.is_superuser or user.is_certifying_body_staff:
        return None
    allowed = Q(assignee_id=user.pk)
    org_id = organization_of(user)
    if org_id is not None:
        allowed |= Q(organization_id=org_id)
    for extension in _extensions:
        extra = extension(user)
        if extra is not None:
            allowed |= extra
    return allowed


def register_deadline_scope() -> None:
    from .models import Deadline

    @register_scope(Deadline)
    def _deadline_scope(user, qs: QuerySet) -> QuerySet:
        allowed = deadline_filter(user)
        return qs if allowed is None else qs.filter(allowed)
