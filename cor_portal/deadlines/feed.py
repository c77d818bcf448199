"""The iCalendar (.ics) rendering of a user's deadlines: one all-day event per deadline on
its due date."""

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Deadline


def deadlines_calendar(deadlines: Iterable[Deadline], *, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//COR Portal//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "COR Portal deadlines")
    cal.add("x-wr-timezone", "America/Toronto")
    stamp = timezone.now()
    for d in deadlines:
        event = Event()
        event.add("uid", f"deadline-{d.pk}@cor-portal")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due_on)
        event.add("dtend", d.due_on + timedelta(days=1))
        prefix = "MISSED: " if d.state == Deadline.State.MISSED else ""
        event.add("summary", f"{prefix}{d.kind} {d.title}")
        event.add(
            "description",
            f"{d.kind}: {d.title}\nDue {d.due_on.isoformat()} "
            f"(opened {d.opened_on.isoformat()}). State: {d.state}.",
        )
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        if d.url:
            event.add("url", f"{base_url}{d.url}")
        cal.add_component(event)
    return cal.to_ical()
