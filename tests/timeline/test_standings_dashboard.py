"""The staff standings dashboard /staff/standings/, its API (standings/at-risk/, history/) and
the daily StandingSnapshot (`record_standings`, Celery beat)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from certification.models import StandingSnapshot, WsibAccount
from certification.services.certificates import certificate_issue
from certification.services.standings import standings_record
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError
from tests.factories import WsibAccountFactory, make_cast
from tests.security.matrix import _confirmed_account

pytestmark = pytest.mark.django_db
NOW = "2026-12-01 12:00 -05:00"
TODAY = date(2026, 12, 1)


@pytest.fixture
def cast(db):
    return make_cast()


def _deadline(account, kind, due_on, state="open"):
    extra = {}
    if state == "met":
        from django.utils import timezone

        extra = {"closed_at": timezone.now()}
    return Deadline.objects.create(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(WsibAccount),
        subject_id=str(account.pk),
        organization_id=account.organization_id,
        wsib_account_id=account.pk,
        binds="organization",
        title=f"{kind} of {account.account_number}",
        opened_on=due_on - timedelta(days=120),
        due_on=due_on,
        state=state,
        **extra,
    )


@time_machine.travel(NOW, tick=False)
def test_record_counts_every_standing_and_replaces_the_day(cast):
    account = _confirmed_account(cast.organization, cast.smr, cast.admin)
    certificate_issue(wsib_account=account, anniversary_date=date(2026, 3, 1), by=cast.admin)
    counts = standings_record()
    assert counts["certified"] == 1
    assert counts["in_initial_cycle"] == 0  # the cast's accounts carry no registration
    assert counts["not_registered"] == WsibAccount.objects.count() - 1
    WsibAccountFactory(organization=cast.organization)
    standings_record(on=TODAY)
    rows = dict(StandingSnapshot.objects.filter(taken_on=TODAY).values_list("standing", "accounts"))
    assert len(rows) == 8 and rows["not_registered"] == counts["not_registered"] + 1
    # A past day: that day's standings (before the anniversary: no standing from it).
    assert standings_record(on=date(2026, 2, 1))["certified"] == 0


@time_machine.travel(NOW, tick=False)
def test_record_refuses_a_future_day_and_a_bad_date(cast):
    with pytest.raises(DomainError, match="2026-12-02 is after today"):
        standings_record(on=date(2026, 12, 2))
    with pytest.raises(CommandError, match="not a date"):
        call_command("record_standings", "--as-of", "2026-13-01")
    with pytest.raises(CommandError, match="after today"):
        call_command("record_standings", "--as-of", "2027-01-01")
    assert not StandingSnapshot.objects.exists()
    call_command("record_standings", "--as-of", "2026-11-30")
    assert StandingSnapshot.objects.filter(taken_on=date(2026, 11, 30)).count() == 8


def test_beat_records_standings():
    schedule = settings.CELERY_BEAT_SCHEDULE["standings-record-daily"]
    assert schedule["task"] == "certification.tasks.task_record_standings"


def _world(cast, n: int):
    accounts = [WsibAccountFactory(organization=cast.organization) for _ in range(n)]
    for i, a in enumerate(accounts):
        _deadline(a, "D6", TODAY + timedelta(days=i % 29))
    far = WsibAccountFactory(organization=cast.organization)
    _deadline(far, "D7", TODAY + timedelta(days=30))  # takes effect on day 31: outside
    _deadline(far, "D6", TODAY + timedelta(days=2), state="met")
    overdue = WsibAccountFactory(organization=cast.organization)
    _deadline(overdue, "D8", TODAY - timedelta(days=1))  # not swept yet
    return accounts, far, overdue


@time_machine.travel(NOW, tick=False)
def test_at_risk_lists_open_d6_d7_d8_within_30_days(cast, client):
    accounts, far, overdue = _world(cast, 2)
    edge = WsibAccountFactory(organization=cast.organization)
    _deadline(edge, "D7", TODAY + timedelta(days=29))  # lapsed from day 30: inside
    api = APIClient()
    api.force_authenticate(cast.reviewer)
    body = api.get("/api/v1/standings/at-risk/").json()
    got = [
        (r["account_number"], r["kind"], r["becomes"], r["on"], r["days_left"])
        for r in body["results"]
    ]
    assert got == [
        (overdue.account_number, "D8", "lapsed", "2026-12-01", 0),
        (accounts[0].account_number, "D6", "pending", "2026-12-02", 1),
        (accounts[1].account_number, "D6", "pending", "2026-12-03", 2),
        (edge.account_number, "D7", "lapsed", "2026-12-31", 30),
    ]
    assert body["count"] == 4
    client.force_login(cast.reviewer)
    html = client.get("/staff/standings/").content.decode()
    assert accounts[0].account_number in html and far.account_number not in html
    assert "Accounts that go pending or lapse in the next 30 days" in html


@time_machine.travel(NOW, tick=False)
def test_api_refuses_bad_input_with_the_reason(cast):
    api = APIClient()
    api.force_authenticate(cast.admin)
    response = api.get("/api/v1/standings/at-risk/?within_days=0")
    assert response.status_code == 400
    assert response.json() == {"within_days": ["Give a whole number from 1 to 366."]}
    response = api.get("/api/v1/standings/history/?from=2026-2-1")
    assert response.status_code == 400
    assert response.json() == {"from": ["2026-2-1 is not a date: use YYYY-MM-DD."]}
    response = api.get("/api/v1/standings/history/?from=2026-12-01&to=2026-11-01")
    assert response.json() == {"from": ["The start is after the end."]}


@time_machine.travel(NOW, tick=False)
def test_history_api_and_chart(cast, client):
    for day in (date(2026, 11, 24), TODAY):
        standings_record(on=day)
    api = APIClient()
    api.force_authenticate(cast.admin)
    body = api.get("/api/v1/standings/history/?from=2026-11-01").json()
    assert body["from"] == "2026-11-01" and body["to"] == "2026-12-01"
    assert len(body["results"]) == 16
    assert body["results"][0]["taken_on"] == "2026-11-24"
    client.force_login(cast.admin)
    html = client.get("/staff/standings/").content.decode()
    assert 'id="standings-chart"' in html and "COR standings over time" in html


def test_employers_and_auditors_are_refused(cast, client):
    for user in (cast.smr, cast.auditor):
        client.force_login(user)
        assert client.get("/staff/standings/").status_code == 403
        api = APIClient()
        api.force_authenticate(user)
        assert api.get("/api/v1/standings/at-risk/").status_code == 403
        assert api.get("/api/v1/standings/history/").status_code == 403


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@time_machine.travel(NOW, tick=False)
def test_queries_pinned_and_equal_at_10_and_many_rows(cast, client, django_assert_max_num_queries):
    standings_record(on=TODAY)
    client.force_login(cast.reviewer)
    api = APIClient()
    api.force_authenticate(cast.reviewer)
    _world(cast, 10)
    _count(client, "/staff/standings/")  # warm the caches
    ten = (_count(client, "/staff/standings/"), _count(api, "/api/v1/standings/at-risk/"))
    _world(cast, 60)
    many = (_count(client, "/staff/standings/"), _count(api, "/api/v1/standings/at-risk/"))
    assert ten == many
    with django_assert_max_num_queries(10):
        client.get("/staff/standings/")
    with django_assert_max_num_queries(6):
        api.get("/api/v1/standings/at-risk/")


@time_machine.travel(NOW, tick=False)
def test_dashboard_in_french(cast, client):
    standings_record(on=TODAY)
    client.force_login(cast.admin)
    client.post("/i18n/setlang/", {"language": "fr-ca", "next": "/"})
    html = client.get("/staff/standings/").content.decode()
    assert "Comptes qui passent « en attente » ou « déchus » dans les 30 prochains jours" in html
    assert "Statuts COR au fil du temps" in html
