"""How a certification page refuses an action: it asks the same permission (with the object)
as the service and the templates, through cor_portal.access.allowed."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cor_portal.access import allowed


def forbid_unless(user, permission: str, obj=None, message: str | None = None) -> None:
    """403 unless `user` has `permission` on `obj` (found first through the access module,
    so an object outside the user's scope has already answered 404)."""
    if not allowed(user, permission, obj):
        raise PermissionDenied(message or _("You may not do this."))
