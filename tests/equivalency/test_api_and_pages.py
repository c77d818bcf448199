"""The whole job through the API (spot check, equivalency, reciprocity), permission before
input, the pages in English and French, and query counts that do not grow with rows."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equivalency.enums import EquivalencyStatus, SpotCheckStatus
from equivalency.models import EquivalencyRequest, SpotCheck
from equivalency.rules_pure import allowed_documents
from tests.factories import SAMPLE_PDF

from .helpers import at, certified_account, confirmed, lead, submitted_request

pytestmark = pytest.mark.django_db


def test_spot_check_through_the_api(api_client, cast):
    with at(date(2026, 3, 2)):
        account = certified_account(cast, date(2025, 6, 1))
        api_client.force_authenticate(cast.reviewer)
        made = api_client.post(
            "/api/v1/spot-checks/",
            {"wsib_account": account.pk, "scope": "Element 3", "check_date": "2026-03-01"},
            format="json",
        )
        assert made.status_code == 201, made.json()
        pk = made.json()["id"]
        letter = api_client.post(
            f"/api/v1/spot-checks/{pk}/issue-letter/",
            {"outcome": "corrective_action", "findings": "Gaps"},
            format="json",
        )
        assert letter.status_code == 200 and letter.json()["cap_due_on"] == "2026-05-31"
        api_client.force_authenticate(cast.smr)
        cap = api_client.post(
            f"/api/v1/spot-checks/{pk}/report-cap/",
            {"cap_actions": "Done", "implemented_on": "2026-03-02"},
            format="json",
        )
        assert cap.status_code == 200 and cap.json()["status"] == "cap_implemented"
        api_client.force_authenticate(cast.reviewer)
        valid = api_client.post(
            f"/api/v1/spot-checks/{pk}/validate/",
            {"validated": True, "scope": "Docs", "fee_amount": "350.00"},
            format="json",
        )
        assert valid.status_code == 200 and valid.json()["fee_amount"] == "350.00"
    assert SpotCheck.objects.get().status == SpotCheckStatus.VALIDATED


def test_api_spot_check_on_an_uncertified_account_is_refused(api_client, cast):
    account = confirmed(cast)
    api_client.force_authenticate(cast.reviewer)
    answer = api_client.post(
        "/api/v1/spot-checks/",
        {"wsib_account": account.pk, "scope": "x", "check_date": "2026-01-01"},
        format="json",
    )
    assert answer.status_code == 400
    assert "is not certified" in answer.json()["wsib_account"][0]
    assert not SpotCheck.objects.exists()


def test_equivalency_through_the_api(api_client, cast):
    account = confirmed(cast)
    api_client.force_authenticate(cast.smr)
    made = api_client.post(
        "/api/v1/equivalency-requests/",
        {"kind": "iso_45001", "wsib_account": account.pk, "ontario_work_in_scope": True},
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    early = api_client.post(f"/api/v1/equivalency-requests/{pk}/submit/")
    assert early.status_code == 400
    assert "COR ISO 45001 Equivalency Form" in early.json()["documents"][0]
    for kind in allowed_documents("iso_45001"):
        added = api_client.post(
            f"/api/v1/equivalency-requests/{pk}/documents/",
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", SAMPLE_PDF)},
            format="multipart",
        )
        assert added.status_code == 200, added.json()
    assert api_client.post(f"/api/v1/equivalency-requests/{pk}/submit/").status_code == 200
    api_client.force_authenticate(lead())
    decided = api_client.post(
        f"/api/v1/equivalency-requests/{pk}/decide/",
        {
            "outcome": "approve",
            "summary": "Reviewed",
            "fee_amount": "750.00",
            "fee_paid_on": date.today().isoformat(),
        },
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"
    assert decided.json()["certificate"]["number"].startswith("EQC-")


def test_reciprocity_through_the_api(api_client, cast):
    api_client.force_authenticate(cast.smr)
    made = api_client.post(
        "/api/v1/reciprocity-requests/",
        {
            "home_province": "BC",
            "cfcsa_member": "BC Construction Safety Alliance",
            "letter": SimpleUploadedFile("letter.pdf", SAMPLE_PDF),
        },
        format="multipart",
    )
    assert made.status_code == 201, made.json()
    api_client.force_authenticate(cast.reviewer)
    answer = api_client.post(
        f"/api/v1/reciprocity-requests/{made.json()['id']}/decide/",
        {"approve": False},
        format="json",
    )
    assert answer.status_code == 400 and "reason" in answer.json()
    answer = api_client.post(
        f"/api/v1/reciprocity-requests/{made.json()['id']}/decide/",
        {"approve": False, "reason": "Letter does not show a current COR"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "refused"


def test_who_may_not_act_is_refused_before_the_input(api_client, cast):
    request = submitted_request(cast, account=confirmed(cast))
    for user in (cast.smr, cast.reviewer, cast.viewer):
        api_client.force_authenticate(user)
        answer = api_client.post(
            f"/api/v1/equivalency-requests/{request.pk}/decide/", {"outcome": "x"}, format="json"
        )
        assert answer.status_code == 403
    api_client.force_authenticate(cast.outsider)
    answer = api_client.post(
        f"/api/v1/equivalency-requests/{request.pk}/decide/", {"outcome": "x"}, format="json"
    )
    assert answer.status_code == 404
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.SUBMITTED


def test_the_pages_in_english_and_french(client, cast):
    request = submitted_request(cast, account=None)
    client.force_login(cast.smr)
    page = client.get("/keeping-cor/")
    assert page.status_code == 200
    assert "Keeping COR" in page.content.decode()
    detail = client.get(f"/keeping-cor/equivalency/{request.pk}/")
    assert "ISO 45001 equivalency" in detail.content.decode()
    cast.smr.language = "fr-ca"
    cast.smr.save()
    client.force_login(cast.smr)
    html = client.get(f"/keeping-cor/equivalency/{request.pk}/").content.decode()
    assert "Équivalence ISO 45001" in html and "Documents" in html
    assert "Maintien du COR" in client.get("/keeping-cor/").content.decode()


def test_the_lead_auditor_decides_on_the_page_and_the_missing_document_is_named(client, cast):
    draft = submitted_request(cast, account=confirmed(cast), skip=("iso_certificate",))
    client.force_login(cast.smr)
    answer = client.post(f"/keeping-cor/equivalency/{draft.pk}/", {"step": "submit"}, follow=True)
    assert "Most recent ISO 45001 certificate" in answer.content.decode()
    draft.refresh_from_db()
    assert draft.status == EquivalencyStatus.DRAFT
    request = submitted_request(cast, account=None)
    client.force_login(lead())
    answer = client.post(
        f"/keeping-cor/equivalency/{request.pk}/",
        {
            "step": "decide",
            "outcome": "approve",
            "summary": "Reviewed",
            "fee_amount": "750",
            "fee_paid_on": date.today().isoformat(),
            "ontario_work_in_scope": "yes",
        },
        follow=True,
    )
    assert answer.status_code == 200
    request.refresh_from_db()
    assert request.status == EquivalencyStatus.RECIPROCITY
    assert "no valid Ontario WSIB account" in answer.content.decode()


@pytest.mark.parametrize("n", [2, 6])
def test_queries_do_not_grow_with_rows(client, cast, django_assert_max_num_queries, n):
    for _ in range(n):
        submitted_request(cast, account=None)
    client.force_login(cast.reviewer)
    with django_assert_max_num_queries(14):
        assert client.get("/keeping-cor/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/equivalency-requests/").status_code == 200
    assert EquivalencyRequest.objects.count() == n
