"""Demo standings history: the counts of accounts per standing on each of the last 8 weeks
(StandingSnapshot), so the staff standings chart has something to draw on the first run.
Each past day's standings are computed from today's data (what the day's sweep would have
recorded, had the demo existed then). Idempotent: recording a day again replaces it."""

from datetime import timedelta

from django.utils import timezone

from certification.services.standings import standings_record
from cor_portal.demo import DemoRun

WEEKS = 8


def demo_record_standings(run: DemoRun) -> None:
    today = timezone.localdate()
    for week in range(WEEKS - 1, -1, -1):
        standings_record(on=today - timedelta(weeks=week))


def demo_finish(run: DemoRun) -> None:
    """The certification app's finisher: publish the registry, then record the standings."""
    from certification.demo import demo_publish_registry

    demo_publish_registry(run)
    demo_record_standings(run)
