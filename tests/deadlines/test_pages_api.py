"""Dashboard, "due next", the API and the calendar feed — each user sees only what they may."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cor_portal.deadlines.models import CalendarFeedToken, Deadline
from cor_portal.deadlines.services import deadline_open

from .helpers import bulk_deadlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, miss_log):
    today = timezone.localdate()
    own = deadline_open(
        kind="T2",
        subject=cast.wsib_account,
        title="Own maintenance audit",
        due_on=today + timedelta(days=2),
        opened_on=today,
        organization_id=cast.organization.pk,
        url="/own/",
    )
    other = deadline_open(
        kind="T2",
        subject=cast.other_wsib_account,
        title="Other org duty",
        due_on=today + timedelta(days=20),
        opened_on=today,
        organization_id=cast.other_organization.pk,
    )
    staff = deadline_open(
        kind="T1",
        subject=cast.organization,
        title="Staff review",
        due_on=today + timedelta(days=40),
        opened_on=today,
    )
    Deadline.objects.filter(pk=staff.pk).update(opened_on=today - timedelta(days=50))
    missed = bulk_deadlines(
        "T1", [today - timedelta(days=1)], opened_on=today - timedelta(days=30)
    )[0]
    Deadline.objects.filter(pk=missed.pk).update(
        state="missed", missed_at=timezone.now(), missed_on=missed.due_on + timedelta(days=1)
    )
    return {"own": own, "other": other, "staff": staff, "missed": missed, "today": today}


def test_staff_dashboard(client, cast, world):
    client.force_login(cast.reviewer)
    response = client.get(reverse("deadlines:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["counts"] == {"open": 3, "due_this_week": 1, "overdue": 0, "missed": 1}
    assert [d.pk for d in response.context["due_this_week"]] == [world["own"].pk]
    assert response.context["due_this_week"][0].days_left == 2
    assert [d.pk for d in response.context["missed"]] == [world["missed"].pk]
    assert [d.pk for d in response.context["open_rows"]] == [
        world["own"].pk,
        world["other"].pk,
        world["staff"].pk,
    ]
    assert "2 days left" in html and "Other org duty" in html and "Missed" in html


@pytest.mark.parametrize("who", ["smr", "viewer", "outsider", "auditor"])
def test_dashboard_is_for_staff_only(client, cast, world, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("deadlines:dashboard")).status_code == 403


def test_dashboard_lists_show_the_first_rows_and_say_there_are_more(client, cast, world):
    today = world["today"]
    bulk_deadlines("T1", [today + timedelta(days=i % 5) for i in range(40)], start=700)
    missed = bulk_deadlines("T1", [today - timedelta(days=2 + i) for i in range(30)], start=800)
    Deadline.objects.filter(pk__in=[d.pk for d in missed]).update(
        state="missed", missed_at=timezone.now(), missed_on=today
    )
    client.force_login(cast.reviewer)
    response = client.get(reverse("deadlines:dashboard"))
    html = response.content.decode()
    week, late = response.context["due_this_week"], response.context["missed"]
    # The 25 due soonest (of 41) and the 25 most recently due missed ones (of 31).
    assert len(week) == len(late) == 25
    assert [d.due_on for d in week] == sorted(d.due_on for d in week)
    assert week[0].pk == world["own"].pk or week[0].due_on <= world["own"].due_on
    assert late[0].pk == world["missed"].pk  # due yesterday: the latest
    assert [d.due_on for d in late] == sorted((d.due_on for d in late), reverse=True)
    assert "The 25 due soonest are shown; the open list below goes on" in html
    assert "The 25 most recently due are shown." in html
    # The figures still count every deadline.
    assert response.context["counts"]["due_this_week"] == 41
    assert response.context["counts"]["missed"] == 31


def test_dashboard_lists_say_nothing_more_when_all_rows_fit(client, cast, world):
    client.force_login(cast.reviewer)
    html = client.get(reverse("deadlines:dashboard")).content.decode()
    assert "due soonest are shown" not in html and "most recently due are shown" not in html


def test_dashboard_chart_is_drawn_once_per_figures_and_language(client, cast, world):
    from django.utils import translation

    from cor_portal.deadlines.views import _counts_chart

    figures = [{"kind": "T1", "open": 2, "due_this_week": 1, "missed": 1}]
    with translation.override("en-ca"):
        first = _counts_chart(figures)
        assert _counts_chart([dict(figures[0])]) is first  # the same figures: the same chart
        changed = _counts_chart([dict(figures[0], missed=2)])
        assert changed is not first and changed.rows != first.rows
    with translation.override("fr-ca"):
        french = _counts_chart(figures)
    assert french is not first and french.title != first.title


def test_dashboard_query_count(client, cast, world, django_assert_max_num_queries):
    bulk_deadlines("T1", [world["today"] + timedelta(days=i % 10) for i in range(80)], start=500)
    client.force_login(cast.reviewer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("deadlines:dashboard"))
    assert response.context["counts"]["open"] == 83


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("smr", ["own"]),
        ("viewer", ["own"]),
        ("outsider", ["other"]),
        ("auditor", []),
        ("reviewer", ["staff"]),
    ],
)
def test_due_next_shows_the_open_deadlines_that_bind_the_user(client, cast, world, who, expected):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("deadlines:due_next"))
    assert [d.pk for d in response.context["rows"]] == [world[k].pk for k in expected]
    if not expected:
        assert "Nothing is due." in response.content.decode()


def test_due_next_leaves_out_the_certifying_bodys_deadlines_on_the_employer(client, cast, world):
    review = deadline_open(
        kind="T1",
        subject=cast.wsib_account,
        title="Review of our audit",
        due_on=world["today"] + timedelta(days=1),
        opened_on=world["today"],
        organization_id=cast.organization.pk,
    )
    client.force_login(cast.smr)
    rows = client.get(reverse("deadlines:due_next")).context["rows"]
    assert [d.pk for d in rows] == [world["own"].pk]
    client.force_login(cast.reviewer)
    rows = client.get(reverse("deadlines:due_next")).context["rows"]
    assert [d.pk for d in rows] == [review.pk, world["staff"].pk]


def test_home_page_lists_due_next(client, cast, world):
    client.force_login(cast.smr)
    html = client.get(reverse("home")).content.decode()
    assert "Due next" in html
    assert "T2 · Own maintenance audit" in html and "Other org duty" not in html


def test_assignee_sees_their_deadline(client, cast, world):
    d = deadline_open(
        kind="T1",
        subject=cast.other_organization,
        title="Auditor task",
        due_on=world["today"] + timedelta(days=5),
        opened_on=world["today"],
        assignee=cast.auditor,
    )
    client.force_login(cast.auditor)
    response = client.get(reverse("deadlines:due_next"))
    assert [r.pk for r in response.context["rows"]] == [d.pk]


# --- API --------------------------------------------------------------------------------


def test_api_lists_visible_deadlines_with_filters(api_client, cast, world):
    api_client.force_authenticate(cast.reviewer)
    url = "/api/v1/deadlines/"
    data = api_client.get(url).json()
    # Keyset pages: no count, a next link only when there is more.
    assert len(data["results"]) == 4 and data["next"] is None and data["previous"] is None
    first = data["results"][0]
    assert first["id"] == world["missed"].pk and first["state"] == "missed"
    assert first["subject_type"] == "certification.organization"
    ids = lambda **q: [r["id"] for r in api_client.get(url, q).json()["results"]]  # noqa: E731
    assert ids(state="missed") == [world["missed"].pk]
    assert ids(kind="T2") == [world["own"].pk, world["other"].pk]
    today = world["today"]
    assert ids(
        due_after=today.isoformat(), due_before=(today + timedelta(days=20)).isoformat()
    ) == [world["own"].pk, world["other"].pk]
    bad = api_client.get(url, {"due_after": "soon"})
    assert bad.status_code == 400 and "due_after" in bad.json()
    bad = api_client.get(url, {"state": "late"})
    assert bad.status_code == 400 and "state" in bad.json()


def test_api_scoping(api_client, cast, world):
    api_client.force_authenticate(cast.smr)
    data = api_client.get("/api/v1/deadlines/").json()
    assert [r["id"] for r in data["results"]] == [world["own"].pk]
    assert api_client.get(f"/api/v1/deadlines/{world['other'].pk}/").status_code == 404
    assert (
        api_client.get(f"/api/v1/deadlines/{world['own'].pk}/").json()["title"]
        == "Own maintenance audit"
    )
    # Read-only.
    assert api_client.post("/api/v1/deadlines/", {}).status_code == 405
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/deadlines/").status_code in (401, 403)


def test_api_query_count(api_client, cast, world, django_assert_max_num_queries):
    bulk_deadlines("T2", [date(2026, 12, 1)] * 40, organization_id=cast.organization.pk, start=900)
    api_client.force_authenticate(cast.smr)
    with django_assert_max_num_queries(6):
        data = api_client.get("/api/v1/deadlines/").json()
    assert len(data["results"]) == 41


# --- calendar feed ----------------------------------------------------------------------


def test_calendar_feed_lifecycle(client, cast, world):
    client.force_login(cast.smr)
    page = client.get(reverse("deadlines:calendar_settings"))
    assert "You have no calendar address." in page.content.decode()
    client.post(reverse("deadlines:calendar_settings"), {"action": "regenerate"})
    token = CalendarFeedToken.objects.get(user=cast.smr).token
    feed_url = reverse("deadlines:calendar_feed", args=[token])
    assert feed_url == f"/calendar/{token}.ics"
    assert feed_url in client.get(reverse("deadlines:calendar_settings")).content.decode()

    client.logout()  # calendar apps do not log in
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    events = [e for e in cal.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["T2 Own maintenance audit"]
    event = events[0]
    assert event.decoded("dtstart") == world["own"].due_on
    assert event.decoded("dtend") == world["own"].due_on + timedelta(days=1)
    assert str(event["uid"]) == f"deadline-{world['own'].pk}@cor-portal"
    assert str(event["url"]).endswith("/own/")

    # Regenerate: the old address stops working.
    client.force_login(cast.smr)
    client.post(reverse("deadlines:calendar_settings"), {"action": "regenerate"})
    new_token = CalendarFeedToken.objects.get(user=cast.smr).token
    assert new_token != token
    client.logout()
    assert client.get(feed_url).status_code == 404
    assert client.get(f"/calendar/{new_token}.ics").status_code == 200
    # Revoke: no address at all.
    client.force_login(cast.smr)
    client.post(reverse("deadlines:calendar_settings"), {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(user=cast.smr).exists()
    assert client.get(f"/calendar/{new_token}.ics").status_code == 404


def test_staff_feed_includes_missed(client, cast, world):
    feed = CalendarFeedToken.objects.create(user=cast.reviewer)
    cal = Calendar.from_ical(client.get(f"/calendar/{feed.token}.ics").content)
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert summaries == [
        "MISSED: T1 T1 item 0",
        "T1 Staff review",
        "T2 Other org duty",
        "T2 Own maintenance audit",
    ]


def test_feed_of_inactive_user_or_unknown_token_is_404(client, cast, world):
    feed = CalendarFeedToken.objects.create(user=cast.smr)
    cast.smr.is_active = False
    cast.smr.save(update_fields=["is_active"])
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_calendar_settings_bad_action_changes_nothing(client, cast, world):
    client.force_login(cast.smr)
    response = client.post(
        reverse("deadlines:calendar_settings"), {"action": "explode"}, follow=True
    )
    assert "Choose whether to make a new link or turn it off." in response.content.decode()
    assert not CalendarFeedToken.objects.exists()


# --- closure dates ------------------------------------------------------------------------


def test_administrator_adds_and_removes_closure_dates(client, cast):
    from cor_portal.deadlines.models import ClosureDate
    from cor_portal.deadlines.services import due_in_business_days

    client.force_login(cast.admin)
    url = reverse("deadlines:closures")
    response = client.post(url, {"date": "2026-12-24", "reason": "Christmas Eve"})
    assert response.status_code == 302
    closure = ClosureDate.objects.get()
    assert (closure.date, closure.reason) == (date(2026, 12, 24), "Christmas Eve")
    assert due_in_business_days(date(2026, 12, 23), 1) == date(2026, 12, 29)
    assert "Christmas Eve" in client.get(url).content.decode()
    client.post(url, {"remove": closure.pk})
    assert not ClosureDate.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-12-25", "reason": "x"}, "2026-12-25 is already an Ontario public holiday."),
        (
            {"date": "2026-11-21", "reason": "x"},
            "2026-11-21 is a weekend day; weekends are never business days.",
        ),
        ({"date": "2026-12-24", "reason": " "}, "This field is required."),
        ({"date": "Christmas", "reason": "x"}, "Enter a valid date."),
        ({"date": "2026-12-31", "reason": "dup"}, "2026-12-31 is already a closure date."),
    ],
)
def test_closure_date_bad_input_changes_nothing(client, cast, data, message):
    from cor_portal.deadlines.models import ClosureDate

    ClosureDate.objects.create(date=date(2026, 12, 31), reason="New Year's Eve")
    client.force_login(cast.admin)
    response = client.post(reverse("deadlines:closures"), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert list(ClosureDate.objects.values_list("reason", flat=True)) == ["New Year's Eve"]


@pytest.mark.parametrize("who", ["reviewer", "smr"])
def test_closure_dates_are_for_administrators(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("deadlines:closures")).status_code == 403
    assert (
        client.post(
            reverse("deadlines:closures"), {"date": "2026-12-24", "reason": "x"}
        ).status_code
        == 403
    )


def test_admin_pages_load(client, world):
    from tests.factories import UserFactory

    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    for url in [
        "/admin/deadlines/deadline/",
        "/admin/deadlines/closuredate/",
        "/admin/notifications/outboundemail/",
        "/admin/notifications/inboxmessage/",
        f"/admin/deadlines/deadline/{world['own'].pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Own maintenance audit" in client.get("/admin/deadlines/deadline/").content.decode()
