"""The "due next" home-page section: the open deadlines a user may see, soonest first."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.home import HomeItem, HomeSection, register_home_section

HOME_ITEMS = 5
URGENT_DAYS = 3


def due_next_section(user) -> HomeSection | None:
    from .views import due_next_queryset

    deadlines = list(due_next_queryset(user)[:HOME_ITEMS])
    if not deadlines:
        return None
    today = timezone.localdate()
    items = []
    for d in deadlines:
        left = (d.due_on - today).days
        when = (
            _("overdue")
            if left < 0
            else _("due today")
            if left == 0
            else _("%(n)s days left") % {"n": left}
        )
        items.append(
            HomeItem(
                text=f"{d.kind} · {d.display_title} — {d.due_on.isoformat()} ({when})",
                url=d.url or reverse("deadlines:due_next"),
                urgent=left <= URGENT_DAYS,
            )
        )
    return HomeSection(title=_("Due next"), items=items, order=20)


def register() -> None:
    register_home_section(due_next_section)
