"""Who is told: the certifying body's recipient lists, in one place.

Employer-side lists (the SMRs of an organization, its members) live in
certification/audiences.py; both are querysets of active users so callers can narrow them."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .enums import CERTIFYING_BODY_ROLES, UserRole
from .models import User


def active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def administrators() -> QuerySet[User]:
    """Administrators by role, and superusers (who administer whatever their role)."""
    return active_users().filter(Q(role=UserRole.ADMINISTRATOR) | Q(is_superuser=True))


def staff_with_roles(roles: Iterable[str]) -> QuerySet[User]:
    return active_users().filter(role__in=list(roles))


def certifying_body_staff() -> QuerySet[User]:
    """Everyone on the certifying body's side, superusers included (they see what staff see)."""
    return active_users().filter(Q(role__in=list(CERTIFYING_BODY_ROLES)) | Q(is_superuser=True))


def reviewers() -> QuerySet[User]:
    return staff_with_roles([UserRole.REVIEWER])


def intake_staff() -> QuerySet[User]:
    """Who hears that an internal audit or a request arrived: reviewers and administrators."""
    return active_users().filter(
        Q(role__in=[UserRole.REVIEWER, UserRole.ADMINISTRATOR]) | Q(is_superuser=True)
    )


def program_managers() -> QuerySet[User]:
    return staff_with_roles([UserRole.PROGRAM_MANAGER])
