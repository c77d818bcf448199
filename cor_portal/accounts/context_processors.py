"""Template context the account menu uses."""

from django.urls import reverse


def staff_admin(request) -> dict[str, str]:
    """`staff_admin_url`: the Django admin's address for users who may open it (is_staff),
    else an empty string, so the account menu links to admin only for them."""
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return {"staff_admin_url": reverse("admin:index")}
    return {"staff_admin_url": ""}
