"""The review report PDF: generated when the review completes (task on commit) or on first
download, stored once, downloadable by who may see the audit, and its text lists every
element's percentage, the failed benchmarks, findings and the outcome."""

import pytest
from django.urls import reverse

from audits.models import Audit
from audits.reports import REVIEW_REPORT_KIND, review_report_generate
from cor_portal.documents.models import GeneratedDocument
from cor_portal.errors import DomainError
from tests.audits.conftest import Flow, qa_cleared
from tests.certification.test_registration_pages import pdf_text

DOWNLOAD = {
    "smr": 200,
    "internal_auditor": 200,
    "viewer": 200,
    "outsider": 404,
    "auditor": 404,
    "reviewer": 200,
    "admin": 200,
}


@pytest.mark.django_db
def test_not_confirmed_report_text(flow: Flow, tmp_path):
    completion = flow.reviewed(
        reviewer_points={"1.1": 5, "2.1": 2},
        findings=[{"text": "Policy unsigned.", "element_number": 1, "item_number": "1.1"}],
    )
    audit = completion.audit
    document = review_report_generate(audit=audit)
    assert document.number.startswith("IRR-") and document.sha256
    assert review_report_generate(audit=audit).pk == document.pk  # stored once
    text = " ".join(pdf_text(document.file.read(), tmp_path).split())
    assert document.number in text
    assert flow.cast.organization.legal_name in text
    assert flow.cast.wsib_account.account_number in text
    assert "Test tool — 1" in text
    # Element 1: employer 100 %, reviewer 15/20 = 75 %; element 2: reviewer 12/20 = 60 %.
    assert "1 Element 1 100.00 75.00" in text
    assert "2 Element 2 100.00 60.00" in text
    assert "Overall 100.00 67.50" in text
    assert "Element 2 scored 60.00 %, below the required 65.00 %." in text
    assert "Legislated item 1.1 (element 1) scored 50.00 %" in text
    assert "Overall score 67.50 % is below the required 80.00 %." in text
    assert "Policy unsigned." in text
    assert "Benchmarks not confirmed" in text
    assert audit.internal_review.correction_due_on.isoformat() in text
    assert "corrective action plan is required" in text


@pytest.mark.django_db
def test_confirmed_report_lists_every_element(flow: Flow, tmp_path):
    audit = flow.reviewed().audit
    text = " ".join(pdf_text(review_report_generate(audit=audit).file.read(), tmp_path).split())
    for number in (1, 2):
        assert f"{number} Element {number} 100.00 100.00" in text
    assert "Benchmarks confirmed" in text
    assert "None: every benchmark is met." in text


@pytest.mark.django_db
def test_no_report_before_review(flow: Flow, client):
    audit = flow.under_review()
    with pytest.raises(DomainError):
        review_report_generate(audit=audit)
    client.force_login(flow.cast.smr)
    assert client.get(reverse("audits:review_report", args=[audit.pk])).status_code == 404


@pytest.mark.django_db
def test_review_completed_in_page_queues_the_report(
    client, flow: Flow, django_capture_on_commit_callbacks
):
    """Completing the review through the page generates the report after commit (eager
    Celery in tests)."""
    audit = flow.under_review()
    client.force_login(flow.cast.reviewer)
    qa_cleared(audit, by=flow.cast.admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("audits:review_complete", args=[audit.pk]), {"confirm": "1"})
    assert callbacks
    audit = Audit.objects.get(pk=audit.pk)
    assert audit.internal_review.status == "confirmed"
    assert GeneratedDocument.objects.filter(kind=REVIEW_REPORT_KIND).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", DOWNLOAD)
def test_download_per_role(client, flow: Flow, role):
    audit = flow.reviewed().audit
    client.force_login(getattr(flow.cast, role))
    response = client.get(reverse("audits:review_report", args=[audit.pk]))
    assert response.status_code == DOWNLOAD[role]
    if DOWNLOAD[role] == 200:
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert GeneratedDocument.objects.filter(kind=REVIEW_REPORT_KIND).count() == 1


@pytest.mark.django_db
def test_a_french_smrs_report_words_the_failures_in_french_with_decimal_commas(
    flow: Flow, tmp_path
):
    """The failed-benchmark sentences are worded when the PDF is rendered, in its
    addressee's language — not in the language of whoever completed the review (issue 8)."""
    from django.utils import translation

    flow.cast.smr.language = "fr-ca"
    flow.cast.smr.save(update_fields=["language"])
    with translation.override("en-ca"):
        completion = flow.reviewed(reviewer_points={"1.1": 5, "2.1": 2})
        document = review_report_generate(audit=completion.audit)
    text = " ".join(pdf_text(document.file.read(), tmp_path).split())
    assert "L'élément 2 a obtenu 60,00 %, sous le seuil requis de 65,00 %." in text
    assert "La note globale de 67,50 % est inférieure au seuil requis de 80,00 %." in text
    assert "Overall score" not in text and "60.00 %" not in text
