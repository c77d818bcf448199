"""/staff/standings/ (certifying-body staff): the accounts that will go pending or lapse in the
next 30 days (their open D6/D7/D8 deadlines, certification/at_risk.py), paged, and a chart of
how many accounts held each standing over the latest recorded days (StandingSnapshot, written
daily by `record_standings`). A fixed number of queries whatever the number of rows."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.at_risk import WINDOW_DAYS, at_risk_deadlines, at_risk_rows
from certification.enums import Standing
from certification.models import StandingSnapshot
from certification.views.perms import forbid_unless
from cor_portal.charts import Chart, Series, bar_chart

PAGE_SIZE = 50
CHART_DAYS = 8
CHART_STANDINGS = (Standing.CERTIFIED, Standing.PENDING, Standing.LAPSED)


def standings_history(days: int = CHART_DAYS) -> list[tuple[str, dict[str, int]]]:
    """(day, {standing: accounts}) for the latest `days` recorded days, oldest first (two
    queries)."""
    latest = list(
        StandingSnapshot.objects.order_by("-taken_on")
        .values_list("taken_on", flat=True)
        .distinct()[:days]
    )
    by_day: dict = {day: {} for day in sorted(latest)}
    for row in StandingSnapshot.objects.filter(taken_on__in=latest).values(
        "taken_on", "standing", "accounts"
    ):
        by_day[row["taken_on"]][row["standing"]] = row["accounts"]
    return [(day.isoformat(), counts) for day, counts in by_day.items()]


def standings_chart(history) -> Chart | None:
    if not history:
        return None
    return bar_chart(
        chart_id="standings-chart",
        title=_("COR standings over time"),
        description=_(
            "For each recorded day, three bars: the accounts certified, pending and lapsed. "
            "The table of figures under the chart lists the same numbers."
        ),
        categories=[day for day, _counts in history],
        series=[
            Series(str(s.label), [counts.get(s.value, 0) for _day, counts in history])
            for s in CHART_STANDINGS
        ],
        category_heading=_("Day"),
    )


@login_required
def standings_dashboard(request):
    forbid_unless(request.user, "certification.view_standings")
    today = timezone.localdate()
    page = Paginator(at_risk_deadlines(today), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = at_risk_rows(page.object_list, today)
    history = standings_history()
    return render(
        request,
        "certification/standings_dashboard.html",
        {
            "page": page,
            "rows": rows,
            "today": today,
            "window_days": WINDOW_DAYS,
            "chart": standings_chart(history),
        },
    )
