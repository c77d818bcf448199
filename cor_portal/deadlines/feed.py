"""The iCalendar (.ics) rendering of a user's deadlines: one all-day event per deadline on
its due date, its title in the feed owner's language (User.language: a calendar app sends
no session), kept in the cache until a deadline changes (or for FEED_MAX_AGE)."""

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .changes import last_change
from .models import Deadline


def deadlines_calendar(deadlines: Iterable[Deadline], *, base_url: str, language: str) -> bytes:
    with translation.override(language):
        return _calendar(deadlines, base_url=base_url)


def _calendar(deadlines: Iterable[Deadline], *, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//COR Portal//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("COR Portal deadlines"))
    cal.add("x-wr-timezone", "America/Toronto")
    stamp = timezone.now()
    for d in deadlines:
        event = Event()
        event.add("uid", f"deadline-{d.pk}@cor-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due_on)
        event.add("dtend", d.due_on + timedelta(days=1))
        title = d.display_title
        summary = {"kind": d.kind, "title": title}
        event.add(
            "summary",
            _("MISSED: %(kind)s %(title)s") % summary
            if d.state == Deadline.State.MISSED
            else _("%(kind)s %(title)s") % summary,
        )
        event.add(
            "description",
            _("%(kind)s: %(title)s\nDue %(due)s (opened %(opened)s). State: %(state)s.")
            % {
                **summary,
                "due": d.due_on.isoformat(),
                "opened": d.opened_on.isoformat(),
                "state": d.get_state_display(),
            },
        )
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        if d.url:
            event.add("url", f"{base_url}{d.url}")
        cal.add_component(event)
    return cal.to_ical()


# How long a calendar app may keep the feed (its Cache-Control), and so how long the portal
# keeps a rendered feed: the same 15 minutes.
FEED_MAX_AGE = 900


def feed_cache_key(token: str, *, today: date, base_url: str, changed: int, language: str) -> str:
    """The cache key of one rendering of a feed: the token (hashed: the key space never holds
    a working secret), the day (what "missed in the last year" means), the site address the
    links use, the owner's language (a new choice shows at once), and the deadlines' last
    change — any change to a deadline moves the key."""
    source = f"{token}|{today.isoformat()}|{base_url}|{language}"
    digest = hashlib.sha256(source.encode()).hexdigest()
    return f"deadlines:feed:{digest}:{changed}"


def cached_feed(
    token: str,
    *,
    today: date,
    base_url: str,
    render: Callable[[], bytes],
    language: str,
) -> bytes:
    """The feed's body from the cache, else `render()` it and keep it FEED_MAX_AGE seconds.
    The caller has checked the token first: a revoked link is refused before the cache."""
    key = feed_cache_key(
        token, today=today, base_url=base_url, changed=last_change(), language=language
    )
    body = cache.get(key)
    if body is None:
        body = render()
        cache.set(key, body, FEED_MAX_AGE)
    return body
