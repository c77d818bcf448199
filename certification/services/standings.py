"""The daily count of WSIB accounts per COR standing (StandingSnapshot), for the staff
standings chart. Figures, not a state: no history; recording a day again replaces its counts."""

from collections import Counter
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.enums import Standing
from certification.models import StandingSnapshot, WsibAccount
from certification.standing_facts import standings_of
from cor_portal.errors import DomainError


def standings_record(*, on: date | None = None) -> dict[str, int]:
    """Count every account's standing on `on` (default today, America/Toronto) and store the
    counts, every standing included (0 when none). A day after today is refused: its
    standings are not known yet. Queries: three, whatever the number of accounts."""
    today = timezone.localdate()
    day = today if on is None else on
    if not isinstance(day, date):
        raise DomainError(_("Give the day as a date (YYYY-MM-DD)."), field="on")
    if day > today:
        raise DomainError(
            _("%(day)s is after today (%(today)s): its standings are not known yet.")
            % {"day": day.isoformat(), "today": today.isoformat()},
            field="on",
        )
    ids = list(WsibAccount.objects.values_list("pk", flat=True))
    counts = Counter(r.standing.value for r in standings_of(ids, day).values())
    rows = [
        StandingSnapshot(taken_on=day, standing=s, accounts=counts.get(s, 0))
        for s in Standing.values
    ]
    with transaction.atomic():
        StandingSnapshot.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["taken_on", "standing"],
            update_fields=["accounts", "recorded_at"],
        )
    return {s: counts.get(s, 0) for s in Standing.values}
