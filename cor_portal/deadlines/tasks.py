from datetime import date

from celery import shared_task
from django.utils import timezone

from .services import sweep


@shared_task(acks_late=True)
def task_sweep_deadlines(as_of: str | None = None) -> dict:
    """The daily sweep (beat, 02:15 America/Toronto). Idempotent, so a redelivered task or a
    second worker changes nothing."""
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    result = sweep(day)
    return {
        "as_of": day.isoformat(),
        "missed": result.missed,
        "reminded": result.reminded,
        "notified_users": result.notified_users,
    }
