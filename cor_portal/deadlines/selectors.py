"""Reads of the deadline table shaped for the domain apps' lists."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Count, Model, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from cor_portal.access import visible

from .models import Deadline

# How stale the staff dashboard's four figures may be (seconds): they are counted at most
# once per this many seconds and date, and the page says so (README "Measured").
DASHBOARD_COUNTS_MAX_AGE = 60
DASHBOARD_CACHE_NAMESPACE = "deadlines:dashboard-counts"


def deadline_due(kind: str, model: type[Model], *, include_missed: bool = False) -> Subquery:
    """Annotation: the due date of the current deadline of `kind` whose subject is the outer
    row (a `model`), None if there is none. With include_missed a missed one counts too: a
    review past its 60 days is still outstanding and shows as overdue, it does not lose its
    clock. The one copy of this subquery — pages, API and home pages all use it."""
    states = (
        [Deadline.State.OPEN, Deadline.State.MISSED] if include_missed else [Deadline.State.OPEN]
    )
    return Subquery(
        Deadline.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(model),
            subject_id=Cast(OuterRef("pk"), CharField()),
            state__in=states,
        )
        .order_by("-opened_on", "-id")
        .values("due_on")[:1]
    )


def _count_dashboard(user, today: date) -> dict:
    base = visible(Deadline, user)
    # Two index-only range scans of deadline_state_due (state, due_on) instead of one pass
    # of four COUNT … FILTER over the whole table.
    counts = base.filter(state=Deadline.State.OPEN).aggregate(
        # Counting due_on (never null), a column of the index: the scan stays index-only.
        open=Count("due_on"),
        due_this_week=Count("due_on", filter=Q(due_on__range=(today, today + timedelta(days=6)))),
        overdue=Count("due_on", filter=Q(due_on__lt=today)),
    )
    counts["missed"] = base.filter(state=Deadline.State.MISSED).count()
    # The chart's figures per rule: one grouped pass, paid once per cache period like the rest.
    counts["by_kind"] = list(
        base.filter(state__in=(Deadline.State.OPEN, Deadline.State.MISSED))
        .values("kind")
        .annotate(
            open=Count("id", filter=Q(state=Deadline.State.OPEN)),
            due_this_week=Count(
                "id",
                filter=Q(
                    state=Deadline.State.OPEN, due_on__range=(today, today + timedelta(days=6))
                ),
            ),
            missed=Count("id", filter=Q(state=Deadline.State.MISSED)),
        )
        .order_by("kind")
    )
    return counts


def dashboard_counts(user, today: date) -> tuple[dict, int]:
    """The dashboard's figures (open, due this week, overdue not yet swept, missed) and
    their age in seconds. Staff see every deadline, so one cached copy per day serves them
    all; it is recounted once it is DASHBOARD_COUNTS_MAX_AGE seconds old (the clock is read
    from the stored time, so tests can move it)."""
    if not (user.is_superuser or user.is_certifying_body_staff):
        return _count_dashboard(user, today), 0
    key = f"{DASHBOARD_CACHE_NAMESPACE}:{today.isoformat()}"
    now = timezone.now().timestamp()
    stored = cache.get(key)
    if stored is not None and 0 <= now - stored["at"] < DASHBOARD_COUNTS_MAX_AGE:
        return stored["counts"], int(now - stored["at"])
    counts = _count_dashboard(user, today)
    cache.set(key, {"at": now, "counts": counts}, timeout=DASHBOARD_COUNTS_MAX_AGE * 2)
    return counts, 0
