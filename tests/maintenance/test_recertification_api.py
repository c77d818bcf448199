"""Recertification through the API and the pages [001 §2.5]: the SMR re-registers (the same
registration endpoints and page), completes the year-1 internal audit (`complete/`, the sign-off
page), the auditor validates it (`validate-internal-audit/`, the engagement page), a pass
supersedes the certificate; `recertifications/` reads each certificate's recertification."""

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from audits.enums import AuditKind
from audits.models import Audit, ExternalEngagement
from audits.services.audit import audit_start
from certification.models import Certificate, MaintenanceYear, Registration
from tests.audits.external import make_external, report_qa_cleared

from .helpers import on
from .test_recertification import A4, FACTS, A, Recert, flow  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ok(response, code=200):
    assert response.status_code == code, response.content
    return response.json()


@pytest.fixture
def rc(flow):  # noqa: F811 (the imported fixture)
    return Recert(flow, make_external(flow), A)


def test_recertification_through_the_api(rc):
    cast, ext = rc.cast, rc.ext
    smr, ia, admin = _client(cast.smr), _client(cast.internal_auditor), _client(cast.admin)
    reviewer, auditor = _client(cast.reviewer), _client(ext.auditor.user)
    day = A4 - timedelta(days=100)
    with on(day):
        [recert] = _ok(smr.get("/api/v1/recertifications/"))["results"]
        year = MaintenanceYear.objects.get(certificate=rc.certificate, year=4)
        assert {k: recert[k] for k in ("id", "anniversary_date", "registration", "state")} == {
            "id": year.pk,
            "anniversary_date": "2030-03-01",
            "registration": None,
            "state": "planned",
        }
        assert recert["reregistration_opens_on"] == "2029-03-01"
        assert recert["reminder_days"] == ["2029-12-01", "2029-12-17", "2029-12-28"]
        assert recert["audit_due_on"] == "2029-12-31"
        # Re-register: the same endpoints as the first application.
        registration = _ok(
            smr.post(
                "/api/v1/registrations/",
                {"wsib_account": cast.wsib_account.pk, **FACTS},
                format="json",
            ),
            201,
        )
        assert registration["recertification_of"] == rc.certificate.pk
        _ok(smr.post(f"/api/v1/registrations/{registration['id']}/submit/"))
        _ok(admin.post(f"/api/v1/registrations/{registration['id']}/confirm/"))
        assert _ok(smr.get(f"/api/v1/recertifications/{year.pk}/"))["registration_status"] == (
            "confirmed"
        )
        audit = _ok(
            ia.post(
                "/api/v1/audits/",
                {
                    "wsib_account": cast.wsib_account.pk,
                    "kind": AuditKind.RECERTIFICATION_INTERNAL,
                    "internal_auditor": rc.flow.ia.pk,
                },
                format="json",
            ),
            201,
        )
        rc.flow.answer(Audit.objects.get(pk=audit["id"]))
        refused = smr.post(f"/api/v1/audits/{audit['id']}/complete/", {}, format="json")
        assert refused.status_code == 400
        assert refused.json() == {
            "sign_off": ["Tick the sign-off to confirm the audit is complete and accurate."]
        }
        done = _ok(
            smr.post(f"/api/v1/audits/{audit['id']}/complete/", {"sign_off": True}, format="json")
        )
        assert done["status"] == "completed"
    with on(A4 - timedelta(days=80)):
        engagement = rc.started()
        path = f"/api/v1/engagements/{engagement.pk}/"
        assert smr.post(path + "validate-internal-audit/").status_code == 403
        validated = _ok(auditor.post(path + "validate-internal-audit/"))
        assert validated["is_recertification"] is True
        assert validated["internal_audit_validated_at"]
        again = auditor.post(path + "validate-internal-audit/")
        assert again.status_code in (400, 409)
        _ok(auditor.post(path + "submit-report/", {}, format="json"))
        report_qa_cleared(ExternalEngagement.objects.get(pk=engagement.pk), by=cast.admin)
        _ok(reviewer.post(path + "approve-report/"))
    new = Certificate.objects.get(wsib_account=cast.wsib_account, status="active")
    assert new.pk != rc.certificate.pk
    assert Certificate.objects.get(pk=rc.certificate.pk).superseded_by_id == new.pk


def test_recertifications_list_query_count_is_constant(rc, django_assert_max_num_queries):
    client = _client(rc.cast.admin)
    with on(A4), django_assert_max_num_queries(12):
        few = _ok(client.get("/api/v1/recertifications/"))["count"]
    from tests.certification.certified import certified

    with on(A):
        for _ in range(4):
            certified(rc.cast.admin, A)
    with on(A4), django_assert_max_num_queries(12):
        many = _ok(client.get("/api/v1/recertifications/"))["count"]
    assert (few, many) == (1, 5)


def test_the_smr_and_the_auditor_pages(rc, client):
    cast = rc.cast
    with on(A4 - timedelta(days=100)):
        client.force_login(cast.smr)  # in the travelled time: sessions expire
        page = client.get(f"/wsib-accounts/{cast.wsib_account.pk}/")
        html = page.content.decode()
        assert page.status_code == 200
        assert 'data-testid="recertification"' in html
        assert f'href="/wsib-accounts/{cast.wsib_account.pk}/register/"' in html
        assert "between 2029-12-01 and 2029-12-31" in html
        assert "pending from 2030-04-01" in html and "lapses on 2030-05-31" in html
        rc.reregister()
        html = client.get(f"/wsib-accounts/{cast.wsib_account.pk}/").content.decode()
        assert f'href="/wsib-accounts/{cast.wsib_account.pk}/register/"' not in html
        # The sign-off page of the recertification internal audit completes, not submits.
        audit = audit_start(
            wsib_account=cast.wsib_account,
            kind=AuditKind.RECERTIFICATION_INTERNAL,
            internal_auditor=rc.flow.ia,
            by=cast.internal_auditor,
        )
        rc.flow.answer(audit)
        page = client.get(f"/audits/{audit.pk}/submit/")
        assert "Sign off the recertification internal audit" in page.content.decode()
        response = client.post(f"/audits/{audit.pk}/submit/", {"sign_off": "1"})
        assert response.status_code == 302
        audit.refresh_from_db()
        assert audit.internal_review.status == "completed"
        assert audit.internal_review.received_on is None
    with on(A4 - timedelta(days=80)):
        engagement = rc.started()
        client.force_login(engagement.auditor.user)
        page = client.get(f"/external/{engagement.pk}/").content.decode()
        assert 'data-testid="validate-internal-audit"' in page
        client.post(f"/external/{engagement.pk}/do/validate-internal-audit/")
        engagement.refresh_from_db()
        assert engagement.internal_audit_validated_at is not None
        page = client.get(f"/external/{engagement.pk}/").content.decode()
        assert 'data-testid="validate-internal-audit"' not in page


def test_the_recertification_start_page(rc, client):
    with on(A4 - timedelta(days=100)):
        client.force_login(rc.cast.internal_auditor)
        response = client.post(
            "/audits/recertification/start/",
            {"wsib_account": rc.cast.wsib_account.pk, "internal_auditor": rc.flow.ia.pk},
        )
    audit = Audit.objects.get(kind=AuditKind.RECERTIFICATION_INTERNAL)
    assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/"


def test_the_recertification_start_page_refuses_an_uncertified_account(flow, client):  # noqa: F811
    client.force_login(flow.cast.internal_auditor)
    response = client.post(
        "/audits/recertification/start/",
        {"wsib_account": flow.cast.wsib_account.pk, "internal_auditor": flow.ia.pk},
        follow=True,
    )
    assert not Audit.objects.filter(kind=AuditKind.RECERTIFICATION_INTERNAL).exists()
    assert "has no recertification open" in response.content.decode()
    assert Registration.objects.filter(recertification_of__isnull=False).count() == 0


def test_registration_start_date_edges_are_the_same_through_the_page(rc, client):
    with on(date(2029, 2, 28)):
        client.force_login(rc.cast.smr)
        response = client.post(f"/wsib-accounts/{rc.cast.wsib_account.pk}/register/", FACTS)
    assert response.status_code == 400
    assert "opens on 2029-03-01" in response.content.decode()
    assert not Registration.objects.filter(recertification_of__isnull=False).exists()
