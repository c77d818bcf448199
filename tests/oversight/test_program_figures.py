"""The program figures page and API on a hand-made fixture; OHS performance entry and CSV
import (every bad row with its line number, nothing imported)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.enums import CertificateStatus
from certification.models import Certificate
from oversight.models.performance import OhsPerformance
from oversight.program import program_figures
from tests.deadlines.helpers import bulk_deadlines

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


def _certificate(account, anniversary, by, n):
    return Certificate.objects.create(
        wsib_account=account,
        number=f"COR-2026-{n:06d}",
        status=CertificateStatus.ACTIVE,
        anniversary_date=anniversary,
        expiry_date=anniversary.replace(year=anniversary.year + 3),
        issued_by=by,
    )


@time_machine.travel("2026-06-15 12:00 -04:00", tick=False)
def test_figures_on_a_hand_made_fixture(cast, api_client):
    from cor_portal.deadlines.models import Deadline

    _certificate(cast.wsib_account, date(2025, 1, 10), cast.admin, 1)
    # expiry 2026-06-01: pending from 2026-07-02, so "about to go pending" within 30 days
    _certificate(cast.other_wsib_account, date(2023, 6, 1), cast.admin, 2)
    d1 = bulk_deadlines("D1", [date(2026, 5, 1)] * 3, organization_id=cast.organization.pk)
    Deadline.objects.filter(pk=d1[0].pk).update(state="met", closed_at="2026-04-20T12:00-04:00")
    Deadline.objects.filter(pk=d1[1].pk).update(state="met", closed_at="2026-05-03T12:00-04:00")
    # d1[2] is open past due: missed
    OhsPerformance.objects.create(
        wsib_account=cast.wsib_account,
        year=2025,
        hours_worked=Decimal("100000"),
        lost_time_claims=3,
        modified_work_claims=2,
        recorded_by=cast.admin,
    )
    OhsPerformance.objects.create(
        wsib_account=cast.other_wsib_account,
        year=2025,
        hours_worked=Decimal("0"),
        lost_time_claims=0,
        modified_work_claims=0,
        recorded_by=cast.admin,
    )
    f = program_figures(TODAY)
    assert f.standings["certified"] == 2
    assert f.about_to_go_pending == 1
    sla = f.sla_by_kind["D1"]
    assert (sla.on_time, sla.late, sla.missed, sla.compliance) == (1, 1, 1, Decimal("33.3"))
    # opened 2026-01-01: met after 109 and 122 days -> median 115.5
    assert f.cycle_by_kind["D1"].median == Decimal("115.5")
    year = f.performance[0]
    assert year["year"] == 2025
    assert year["certified"].ltc_rate == Decimal("6.00")
    assert year["certified"].dir_rate == Decimal("10.00")
    assert year["certified"].accounts == 2  # both were certified in 2025
    assert f.retention.at_start == 2 and f.retention.rate == Decimal("100.0")

    api_client.force_authenticate(cast.reviewer)
    data = api_client.get("/api/v1/program-figures/").json()
    assert data["sla_by_deadline_kind"]["D1"]["compliance_percent"] == "33.3"
    assert data["ohs_performance"][0]["certified"]["ltc_rate"] == "6.00"
    assert "name" not in str(data).lower() or cast.organization.legal_name not in str(data)


def test_staff_only(cast, client, api_client):
    for user, page, api in (
        (cast.smr, 403, 403),
        (cast.reviewer, 200, 200),
        (cast.admin, 200, 200),
    ):
        client.force_login(user)
        assert client.get("/oversight/figures/").status_code == page
        api_client.force_authenticate(user)
        assert api_client.get("/api/v1/program-figures/").status_code == api
        assert api_client.get("/api/v1/ohs-performance/").status_code == api


def test_page_in_french(cast, client):
    client.force_login(cast.admin)
    response = client.get("/oversight/figures/", HTTP_ACCEPT_LANGUAGE="fr-ca")
    assert response.status_code == 200


def test_page_queries_constant(cast, client, django_assert_max_num_queries):
    client.force_login(cast.admin)
    with django_assert_max_num_queries(16):
        assert client.get("/oversight/figures/").status_code == 200
    bulk_deadlines("D1", [date(2026, 3, 1)] * 200, organization_id=cast.organization.pk)
    with django_assert_max_num_queries(16):
        assert client.get("/oversight/figures/").status_code == 200


class TestImport:
    def _post(self, api_client, user, text):
        api_client.force_authenticate(user)
        upload = SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")
        return api_client.post("/api/v1/ohs-performance/import/", {"file": upload})

    def test_good_file(self, cast, api_client):
        n = cast.wsib_account.account_number
        text = (
            "wsib_account,year,hours_worked,lost_time_claims,modified_work_claims\n"
            f"{n},2024,4000,1,0\n{n},2025,0,0,0\n"
        )
        response = self._post(api_client, cast.admin, text)
        assert response.status_code == 200, response.content
        assert response.json() == {"imported": 2}
        assert OhsPerformance.objects.count() == 2

    def test_every_bad_row_reported_nothing_imported(self, cast, api_client):
        n = cast.wsib_account.account_number
        text = (
            "wsib_account,year,hours_worked,lost_time_claims,modified_work_claims\n"
            f"{n},2024,4000,1,0\n"
            "12345,2024,10,0,0\n"
            f"{n},2024,10,0,0\n"
            f"{n},2025,-5,0,0\n"
            f"{n},2026,10,x,0\n"
        )
        response = self._post(api_client, cast.admin, text)
        assert response.status_code == 400
        message = response.json()["file"][0]
        for line in ("line 3", "line 4", "line 5", "line 6"):
            assert line in message
        assert "line 2:" not in message
        assert OhsPerformance.objects.count() == 0

    def test_missing_columns(self, cast, api_client):
        response = self._post(api_client, cast.admin, "wsib_account,year\n1234567,2024\n")
        assert response.status_code == 400
        assert "hours_worked" in response.json()["file"][0]

    def test_employer_refused(self, cast, api_client):
        assert self._post(api_client, cast.smr, "x").status_code == 403

    def test_entered_and_exported(self, cast, api_client):
        api_client.force_authenticate(cast.admin)
        response = api_client.post(
            "/api/v1/ohs-performance/",
            {
                "wsib_account": cast.wsib_account.pk,
                "year": 2025,
                "hours_worked": "3000",
                "lost_time_claims": 1,
                "modified_work_claims": 0,
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["ltc_rate"] == "66.67"
        bad = api_client.post(
            "/api/v1/ohs-performance/",
            {
                "wsib_account": cast.wsib_account.pk,
                "year": 2025,
                "hours_worked": "-1",
                "lost_time_claims": 1,
                "modified_work_claims": 0,
            },
            format="json",
        )
        assert bad.status_code == 400 and "hours_worked" in bad.json()
        csv_body = b"".join(api_client.get("/api/v1/ohs-performance/?format=csv").streaming_content)
        assert b"66.67" in csv_body


def test_performance_page_exports(cast, client):
    OhsPerformance.objects.create(
        wsib_account=cast.wsib_account,
        year=2025,
        hours_worked=Decimal("10"),
        lost_time_claims=0,
        modified_work_claims=0,
        recorded_by=cast.admin,
    )
    client.force_login(cast.admin)
    assert client.get("/oversight/performance/").status_code == 200
    body = b"".join(client.get("/oversight/performance/?format=csv").streaming_content)
    assert cast.wsib_account.account_number.encode() in body
    assert client.get("/oversight/performance/?format=xlsx").status_code == 200
    client.force_login(cast.smr)
    assert client.get("/oversight/performance/?format=csv").status_code == 403


def test_demo_finisher_shows_ohs_figures_and_is_idempotent(cast):
    from cor_portal.demo import DemoRun
    from oversight.demo_figures import seed_figures

    run = DemoRun(password="x", users={"admin": cast.admin})
    assert seed_figures(run) == {"performance": 6}
    assert seed_figures(run) == {"performance": 0}
    f = program_figures(TODAY)
    assert [p["year"] for p in f.performance] == [2025, 2024, 2023]
    assert all(p["not"] is not None for p in f.performance)
