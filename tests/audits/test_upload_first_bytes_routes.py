"""Every route that receives a file refuses a wrong type from its first bytes, with the same
message as the evidence upload, before the rest of the body is read and before the service
runs (issue 8): CAP action evidence, training-exemption transcripts and outlines, and the
audit tool import (CSV or Excel only) — each through its page and its API."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditTool, Evidence
from certification.enums import ExemptionDocumentKind
from certification.models import TrainingExemption
from tests.audits.conftest import Flow, db_state
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# A program renamed to look like a document; 300 KB follow its first bytes (under the
# anonymous body limit the test client's forced login meets).
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * (300 * 1024)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n" + b"\n" * 9000
REFUSED = "is not an accepted type (its content was checked)"


def _never(monkeypatch, module, name: str) -> None:
    """The service must not run: the refusal comes from the first bytes, not its own check."""

    def called(**_kw):
        raise AssertionError(f"{name} ran: the file was read to the end")

    monkeypatch.setattr(module, name, called)


# --- CAP action evidence ---------------------------------------------------------------------


@pytest.fixture
def plan(flow: Flow):
    return flow.reviewed(reviewer_points={"1.1": 5}).plan


def test_cap_evidence_page_refuses_from_the_first_bytes(client, flow, plan, monkeypatch):
    from audits.views import cap as cap_views

    item = plan.items.get(order=1)
    _never(monkeypatch, cap_views, "cap_item_update")
    client.force_login(flow.cast.internal_auditor)
    before = db_state()
    response = client.post(
        reverse("audits:cap_item_edit", args=[item.pk]),
        {
            "action": "Re-train",
            "evidence_file": SimpleUploadedFile("Training log.pdf", EXE),
            "evidence_document_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["evidence_file"]
    assert f"Training log.pdf {REFUSED}" in response.content.decode()
    assert db_state() == before and Evidence.objects.count() == 0


def test_cap_evidence_api_refuses_from_the_first_bytes(api_client, flow, plan, monkeypatch):
    from audits.api import caps as caps_api

    item = plan.items.get(order=1)
    _never(monkeypatch, caps_api, "cap_item_update")
    api_client.force_authenticate(flow.cast.smr)
    response = api_client.patch(
        f"/api/v1/corrective-action-plans/{plan.pk}/items/{item.pk}/",
        {"evidence": SimpleUploadedFile("fix.pdf", EXE), "evidence_document_date": "2026-11-01"},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["evidence"]
    assert f"fix.pdf {REFUSED}" in response.json()["evidence"][0]
    assert Evidence.objects.count() == 0


def test_cap_evidence_refusal_comes_after_the_permission_check(api_client, flow, plan):
    """A viewer may not edit the plan: 403, whatever the file."""
    item = plan.items.get(order=1)
    api_client.force_authenticate(flow.cast.viewer)
    response = api_client.patch(
        f"/api/v1/corrective-action-plans/{plan.pk}/items/{item.pk}/",
        {"evidence": SimpleUploadedFile("fix.pdf", EXE)},
        format="multipart",
    )
    assert response.status_code == 403


def test_cap_evidence_accepted_file_still_attaches(client, flow, plan):
    item = plan.items.get(order=1)
    client.force_login(flow.cast.internal_auditor)
    response = client.post(
        reverse("audits:cap_item_edit", args=[item.pk]),
        {
            "action": "Re-train",
            "evidence_file": SimpleUploadedFile("Training log.pdf", PDF),
            "evidence_document_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.evidence is not None and item.evidence.original_name == "Training log.pdf"


# --- training exemptions ---------------------------------------------------------------------


def _exemption_form(person, transcript: bytes, outline: bytes = PDF) -> dict:
    return {
        "person": person.pk,
        "course": "basic_auditing_principles",
        "provider": "Other Safety Association",
        "provider_course_title": "Auditing 101",
        "completed_on": (timezone.localdate() - timedelta(days=200)).isoformat(),
        "transcript": SimpleUploadedFile("transcript.pdf", transcript),
        "transcript_kind": ExemptionDocumentKind.TRANSCRIPT,
        "course_outline": SimpleUploadedFile("outline.pdf", outline),
        "course_outline_kind": ExemptionDocumentKind.COURSE_OUTLINE,
    }


def test_exemption_page_refuses_a_transcript_from_its_first_bytes(client, cast, monkeypatch):
    from certification.views import training as training_views

    person = PersonFactory(organization=cast.organization)
    _never(monkeypatch, training_views, "exemption_request")
    client.force_login(cast.smr)
    response = client.post(
        reverse("exemption_request", args=[person.pk]), _exemption_form(person, EXE)
    )
    assert response.status_code == 200  # the page's own answer to a form error
    errors = response.context["form"].errors
    assert list(errors) == ["transcript"]  # not the fields after it, which were never read
    assert f"transcript.pdf {REFUSED}" in errors["transcript"][0]
    assert TrainingExemption.objects.count() == 0


def test_exemption_api_refuses_a_transcript_from_its_first_bytes(api_client, cast, monkeypatch):
    from certification.api import people as people_api

    person = PersonFactory(organization=cast.organization)
    _never(monkeypatch, people_api, "exemption_request")
    api_client.force_authenticate(cast.smr)
    response = api_client.post(
        "/api/v1/training-exemptions/", _exemption_form(person, EXE), format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["transcript"]
    assert f"transcript.pdf {REFUSED}" in response.json()["transcript"][0]
    assert TrainingExemption.objects.count() == 0


def test_exemption_api_still_accepts_real_documents(api_client, cast):
    person = PersonFactory(organization=cast.organization)
    api_client.force_authenticate(cast.smr)
    response = api_client.post(
        "/api/v1/training-exemptions/", _exemption_form(person, PDF), format="multipart"
    )
    assert response.status_code == 201, response.content
    assert TrainingExemption.objects.count() == 1


# --- audit tool import (CSV or Excel) ----------------------------------------------------------

TOOL_CSV = (
    "element,sub_section,item_number,text,points,legislated,techniques\n"
    "1 Policy,1.1,1.1.1,Signed,2,no,Documentation\n"
)


@pytest.fixture
def administrator(cast):
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    return cast.admin


def _tool_form(name: str, content: bytes) -> dict:
    return {
        "program": "ihsa",
        "name": "COR 2020",
        "version": "first-bytes",
        "benchmark_overall_pct": "80",
        "benchmark_element_pct": "65",
        "benchmark_legislated_pct": "100",
        "description": "",
        "file": SimpleUploadedFile(name, content),
    }


@pytest.mark.parametrize(("name", "content"), [("tool.csv", EXE), ("tool.csv", PDF)])
def test_tool_import_page_refuses_what_cannot_be_csv_or_excel(
    client, administrator, monkeypatch, name, content
):
    from audits import admin as audits_admin

    _never(monkeypatch, audits_admin, "audit_tool_import")
    client.force_login(administrator)
    before = AuditTool.objects.count()
    response = client.post("/admin/audits/audittool/import/", _tool_form(name, content))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{name} {REFUSED}" in html and "Accepted: CSV, Excel workbook." in html
    assert AuditTool.objects.count() == before


def test_tool_import_api_refuses_a_pdf_from_its_first_bytes(api_client, cast, monkeypatch):
    from audits.api import tools as tools_api

    _never(monkeypatch, tools_api, "audit_tool_import")
    api_client.force_authenticate(cast.admin)
    response = api_client.post(
        "/api/v1/audit-tools/import/", _tool_form("tool.csv", PDF), format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "Accepted: CSV, Excel workbook." in response.json()["file"][0]


def test_tool_import_still_takes_a_csv(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/audits/audittool/import/", _tool_form("tool.csv", TOOL_CSV.encode()), follow=True
    )
    assert AuditTool.objects.filter(version="first-bytes").exists(), response.content[:500]


def test_the_refusal_is_in_the_readers_language(api_client, cast):
    from django.utils import translation

    person = PersonFactory(organization=cast.organization)
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    api_client.force_authenticate(cast.smr)
    with translation.override("en-ca"):  # the request's language does not stay active
        response = api_client.post(
            "/api/v1/training-exemptions/",
            _exemption_form(person, EXE),
            format="multipart",
            HTTP_ACCEPT_LANGUAGE="fr-ca",
        )
    assert response.status_code == 400
    assert "transcript.pdf" in response.json()["transcript"][0]
    assert REFUSED not in response.json()["transcript"][0]
