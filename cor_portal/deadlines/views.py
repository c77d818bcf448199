"""Deadline pages: the staff dashboard, each user's "due next" list, the calendar-feed
settings page and the feed itself."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from cor_portal.access import visible
from cor_portal.accounts.language import user_language
from cor_portal.charts import Chart, Series, bar_chart
from cor_portal.errors import DomainError
from cor_portal.forms import add_domain_error
from cor_portal.pagination import InvalidCursor, Keyset

from .feed import FEED_MAX_AGE, cached_feed, deadlines_calendar
from .forms import ClosureDateForm
from .models import CalendarFeedToken, ClosureDate, Deadline
from .registry import Binds, rule_title
from .selectors import DASHBOARD_COUNTS_MAX_AGE, dashboard_counts
from .services import (
    calendar_feed_renew,
    calendar_feed_revoke,
    closure_date_add,
    closure_date_remove,
)

OPEN = Deadline.State.OPEN
MISSED = Deadline.State.MISSED
OPEN_PAGES = Keyset(("due_on", "id"), page_size=50)
# Rows of the dashboard's "due this week" and "missed" lists: the most urgent and the latest;
# the figures above count them all and the open list pages on by due date (README
# "Benchmarks": 200 rows a request made the page the slowest staff page).
LIST_ROWS = 25


def _side_of(user) -> str:
    """Which party a user acts for, in the terms of DeadlineRule.binds."""
    if user.is_superuser or user.is_certifying_body_staff:
        return Binds.CERTIFYING_BODY
    if user.is_external_auditor:
        return Binds.EXTERNAL_AUDITOR
    return Binds.ORGANIZATION


def due_next_queryset(user):
    """What the user must act on: open deadlines they may see that are assigned to them or
    bind their side. (The calendar feed shows everything they may see, e.g. an employer
    also sees when the certifying body's review of their audit is due.)"""
    return (
        visible(Deadline, user)
        .filter(Q(assignee=user) | Q(binds=_side_of(user)), state=OPEN)
        .order_by("due_on", "id")
    )


# The columns the deadline tables show (deadlines/_table.html): not the whole row.
TABLE_FIELDS = ("id", "kind", "state", "due_on", "url", "title", "title_msgid", "title_params")


def _with_days_left(deadlines, today):
    """The rows of deadlines/_table.html with every cell worked out here, once per row:
    the title in the active language, the due date as text and the days-left badge (each
    wording translated once per request and number). Two hundred rows through the template's
    include, blocktranslate and date filters cost more than the page's queries."""
    rows = list(deadlines)
    texts: dict[tuple[str, int], str] = {}

    def text(key: str, n: int) -> str:
        found = texts.get((key, n))
        if found is None:
            if key == "missed":
                found = _("Missed")
            elif key == "today":
                found = _("Due today")
            elif key == "overdue":
                found = ngettext("%(n)s day overdue", "%(n)s days overdue", n) % {"n": n}
            else:
                found = ngettext("%(n)s day left", "%(n)s days left", n) % {"n": n}
            texts[(key, n)] = found
        return found

    for d in rows:
        d.days_left = left = (d.due_on - today).days
        d.days_overdue = -left
        d.due_text = d.due_on.isoformat()
        d.title_text = d.display_title
        if d.state == MISSED:
            d.badge_class, d.badge_text = "badge bad", text("missed", 0)
        elif left < 0:
            d.badge_class, d.badge_text = "badge bad", text("overdue", -left)
        elif left == 0:
            d.badge_class, d.badge_text = "badge warn", text("today", 0)
        else:
            d.badge_class = "badge warn" if left <= 3 else "badge"
            d.badge_text = text("left", left)
    return rows


def _require_staff(user) -> None:
    if not (user.is_superuser or user.is_certifying_body_staff):
        raise PermissionDenied


def _counts_chart(by_kind: list[dict]) -> Chart | None:
    """Open, due this week and missed, per rule (the figures table beside it says the same).
    The figures change at most once per DASHBOARD_COUNTS_MAX_AGE, and bar_chart keeps the
    chart drawn for the same figures and language: pygal lays it out once per change."""
    if not by_kind:
        return None
    return bar_chart(
        chart_id="deadlines-chart",
        title=_("Deadlines by rule"),
        description=_(
            "For each rule, three bars: the deadlines open, those due this week and those "
            "missed. The table of figures under the chart lists the same numbers."
        ),
        categories=[row["kind"] for row in by_kind],
        row_labels=[f"{row['kind']} · {rule_title(row['kind'])}" for row in by_kind],
        series=[
            Series(_("Open"), [row["open"] for row in by_kind]),
            Series(_("Due this week"), [row["due_this_week"] for row in by_kind]),
            Series(_("Missed"), [row["missed"] for row in by_kind]),
        ],
        category_heading=_("Rule"),
    )


@login_required
def dashboard(request):
    """Certifying-body staff: open deadlines, those due this week, those missed."""
    _require_staff(request.user)
    today = timezone.localdate()
    week_end = today + timedelta(days=6)
    figures, counts_age = dashboard_counts(request.user, today)
    counts = {key: value for key, value in figures.items() if key != "by_kind"}
    base = visible(Deadline, request.user).only(*TABLE_FIELDS)
    kind = request.GET.get("kind", "").strip()
    if kind:
        base = base.filter(kind=kind)
    # The open list pages by keyset (after the last row shown), not OFFSET and COUNT.
    try:
        open_page = OPEN_PAGES.page(base.filter(state=OPEN), request.GET.get("cursor"))
    except InvalidCursor as exc:
        raise Http404(_("This page of the list does not exist.")) from exc
    # The first rows of each list, and whether there are more (one row more is read).
    week = list(
        base.filter(state=OPEN, due_on__range=(today, week_end)).order_by("due_on", "id")[
            : LIST_ROWS + 1
        ]
    )
    missed = list(base.filter(state=MISSED).order_by("-due_on", "-id")[: LIST_ROWS + 1])
    context = {
        "today": today,
        "week_end": week_end,
        "counts": counts,
        "chart": _counts_chart(figures["by_kind"]),
        "counts_age": counts_age,
        "counts_max_age": DASHBOARD_COUNTS_MAX_AGE,
        "kind": kind,
        "due_this_week": _with_days_left(week[:LIST_ROWS], today),
        "due_this_week_more": len(week) > LIST_ROWS,
        "missed": _with_days_left(missed[:LIST_ROWS], today),
        "missed_more": len(missed) > LIST_ROWS,
        "list_rows": LIST_ROWS,
        "open_page": open_page,
        "open_rows": _with_days_left(open_page.rows, today),
    }
    return render(request, "deadlines/dashboard.html", context)


@login_required
def due_next(request):
    """Every user: the open deadlines they may see, soonest first."""
    today = timezone.localdate()
    rows = _with_days_left(due_next_queryset(request.user).only(*TABLE_FIELDS)[:50], today)
    return render(request, "deadlines/due_next.html", {"rows": rows, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    feed = CalendarFeedToken.objects.filter(user=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "regenerate":
            calendar_feed_renew(user=request.user)
            messages.success(
                request, _("A new calendar link was made; the old one no longer works.")
            )
        elif action == "revoke":
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("Your calendar link was turned off."))
        else:
            messages.error(request, _("Choose whether to make a new link or turn it off."))
        return redirect("deadlines:calendar_settings")
    feed_url = (
        request.build_absolute_uri(reverse("deadlines:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "deadlines/calendar_settings.html", {"feed": feed, "feed_url": feed_url})


def calendar_feed(request, token: str):
    """The iCalendar feed behind a secret URL (calendar apps cannot log in). The token and
    its user are checked on every request; the rendering comes from the cache while no
    deadline changed (cor_portal/deadlines/feed.py)."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    today = timezone.localdate()
    base_url = request.build_absolute_uri("/")[:-1]
    language = user_language(feed.user)

    def render() -> bytes:
        deadlines = (
            visible(Deadline, feed.user)
            .filter(Q(state=OPEN) | Q(state=MISSED, due_on__gte=today - timedelta(days=365)))
            .order_by("due_on", "id")[:2000]
        )
        return deadlines_calendar(deadlines, base_url=base_url, language=language)

    body = cached_feed(token, today=today, base_url=base_url, render=render, language=language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cor-portal-deadlines.ics"'
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def closures(request):
    """Administrators: the extra days the certifying body is closed (business days skip
    them, besides weekends and Ontario public holidays)."""
    if not request.user.is_administrator:
        raise PermissionDenied
    form = ClosureDateForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            try:
                closure_date_remove(closure_id=int(request.POST["remove"]), actor=request.user)
                messages.success(request, _("Closure date removed."))
            except (DomainError, ValueError):
                messages.error(request, _("That closure date no longer exists."))
            return redirect("deadlines:closures")
        if form.is_valid():
            try:
                closure_date_add(
                    day=form.cleaned_data["date"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Closure date added."))
                return redirect("deadlines:closures")
    today = timezone.localdate()
    return render(
        request,
        "deadlines/closures.html",
        {
            "form": form,
            "closures": ClosureDate.objects.filter(date__gte=today - timedelta(days=365)),
        },
    )
