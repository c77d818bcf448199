"""Template context the account menu uses."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def staff_admin(request) -> dict[str, object]:
    """`staff_admin_url`: the Django admin's address for users who may open it (is_staff),
    else an empty string, so the account menu links to admin only for them;
    `staff_admin_label`: the link's text."""
    user = getattr(request, "user", None)
    url = reverse("admin:index") if user is not None and user.is_active and user.is_staff else ""
    return {"staff_admin_url": url, "staff_admin_label": _("Administration")}
