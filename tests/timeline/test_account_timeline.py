"""The account page's timeline and GET /api/v1/wsib-accounts/{id}/timeline/: every source's
events, what comes next in plain words, access through the account's own scope, queries that
do not grow with the events, and French."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from certification.services.certificates import certificate_issue, certificate_revoke
from cor_portal.timeline import timeline_of
from tests.factories import make_cast
from tests.security.matrix import _confirmed_account

pytestmark = pytest.mark.django_db
NOW = "2026-12-01 12:00 -05:00"


@pytest.fixture
def cast(db):
    return make_cast()


def _reviewed(cast):
    """An account whose internal audit was received, accepted and desk-reviewed (not
    confirmed: D2 open, the report issued)."""
    from audits.enums import AuditKind
    from audits.services.audit import audit_start, audit_submit, response_save
    from audits.services.review import (
        desk_review_save_item,
        pre_assessment_record,
        review_complete,
        reviewer_assign,
    )
    from tests.audits.conftest import make_ready, make_tool, qa_cleared

    _tool, items = make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    account = _confirmed_account(cast.organization, cast.smr, cast.admin)
    audit = audit_start(
        wsib_account=account,
        kind=AuditKind.INITIAL_INTERNAL,
        internal_auditor=ia,
        by=cast.internal_auditor,
    )
    for item in items.values():
        response_save(
            audit=audit,
            item=item,
            points_earned=10,
            not_applicable=False,
            note="",
            by=cast.internal_auditor,
        )
    audit = audit_submit(audit=audit, by=cast.smr, signed_off=True)
    pre_assessment_record(
        audit=audit, by=cast.reviewer, complete=True, declared_score_meets_benchmarks=True
    )
    audit.refresh_from_db()
    reviewer_assign(audit=audit, reviewer=cast.reviewer, by=cast.admin)
    desk_review_save_item(
        audit=audit,
        item=items["2.1"],
        points_earned=0,
        not_applicable=False,
        note="Re-scored",
        by=cast.reviewer,
    )
    qa_cleared(audit, by=cast.admin)  # desktop QA before the result is released
    review_complete(audit=audit, by=cast.reviewer, findings=["Records missing."])
    return account


@time_machine.travel(NOW)  # ticking: same-day events keep the order they happened in
def test_reviewed_account_shows_receipt_decisions_deadlines_and_what_comes_next(cast):
    account = _reviewed(cast)
    timeline = timeline_of(cast.smr, account.pk, date(2026, 12, 1))
    past = [(e.on, e.title, e.outcome) for s in reversed(timeline.sections) for e in s.events]
    assert [s.title for s in timeline.sections] == [
        "Initial certification cycle: registration confirmed",
        "Before the first cycle",
    ]
    assert past == [
        (date(2025, 1, 10), "COR registration received", "done"),
        (date(2026, 12, 1), "Initial internal audit received by the certifying body", "done"),
        (date(2026, 12, 1), "Pre-assessment: accepted for desk review", "done"),
        (date(2026, 12, 1), "Desk review: benchmarks not confirmed (written report)", "failed"),
        (date(2026, 12, 1), "D1 Internal audit desk review (60 days)", "met"),
    ]
    [(step, days)] = timeline.next_steps  # D2 only (the page's standing has no turn ahead)
    assert step.title == "D2 Correct and complete the external audit (6 months)"
    assert step.on == date(2027, 6, 1) and days == "182 days from today"
    assert timeline.summary == (
        "Next: D2 Correct and complete the external audit (6 months), 2027-06-01, "
        "182 days from today."
    )


@time_machine.travel(NOW, tick=False)
def test_certified_account_shows_its_cycle_anniversaries_and_standing_turns(cast, client):
    account = _confirmed_account(cast.organization, cast.smr, cast.admin)
    account.registrations.update(
        received_on=date(2023, 11, 1), confirmed_at=datetime(2023, 12, 1, 15, tzinfo=UTC)
    )
    old = certificate_issue(wsib_account=account, anniversary_date=date(2024, 1, 1), by=cast.admin)
    certificate_revoke(certificate=old, reason="Issued in error.", by=cast.admin)
    certificate_issue(wsib_account=account, anniversary_date=date(2024, 3, 1), by=cast.admin)
    client.force_login(cast.smr)
    html = client.get(f"/wsib-accounts/{account.pk}/").content.decode()
    # Issue 11 (lane maint): the recertification year's D5 (anniversary - 60) comes first.
    assert "Your anniversary is 2027-03-01 (90 days from today); next: " in html
    assert "2026-12-31, 30 days from today." in html
    timeline = timeline_of(cast.smr, account.pk, date(2026, 12, 1))
    expected = [
        (date(2027, 3, 1), "Anniversary: the certificate's 3 years end (recertification)"),
        (date(2027, 3, 31), "D6 Letter of Good Standing or new certificate (30 days)"),
        (date(2027, 5, 30), "D7 Letter of Good Standing or new certificate (90 days)"),
    ]
    # Issue 11 (lane maint): the maintenance plan's D5-D7 deadlines sit between them.
    upcoming = [(e.on, e.title) for e in timeline.upcoming]
    assert [u for u in upcoming if u in expected] == expected
    # The standing's turns ahead are what missing the open D6 and D7 would do: shown once,
    # as those deadlines, not again as forecast lines the day after.
    assert [e for e in timeline.upcoming if e.kind == "standing"] == []
    # Without those deadlines open, the forecast says it.
    from cor_portal.deadlines.models import Deadline

    Deadline.objects.filter(wsib_account_id=account.pk, kind__in=["D6", "D7"]).update(
        state=Deadline.State.CANCELLED, closed_at=datetime(2026, 12, 1, 17, tzinfo=UTC)
    )
    turns = [
        (e.on, e.title)
        for e in timeline_of(cast.smr, account.pk, date(2026, 12, 1)).upcoming
        if e.kind == "standing"
    ]
    assert turns == [
        (date(2027, 4, 1), "Standing becomes pending (still certified) unless renewed in time"),
        (date(2027, 5, 31), "Standing becomes lapsed: the certification would be lost"),
    ]
    assert upcoming[0] == (
        date(2026, 12, 31),
        "D5 Maintenance audit submitted 60 days before the anniversary",
    )
    titles = [s.title for s in timeline.sections]
    assert titles[0].startswith("COR cycle from 2024-03-01 to 2027-03-01: certificate ")
    assert titles[1].startswith("COR cycle from 2024-01-01 to 2027-01-01: certificate ")
    assert [e.title for e in timeline.sections[0].events] == [
        "Anniversary: certificate year 2 begins",
        "Anniversary: certificate year 3 begins",
        f"Certificate {old.number} revoked",  # today, in the newest cycle's section
    ]
    assert timeline.sections[1].events == ()
    assert timeline.sections[2].title == "Initial certification cycle: registration confirmed"
    assert timeline.sections[3].title == "Before the first cycle"


@time_machine.travel(NOW)
def test_api_gives_the_same_timeline_and_hides_other_organizations(cast):
    account = _reviewed(cast)
    api = APIClient()
    api.force_authenticate(cast.smr)
    body = api.get(f"/api/v1/wsib-accounts/{account.pk}/timeline/").json()
    assert body["standing"] == "in_initial_cycle"
    assert body["summary"].startswith("Next: D2 Correct and complete the external audit")
    assert [(u["title"], u["days_left"], u["when"]) for u in body["upcoming"]] == [
        ("D2 Correct and complete the external audit (6 months)", 182, "182 days from today")
    ]
    cycle, before = body["cycles"]
    assert (
        before["started_on"] is None and before["events"][0]["title"] == "COR registration received"
    )
    assert cycle["started_on"] == "2026-12-01"
    assert [e["outcome"] for e in cycle["events"]] == ["done", "done", "failed", "met"]
    outsider = APIClient()
    outsider.force_authenticate(cast.outsider)
    assert outsider.get(f"/api/v1/wsib-accounts/{account.pk}/timeline/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_timeline_in_french(cast, client):
    account = _reviewed(cast)
    client.force_login(cast.smr)
    client.post("/i18n/setlang/", {"language": "fr-ca", "next": "/"})
    html = client.get(f"/wsib-accounts/{account.pk}/").content.decode()
    assert "Chronologie" in html
    assert "dans 182 jours" in html
    assert "Examen documentaire : seuils non confirmés (rapport écrit)" in html


def _page_queries(client, account) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/wsib-accounts/{account.pk}/").status_code == 200
    return len(queries)


@time_machine.travel(NOW, tick=False)
def test_queries_do_not_grow_with_events(cast, client, django_assert_max_num_queries):
    few = _confirmed_account(cast.organization, cast.smr, cast.admin)
    certificate_issue(wsib_account=few, anniversary_date=date(2025, 5, 1), by=cast.admin)
    many = _confirmed_account(cast.organization, cast.smr, cast.admin)
    for month in range(1, 12, 2):
        c = certificate_issue(
            wsib_account=many, anniversary_date=date(2024, month, 1), by=cast.admin
        )
        certificate_revoke(certificate=c, reason="Test.", by=cast.admin)
    certificate_issue(wsib_account=many, anniversary_date=date(2025, 5, 1), by=cast.admin)
    client.force_login(cast.smr)
    _page_queries(client, few)  # warm the content-type cache
    assert _page_queries(client, few) == _page_queries(client, many)
    # 28: the Letters of Good Standing source, the recertification panel's registration and
    # the appeals and action-plan sources (equal for few and many events, asserted above).
    with django_assert_max_num_queries(28):
        client.get(f"/wsib-accounts/{many.pk}/")
    api = APIClient()
    api.force_authenticate(cast.smr)
    # one or two queries per registered timeline source, whatever the number of events
    # (17: certification.letters, the Letters of Good Standing, is one more source)
    with django_assert_max_num_queries(17):
        assert api.get(f"/api/v1/wsib-accounts/{many.pk}/timeline/").status_code == 200
