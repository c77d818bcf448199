"""Readiness of a WSIB account from the database: the selector's facts, the checklist page,
the OHSMS date form, the API resource, the SMR's home section and query pins."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    Course,
    RegistrationStatus,
)
from certification.models import CodeOfEthicsSignature, WsibAccount
from certification.selectors import readiness_for_account, readiness_for_accounts
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from cor_portal.home import home_sections
from tests.factories import (
    PersonFactory,
    RegistrationFactory,
    TrainingRecordFactory,
    WsibAccountFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("America/Toronto")), tick=False)


def confirm(account, admin):
    now = timezone.now()
    return RegistrationFactory(
        wsib_account=account,
        status=RegistrationStatus.CONFIRMED,
        submitted_at=now,
        confirmed_at=now,
        confirmed_by=admin,
    )


def ready_people(org):
    smr = PersonFactory(organization=org, first_name="Sam", last_name="Senior")
    TrainingRecordFactory(person=smr, course=Course.COR_ESSENTIALS)
    ia = PersonFactory(
        organization=org, first_name="Ira", last_name="Auditor", is_smr=False,
        is_internal_auditor=True,
    )  # fmt: skip
    for course in INTERNAL_AUDITOR_REQUIRED_COURSES:
        TrainingRecordFactory(person=ia, course=course)
    for p in (smr, ia):
        CodeOfEthicsSignature.objects.create(
            person=p, signed_name=str(p), version=CODE_OF_ETHICS_CURRENT_VERSION
        )
    return smr, ia


def test_ready_account(cast):
    confirm(cast.wsib_account, cast.admin)
    ready_people(cast.organization)
    readiness = readiness_for_account(cast.wsib_account)
    assert [(c.key, c.met) for c in readiness.checks] == [
        ("registration", True),
        ("smr_trained", True),
        ("internal_auditor_trained", True),
        ("ohsms_year", True),
        ("ethics", True),
    ]
    assert readiness.ready


def test_gaps_from_the_database(cast):
    RegistrationFactory(wsib_account=cast.wsib_account, status=RegistrationStatus.DRAFT)
    _smr, ia = ready_people(cast.organization)
    ia.training_records.filter(course=Course.HAZARD_RISK_MANAGEMENT).delete()
    WsibAccount.objects.filter(pk=cast.wsib_account.pk).update(
        ohsms_in_place_since=date(2026, 1, 1)
    )
    cast.wsib_account.refresh_from_db()
    # Other organizations' people never count.
    ready_people(cast.other_organization)
    readiness = readiness_for_account(cast.wsib_account)
    checks = {c.key: c for c in readiness.checks}
    assert checks["registration"].text == (
        "The application is a draft: submit it to the certifying body."
    )
    assert checks["internal_auditor_trained"].details == (
        "Ira Auditor still needs: Introduction to Hazard & Risk Management.",
    )
    assert checks["ohsms_year"].text == (
        "The health and safety management system has been in place since 2026-01-01; it "
        "must be in place for one year, which it will be on 2027-01-01."
    )
    assert [c.key for c in readiness.missing] == [
        "registration",
        "internal_auditor_trained",
        "ohsms_year",
    ]


def test_replaced_people_do_not_count(cast):
    confirm(cast.wsib_account, cast.admin)
    smr, _ia = ready_people(cast.organization)
    type(smr).objects.filter(pk=smr.pk).update(active=False, ended_on=date(2026, 1, 1))
    checks = {c.key: c for c in readiness_for_account(cast.wsib_account).checks}
    assert checks["smr_trained"].text == "No active Senior Management Representative is designated."


def test_readiness_queries_are_constant(cast):
    confirm(cast.wsib_account, cast.admin)
    ready_people(cast.organization)
    accounts = [cast.wsib_account, WsibAccountFactory(organization=cast.organization)]
    with CaptureQueriesContext(connection) as few:
        readiness_for_accounts(accounts)
    for _ in range(10):
        ready_people(cast.organization)
    accounts += [WsibAccountFactory(organization=cast.organization) for _ in range(5)]
    with CaptureQueriesContext(connection) as many:
        readiness_for_accounts(accounts)
    assert len(few) == len(many) == 4


def test_checklist_page(client, cast):
    confirm(cast.wsib_account, cast.admin)
    ready_people(cast.organization)
    WsibAccount.objects.filter(pk=cast.wsib_account.pk).update(ohsms_in_place_since=None)
    client.force_login(cast.viewer)
    html = client.get(f"/wsib-accounts/{cast.wsib_account.pk}/readiness/").content.decode()
    assert html.count('<li class="met"') == 4
    assert html.count('<li class="missing"') == 1
    assert "Enter the date your health and safety management system was put in place." in html
    assert f'href="/wsib-accounts/{cast.wsib_account.pk}/ohsms/"' not in html  # viewer
    client.force_login(cast.smr)
    html = client.get(f"/wsib-accounts/{cast.wsib_account.pk}/readiness/").content.decode()
    assert f'href="/wsib-accounts/{cast.wsib_account.pk}/ohsms/"' in html


def test_ohsms_form_sets_the_date_with_history(client, cast):
    client.force_login(cast.smr)
    url = f"/wsib-accounts/{cast.wsib_account.pk}/ohsms/"
    response = client.post(url, {"ohsms_in_place_since": "2025-02-01"})
    assert response["Location"] == f"/wsib-accounts/{cast.wsib_account.pk}/readiness/"
    cast.wsib_account.refresh_from_db()
    assert cast.wsib_account.ohsms_in_place_since == date(2025, 2, 1)
    entry = history_of(cast.wsib_account).last()
    assert (entry.action, entry.changes) == (
        "ohsms_date_set",
        {"ohsms_in_place_since": ["2024-01-15", "2025-02-01"]},
    )


def test_ohsms_form_refuses_the_future(client, cast):
    client.force_login(cast.smr)
    before = HistoryEntry.objects.count()
    response = client.post(
        f"/wsib-accounts/{cast.wsib_account.pk}/ohsms/", {"ohsms_in_place_since": "2026-11-23"}
    )
    assert response.context["form"].errors == {
        "ohsms_in_place_since": ["The date cannot be in the future."]
    }
    cast.wsib_account.refresh_from_db()
    assert cast.wsib_account.ohsms_in_place_since == date(2024, 1, 15)
    assert HistoryEntry.objects.count() == before


def test_smr_home_lists_what_is_missing(cast):
    smr, _ia = ready_people(cast.organization)
    type(smr).objects.filter(pk=smr.pk).update(active=False, ended_on=date(2026, 1, 1))
    second = WsibAccountFactory(organization=cast.organization, ohsms_in_place_since=None)
    sections = {s.title: s for s in home_sections(cast.smr)}
    section = sections["Before your initial internal audit"]
    # Organization-wide gaps once (to the people page), account gaps per account; the
    # registration's next step is the registration section's.
    assert [(i.text, i.url) for i in section.items] == [
        ("No active Senior Management Representative is designated.", "/people/"),
        (
            f"WSIB {second.account_number}: Enter the date your health and safety "
            "management system was put in place.",
            f"/wsib-accounts/{second.pk}/readiness/",
        ),
    ]
    assert "Before your initial internal audit" not in {s.title for s in home_sections(cast.viewer)}


def test_smr_home_has_no_section_when_ready(cast):
    confirm(cast.wsib_account, cast.admin)
    ready_people(cast.organization)
    titles = {s.title for s in home_sections(cast.smr)}
    assert "Before your initial internal audit" not in titles


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("smr", 200),
        ("internal_auditor", 200),
        ("viewer", 200),
        ("reviewer", 200),
        ("admin", 200),
        ("outsider", 404),
        ("auditor", 404),
    ],
)
def test_readiness_api_cast(api_client, cast, role, expected):
    confirm(cast.wsib_account, cast.admin)
    ready_people(cast.organization)
    api_client.force_authenticate(getattr(cast, role))
    response = api_client.get(f"/api/v1/readiness/{cast.wsib_account.pk}/")
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert (body["wsib_account"], body["account_number"], body["ready"]) == (
            cast.wsib_account.pk,
            cast.wsib_account.account_number,
            True,
        )
        assert [c["key"] for c in body["checks"]] == [
            "registration",
            "smr_trained",
            "internal_auditor_trained",
            "ohsms_year",
            "ethics",
        ]


def test_readiness_api_list_is_scoped(api_client, cast):
    api_client.force_authenticate(cast.outsider)
    body = api_client.get("/api/v1/readiness/").json()
    assert [r["wsib_account"] for r in body["results"]] == [cast.other_wsib_account.pk]
    api_client.force_authenticate(cast.auditor)
    assert api_client.get("/api/v1/readiness/").json()["results"] == []
