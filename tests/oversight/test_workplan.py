"""The annual workplan [004]: pure rules, KPIs that move when the portal's data changes, the
board chair's approval (bad input refused, nothing changed), exports (draft marked, formula
text neutralized, staff only), the API and pages, and query counts constant in rows."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from certification.enums import CertificateStatus, RegistrationStatus
from certification.models import Certificate
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.models import HistoryEntry
from cor_portal.workflow import Conflict
from oversight import workplan as rules
from oversight.enums import KpiMeasure, WorkplanStatus
from oversight.models import KpiResult, Workplan, WorkplanKpi
from oversight.services import workplan as svc
from oversight.workplan_report import workplan_report, workplan_tree
from tests.factories import RegistrationFactory, UserFactory

NOW = "2026-08-15 12:00 -04:00"
TODAY = date(2026, 8, 15)  # program year 2026, quarter 2
TZ = ZoneInfo("America/Toronto")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


# --- pure -----------------------------------------------------------------------------------


def test_quarters_of_the_program_year():
    assert rules.program_year_of(date(2026, 3, 31)) == 2025
    assert rules.program_year_of(date(2026, 4, 1)) == 2026
    assert rules.quarter_window(2026, 1) == rules.Window(date(2026, 4, 1), date(2026, 6, 30))
    assert rules.quarter_window(2026, 4) == rules.Window(date(2027, 1, 1), date(2027, 3, 31))
    assert rules.current_quarter(2026, date(2026, 3, 31)) is None
    assert rules.current_quarter(2026, date(2026, 10, 1)) == 3
    assert rules.current_quarter(2026, date(2028, 1, 1)) == 4
    with pytest.raises(ValueError):
        rules.quarter_window(2026, 5)
    # year to date, never past today; nothing before the year begins
    assert rules.measured_window(2026, 4, TODAY) == rules.Window(date(2026, 4, 1), TODAY)
    assert rules.measured_window(2027, None, TODAY) is None


def test_entered_result_and_progress():
    entries = {1: Decimal(2), 3: Decimal(5)}
    assert rules.entered_result(entries, 1) == 2
    assert rules.entered_result(entries, 2) == 2  # Q2 not reported: Q1's stands
    assert rules.entered_result(entries, None) == 5
    assert rules.entered_result({}, None) is None
    p = rules.kpi_progress(3, Decimal(15))
    assert (p.percent, p.met) == (Decimal("20.0"), False)
    assert rules.kpi_progress(16, Decimal(15)).met
    assert rules.kpi_progress(None, Decimal(15)).percent is None
    assert rules.kpi_progress(0, Decimal(0)).percent is None  # no target: no percentage


def test_approval_problems_name_each_field():
    fields = [
        f
        for f, _m in rules.approval_problems(
            chair_name=" ", signature="", approved_on=date(2030, 1, 1), today=TODAY, mandates=0
        )
    ]
    assert fields == ["chair_name", "signature", "approved_on", "workplan"]
    assert (
        rules.approval_problems(
            chair_name="A", signature="A", approved_on=TODAY, today=TODAY, mandates=1
        )
        == []
    )


# --- services -------------------------------------------------------------------------------


def _kpi(workplan, measure) -> WorkplanKpi:
    return WorkplanKpi.objects.filter(activity__mandate__workplan=workplan, measure=measure).first()


def _row(workplan, measure):
    report = workplan_report(workplan_tree().get(pk=workplan.pk), TODAY)
    return next(k for k in report.kpis if k.kpi.measure == measure)


@pytest.mark.django_db
class TestLiveKpis:
    def test_template_has_the_five_mandates_and_live_kpis(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin)
        assert w.mandates.count() == 5
        measures = set(
            WorkplanKpi.objects.filter(activity__mandate__workplan=w).values_list(
                "measure", flat=True
            )
        )
        assert {
            KpiMeasure.NEW_REGISTRATIONS,
            KpiMeasure.QA_COVERAGE,
            KpiMeasure.ENTERED,
        } <= measures
        assert HistoryEntry.objects.filter(action="workplan_created").count() == 1

    def test_registrations_and_certifications_move_the_kpis(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin)
        assert _row(w, KpiMeasure.NEW_REGISTRATIONS).to_date.actual == 0
        for day in (date(2026, 5, 2), date(2026, 8, 1), date(2026, 3, 30)):  # last: year before
            RegistrationFactory(
                status=RegistrationStatus.SUBMITTED,
                submitted_at=datetime(day.year, day.month, day.day, 10, tzinfo=TZ),
            )
        row = _row(w, KpiMeasure.NEW_REGISTRATIONS)
        assert row.to_date.actual == 2
        assert row.quarters[1].actual == 1 and row.quarters[2].actual == 2
        assert row.quarters[3] is None  # not reached yet
        assert row.to_date.percent == Decimal("13.3")  # 2 of 15
        Certificate.objects.create(
            wsib_account=cast.wsib_account,
            number="COR-2026-000001",
            status=CertificateStatus.ACTIVE,
            anniversary_date=date(2026, 7, 3),
            expiry_date=date(2029, 7, 3),
            issued_by=cast.admin,
        )
        assert _row(w, KpiMeasure.NEW_CERTIFICATIONS).to_date.actual == 1

    def test_declarations_and_eaqa_move_the_kpis(self, cast):
        from oversight.models import AuditorDeclaration
        from tests.audits.external import approved_auditor

        w = svc.workplan_create(year=2026, by=cast.admin)
        auditor = approved_auditor(cast.admin, "Northern Audit Co.")
        assert _row(w, KpiMeasure.AUDITOR_DECLARATIONS).to_date.actual == 0
        AuditorDeclaration.objects.create(
            auditor=auditor,
            year=2026,
            declared_on=date(2026, 6, 1),
            statement="No conflicts.",
            recorded_by=cast.admin,
        )
        assert _row(w, KpiMeasure.AUDITOR_DECLARATIONS).to_date.actual == 1
        eaqa = _row(w, KpiMeasure.EAQA_COMPLETED)
        assert eaqa.to_date.actual == 0 and eaqa.detail == "0 / 1 (1)"  # 10 % of 1, rounded up

    def test_entered_kpi_result_with_evidence(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin)
        kpi = _kpi(w, KpiMeasure.ENTERED)
        svc.kpi_result_record(kpi=kpi, by=cast.reviewer, quarter=1, value="2", evidence="Q1 list")
        svc.kpi_result_record(kpi=kpi, by=cast.reviewer, quarter=1, value="3", evidence="Fixed")
        row = next(
            k for k in workplan_report(workplan_tree().get(pk=w.pk), TODAY).kpis if k.kpi == kpi
        )
        assert row.to_date.actual == 3 and row.evidence == {1: "Fixed"}
        assert KpiResult.objects.filter(kpi=kpi).count() == 1
        assert HistoryEntry.objects.filter(action="workplan_result_recorded").count() == 2

    @pytest.mark.parametrize(
        ("quarter", "value", "evidence", "field"),
        [
            (5, "1", "x", "quarter"),
            (1, "-1", "x", "value"),
            (1, "abc", "x", "value"),
            (1, "1.234", "x", "value"),
            (1, "1", "  ", "evidence"),
            (None, "1", "x", "quarter"),
        ],
    )
    def test_bad_result_refused_nothing_recorded(self, cast, quarter, value, evidence, field):
        w = svc.workplan_create(year=2026, by=cast.admin)
        kpi = _kpi(w, KpiMeasure.ENTERED)
        with pytest.raises(DomainError) as exc:
            svc.kpi_result_record(
                kpi=kpi, by=cast.admin, quarter=quarter, value=value, evidence=evidence
            )
        assert exc.value.field == field
        assert not KpiResult.objects.exists()

    def test_measured_kpi_is_never_entered(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin)
        with pytest.raises(DomainError) as exc:
            svc.kpi_result_record(
                kpi=_kpi(w, KpiMeasure.QA_COVERAGE),
                by=cast.admin,
                quarter=1,
                value="100",
                evidence="x",
            )
        assert exc.value.field == "kpi"
        assert not KpiResult.objects.exists()

    def test_employer_refused(self, cast):
        with pytest.raises(NotAllowed):
            svc.workplan_create(year=2026, by=cast.smr)
        assert not Workplan.objects.exists()

    def test_one_workplan_a_year_and_sane_years(self, cast):
        svc.workplan_create(year=2026, by=cast.admin)
        for year in (2026, 1999, 2031):
            with pytest.raises(DomainError) as exc:
                svc.workplan_create(year=year, by=cast.admin)
            assert exc.value.field == "year"
        assert Workplan.objects.count() == 1

    def test_percent_target_and_measure_checked(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin, from_template=False)
        from oversight.models import WorkplanMandate

        m = WorkplanMandate.objects.create(workplan=w, number=1, title="M")
        a = svc.activity_add(mandate=m, by=cast.admin, title="A", budget="800.00")
        with pytest.raises(DomainError) as exc:
            svc.kpi_add(
                activity=a, by=cast.admin, description="x", target="101", measure="qa_coverage"
            )
        assert exc.value.field == "target"
        with pytest.raises(DomainError) as exc:
            svc.kpi_add(activity=a, by=cast.admin, description="x", target="1", measure="nope")
        assert exc.value.field == "measure"
        with pytest.raises(DomainError) as exc:
            svc.activity_add(mandate=m, by=cast.admin, title="B", budget="-5")
        assert exc.value.field == "budget"
        assert not WorkplanKpi.objects.exists() and a.budget == Decimal("800.00")


@pytest.mark.django_db
class TestApproval:
    def _approve(self, w, by, **kw):
        values = {"chair_name": "Heidi Romich", "signature": "H. Romich", "approved_on": TODAY}
        values.update(kw)
        return svc.workplan_approve(workplan=w, by=by, **values)

    def test_approved_once(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin)
        self._approve(w, cast.admin)
        w.refresh_from_db()
        assert w.status == WorkplanStatus.APPROVED and w.chair_name == "Heidi Romich"
        with pytest.raises(Conflict):
            self._approve(w, cast.admin, chair_name="Someone Else")
        w.refresh_from_db()
        assert w.chair_name == "Heidi Romich"
        assert HistoryEntry.objects.filter(action="workplan_approved").count() == 1

    @pytest.mark.parametrize(
        ("kw", "field"),
        [
            ({"chair_name": ""}, "chair_name"),
            ({"signature": "  "}, "signature"),
            ({"approved_on": date(2026, 8, 16)}, "approved_on"),
            ({"approved_on": None}, "approved_on"),
            ({"chair_name": "x" * 201}, "chair_name"),
        ],
    )
    def test_bad_input_refused_nothing_changed(self, cast, kw, field):
        w = svc.workplan_create(year=2026, by=cast.admin)
        with pytest.raises(DomainError) as exc:
            self._approve(w, cast.admin, **kw)
        assert exc.value.field == field
        w.refresh_from_db()
        assert w.status == WorkplanStatus.DRAFT and w.chair_name == "" and w.approved_on is None
        assert not HistoryEntry.objects.filter(action="workplan_approved").exists()

    def test_empty_workplan_not_approved(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin, from_template=False)
        with pytest.raises(DomainError) as exc:
            self._approve(w, cast.admin)
        assert exc.value.field == "workplan"

    def test_only_directors_and_administrators_record_it(self, cast):
        from cor_portal.accounts.enums import UserRole

        w = svc.workplan_create(year=2026, by=cast.admin)
        for user in (cast.reviewer, UserFactory(role=UserRole.PROGRAM_MANAGER), cast.smr):
            with pytest.raises(NotAllowed):
                self._approve(w, user)
        self._approve(w, UserFactory(role=UserRole.PROGRAM_DIRECTOR))
        assert Workplan.objects.get(pk=w.pk).is_approved

    def test_plan_frozen_after_approval_results_still_reported(self, cast):
        w = svc.workplan_create(year=2026, by=cast.admin)
        self._approve(w, cast.admin)
        mandate = w.mandates.first()
        activity = mandate.activities.first()
        with pytest.raises(Conflict):
            svc.activity_add(mandate=mandate, by=cast.admin, title="Late idea")
        with pytest.raises(Conflict):
            svc.kpi_add(activity=activity, by=cast.admin, description="x", target="1")
        svc.activity_progress_record(activity=activity, by=cast.admin, quarter=2, report="On plan")
        assert activity.progress_reports.count() == 1


# --- exports, API and pages -----------------------------------------------------------------


def _sheet(response):
    body = b"".join(response.streaming_content)
    return [
        list(r) for r in openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
    ]


def _pdf_text(body: bytes) -> str:
    import tempfile
    from pathlib import Path

    from tests.certification.test_registration_pages import pdf_text

    with tempfile.TemporaryDirectory() as folder:
        return pdf_text(body, Path(folder))


@pytest.mark.django_db
class TestExports:
    def test_draft_marked_then_approval_shown_formulas_neutralized(self, cast, client):
        w = svc.workplan_create(year=2026, by=cast.admin)
        kpi = _kpi(w, KpiMeasure.ENTERED)
        svc.kpi_result_record(
            kpi=kpi, by=cast.admin, quarter=1, value="2", evidence='=HYPERLINK("x")'
        )
        client.force_login(cast.reviewer)
        rows = _sheet(client.get(f"/oversight/workplans/{w.pk}/export/xlsx/"))
        assert rows[1][0].startswith("DRAFT")
        evidence = next(r for r in rows if r[7] == kpi.description)[16]
        assert evidence.startswith("Q1: =HYPERLINK")  # text, and not at the cell's start
        response = client.get(f"/oversight/workplans/{w.pk}/export/pdf/")
        assert response["Content-Type"] == "application/pdf"
        assert "draft" in response["Content-Disposition"]
        assert "DRAFT" in _pdf_text(response.content)
        svc.workplan_approve(
            workplan=w, by=cast.admin, chair_name="Heidi Romich", signature="HR", approved_on=TODAY
        )
        rows = _sheet(client.get(f"/oversight/workplans/{w.pk}/export/xlsx/"))
        assert "Heidi Romich" in rows[1][0] and "DRAFT" not in rows[1][0]
        text = _pdf_text(client.get(f"/oversight/workplans/{w.pk}/export/pdf/").content)
        assert "Heidi Romich" in text and "DRAFT" not in text

    def test_pdf_follows_the_readers_language(self, cast, client):
        w = svc.workplan_create(year=2026, by=cast.admin)
        cast.reviewer.language = "fr-ca"
        cast.reviewer.save(update_fields=["language"])
        client.force_login(cast.reviewer)
        body = client.get(f"/oversight/workplans/{w.pk}/export/pdf/").content
        assert "BROUILLON" in _pdf_text(body)

    def test_entered_value_text_cell_in_xlsx_never_a_formula(self, cast, client):
        w = svc.workplan_create(year=2026, by=cast.admin, title="=cmd|' /C calc'!A0")
        client.force_login(cast.admin)
        rows = _sheet(client.get("/oversight/workplans/?format=xlsx"))
        assert rows[1][1] == "=cmd|' /C calc'!A0"  # stored as text
        csv_body = b"".join(client.get("/oversight/workplans/?format=csv").streaming_content)
        assert "'=cmd" in csv_body.decode("utf-8-sig")
        assert str(w.year) in csv_body.decode("utf-8-sig")

    def test_exports_only_for_staff(self, cast, client, api_client):
        w = svc.workplan_create(year=2026, by=cast.admin)
        client.force_login(cast.smr)
        assert client.get(f"/oversight/workplans/{w.pk}/export/pdf/").status_code == 403
        assert client.get("/oversight/workplans/?format=csv").status_code == 403
        api_client.force_authenticate(cast.smr)
        assert api_client.get(f"/api/v1/workplans/{w.pk}/xlsx/").status_code == 404
        answer = api_client.get("/api/v1/workplans/?format=csv")
        body = b"".join(answer.streaming_content).decode("utf-8-sig")
        assert body.strip().splitlines() == [body.strip().splitlines()[0]]  # header only


@pytest.mark.django_db
class TestApi:
    def test_nested_read_and_actions(self, cast, api_client):
        api_client.force_authenticate(cast.admin)
        created = api_client.post("/api/v1/workplans/", {"year": 2026}, format="json")
        assert created.status_code == 201, created.content
        data = created.json()
        assert len(data["mandates"]) == 5 and data["status"] == "draft"
        pk = data["id"]
        kpi = next(
            k
            for m in data["mandates"]
            for a in m["activities"]
            for k in a["kpis"]
            if not k["measured_live"]
        )
        answer = api_client.post(
            f"/api/v1/workplans/{pk}/results/",
            {"kpi": kpi["id"], "quarter": 1, "value": "1", "evidence": "List"},
            format="json",
        )
        assert answer.status_code == 200
        bad = api_client.post(
            f"/api/v1/workplans/{pk}/approve/",
            {"chair_name": "H", "signature": "H", "approved_on": "2026-09-01"},
            format="json",
        )
        assert bad.status_code == 400 and "approved_on" in bad.json()
        ok = api_client.post(
            f"/api/v1/workplans/{pk}/approve/",
            {"chair_name": "H", "signature": "H", "approved_on": "2026-08-01"},
            format="json",
        )
        assert ok.status_code == 200 and ok.json()["approval"]["chair_name"] == "H"
        again = api_client.post(
            f"/api/v1/workplans/{pk}/approve/",
            {"chair_name": "X", "signature": "X", "approved_on": "2026-08-01"},
            format="json",
        )
        assert again.status_code == 400
        assert api_client.get(f"/api/v1/workplans/{pk}/").json()["approval"]["chair_name"] == "H"

    def test_a_kpi_of_another_workplan_is_refused(self, cast, api_client):
        a = svc.workplan_create(year=2026, by=cast.admin)
        b = svc.workplan_create(year=2025, by=cast.admin)
        api_client.force_authenticate(cast.admin)
        answer = api_client.post(
            f"/api/v1/workplans/{a.pk}/results/",
            {"kpi": _kpi(b, KpiMeasure.ENTERED).pk, "quarter": 1, "value": "1", "evidence": "x"},
            format="json",
        )
        assert answer.status_code == 400 and "kpi" in answer.json()
        assert not KpiResult.objects.exists()

    def test_non_staff_see_nothing(self, cast, api_client):
        w = svc.workplan_create(year=2026, by=cast.admin)
        api_client.force_authenticate(cast.smr)
        assert api_client.get("/api/v1/workplans/").json()["results"] == []
        assert api_client.get(f"/api/v1/workplans/{w.pk}/").status_code == 404
        assert api_client.post("/api/v1/workplans/", {"year": 2025}).status_code == 403


@pytest.mark.django_db
class TestPages:
    def test_page_forms(self, cast, client):
        client.force_login(cast.admin)
        response = client.post("/oversight/workplans/new/", {"year": "2026"})
        w = Workplan.objects.get(year=2026)
        assert response.status_code == 302
        page = client.get(f"/oversight/workplans/{w.pk}/")
        assert page.status_code == 200 and b"kpi-row" in page.content
        kpi = _kpi(w, KpiMeasure.ENTERED)
        client.post(
            f"/oversight/workplans/{w.pk}/result/",
            {"kpi": kpi.pk, "quarter": "2", "value": "3", "evidence": "Minutes"},
        )
        assert KpiResult.objects.get(kpi=kpi).value == 3
        client.post(
            f"/oversight/workplans/{w.pk}/approve/",
            {"chair_name": "", "signature": "x", "approved_on": "2026-08-01"},
        )
        assert not Workplan.objects.get(pk=w.pk).is_approved
        client.post(
            f"/oversight/workplans/{w.pk}/approve/",
            {"chair_name": "H R", "signature": "HR", "approved_on": "2026-08-01"},
        )
        assert Workplan.objects.get(pk=w.pk).is_approved
        cast.admin.language = "fr-ca"
        cast.admin.save(update_fields=["language"])
        fr = client.get(f"/oversight/workplans/{w.pk}/")
        assert "Approuvé".encode() in fr.content

    def test_reviewer_cannot_approve_on_the_page(self, cast, client):
        w = svc.workplan_create(year=2026, by=cast.admin)
        client.force_login(cast.reviewer)
        answer = client.post(
            f"/oversight/workplans/{w.pk}/approve/",
            {"chair_name": "H", "signature": "H", "approved_on": "2026-08-01"},
        )
        assert answer.status_code == 403
        assert not Workplan.objects.get(pk=w.pk).is_approved

    def test_queries_constant_in_rows(
        self, cast, client, api_client, django_assert_max_num_queries
    ):
        w = svc.workplan_create(year=2026, by=cast.admin)
        client.force_login(cast.admin)
        api_client.force_authenticate(cast.admin)
        counts = []
        for total in (10, 10_000):
            _registrations(total)
            for url in (f"/oversight/workplans/{w.pk}/",):
                from django.db import connection
                from django.test.utils import CaptureQueriesContext

                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200
                counts.append(len(ctx.captured_queries))
            with CaptureQueriesContext(connection) as ctx:
                data = api_client.get(f"/api/v1/workplans/{w.pk}/").json()
            counts.append(len(ctx.captured_queries))
        reg = next(
            k
            for m in data["mandates"]
            for a in m["activities"]
            for k in a["kpis"]
            if k["measure"] == "new_registrations"
        )
        assert reg["year_to_date"]["actual"] == "10000"
        assert counts[0] == counts[2] and counts[1] == counts[3], counts
        assert max(counts) <= 60, counts


def _registrations(n: int) -> None:
    """`n` registrations submitted this program year, in all (bulk, one account each)."""
    from certification.models import Registration, WsibAccount
    from tests.factories import OrganizationFactory

    have = Registration.objects.filter(submitted_at__isnull=False).count()
    org = OrganizationFactory()
    accounts = WsibAccount.objects.bulk_create(
        WsibAccount(
            organization=org,
            account_number=f"{7000000 + have + i:07d}",
            firm_number=f"{8000000 + have + i:07d}",
            ohsms_in_place_since=date(2024, 1, 15),
        )
        for i in range(n - have)
    )
    by = UserFactory()
    Registration.objects.bulk_create(
        Registration(
            wsib_account=account,
            status=RegistrationStatus.SUBMITTED,
            applicant_name="P",
            applicant_email="p@example.test",
            declaration_accepted=True,
            created_by=by,
            submitted_at=datetime(2026, 5, 1, 10, tzinfo=TZ),
        )
        for account in accounts
    )
