"""A user's secret iCalendar feed link: renew (the old URL stops working) or turn off."""

from django.db import transaction

from cor_portal.accounts.models import User
from cor_portal.history.services import record

from ..enums import CalendarFeedAction
from ..models import CalendarFeedToken


def _lock_user(user: User) -> None:
    # Two renewals at once (two tabs, a double click) queue on the user's row instead of
    # racing to insert the one-per-user token (which answered 500 before).
    User.objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeedToken:
    _lock_user(user)
    had_one = CalendarFeedToken.objects.filter(user=user).delete()[0] > 0
    feed = CalendarFeedToken.objects.create(user=user)
    record(
        subject=user,
        actor=user,
        action=CalendarFeedAction.LINK_RENEWED,
        reason="replaced the previous link" if had_one else "",
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Turn the link off; False when there was none."""
    _lock_user(user)
    deleted = CalendarFeedToken.objects.filter(user=user).delete()[0] > 0
    if deleted:
        record(subject=user, actor=user, action=CalendarFeedAction.LINK_REVOKED)
    return deleted
