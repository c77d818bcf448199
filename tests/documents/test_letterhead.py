"""Every generated document shares one page size (US Letter) and one letterhead: the issuer,
the signing officer, the addressee (the organization and its SMR), the document number and
how to verify it (a public URL and a QR code); it is written in its addressee's language."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from audits.reports import review_report_generate
from certification.services.registration import registration_confirmation_letter
from cor_portal.documents.rendering import qr_data_uri, verification_url
from cor_portal.documents.services import document_revoke
from tests.audits import conftest as audits_conftest
from tests.audits.conftest import Flow
from tests.certification.test_registration_pages import _registration, pdf_text

pytestmark = pytest.mark.django_db

flow = audits_conftest.flow  # the audits' fixture: an audit taken through its review

LETTERHEAD = override_settings(
    SITE_URL="https://cor.example.ca",
    DOCUMENT_ISSUER={"name": "Example Certifying Body", "address": "Toronto, ON", "email": ""},
    DOCUMENT_SIGNING_OFFICER={"name": "Dana Officer", "title": "Registrar"},
)


def pdf_pages(data: bytes, folder: Path) -> tuple[str, int]:
    """(page size line, page count) as poppler's pdfinfo reads them."""
    pdf = folder / "info.pdf"
    pdf.write_bytes(data)
    command = [shutil.which("pdfinfo") or "/usr/bin/pdfinfo", str(pdf)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    size = re.search(r"^Page size:\s+(.+)$", out, re.M)
    pages = re.search(r"^Pages:\s+(\d+)$", out, re.M)
    assert size and pages
    return size.group(1), int(pages.group(1))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _letter(cast):
    registration = _registration(cast, "confirmed")
    return registration_confirmation_letter(registration=registration, by=cast.smr)


@LETTERHEAD
def test_letter_has_the_letterhead_addressee_number_and_verification(cast, tmp_path):
    document = _letter(cast)
    data = document.file.read()
    text = _flat(pdf_text(data, tmp_path))
    assert "Example Certifying Body" in text
    assert "Dana Officer" in text and "Registrar" in text
    assert cast.organization.legal_name in text
    assert f"Attention: {cast.smr.get_full_name() or cast.smr.username}" in text
    assert document.number in text
    assert document.verification_code
    url = f"https://cor.example.ca/verify/{document.verification_code}/"
    assert url == verification_url(document.verification_code)
    assert url in text
    assert pdf_pages(data, tmp_path)[0].startswith("612 x 792 pts (letter)")


@LETTERHEAD
def test_review_report_is_letter_with_notes_and_verification(flow: Flow, tmp_path):
    audit = flow.reviewed(reviewer_points={"1.1": 5}).audit
    document = review_report_generate(audit=audit)
    data = document.file.read()
    text = _flat(pdf_text(data, tmp_path))
    size, _pages = pdf_pages(data, tmp_path)
    assert size.startswith("612 x 792 pts (letter)")  # no longer A4
    assert "Example Certifying Body" in text and "Dana Officer" in text
    assert flow.cast.organization.legal_name in text
    assert document.number in text
    assert f"https://cor.example.ca/verify/{document.verification_code}/" in text
    # The reviewer's per-item note is in the report.
    assert "Reviewer's notes by item" in text
    assert "1 1.1 Reviewer re-scored" in text


def test_qr_code_is_an_inline_svg():
    assert qr_data_uri("https://cor.example.ca/verify/X/").startswith("data:image/svg+xml")


@LETTERHEAD
def test_french_preferring_smr_gets_a_french_letter(cast, tmp_path):
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    text = _flat(pdf_text(_letter(cast).file.read(), tmp_path))
    assert "Confirmation de l'inscription au programme COR™" in text
    assert "Confirmation of registration" not in text


@LETTERHEAD
def test_language_of_the_requester_does_not_change_the_document(client, cast, tmp_path):
    """The stored letter follows its addressee (the SMR, English here), not the French
    preference of the person who downloads it first."""
    cast.viewer.language = "fr-ca"
    cast.viewer.save(update_fields=["language"])
    registration = _registration(cast, "confirmed")
    client.force_login(cast.viewer)
    url = reverse("registration_confirmation_letter", args=[registration.pk])
    text = _flat(pdf_text(b"".join(client.get(url).streaming_content), tmp_path))
    assert "Confirmation of registration in the COR™ program" in text


def test_verification_page_says_whether_the_document_is_current(client, cast):
    document = _letter(cast)
    url = reverse("documents:verify", args=[document.verification_code])
    page = client.get(url)  # public: no login
    assert page.status_code == 200
    html = page.content.decode()
    assert document.number in html and "is current" in html
    assert cast.organization.legal_name not in html  # only what the document says of itself
    document_revoke(document=document, by=cast.admin, reason="Issued in error")
    assert "has been revoked" in client.get(url).content.decode()
    # The code is case-insensitive; an unknown code is a 404.
    assert client.get(url.lower()).status_code == 200
    assert client.get(reverse("documents:verify", args=["NOSUCHCODE"])).status_code == 404


def _french_letter(cast):
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    return _letter(cast)


def test_the_default_issuer_name_is_in_the_documents_language(cast, tmp_path):
    """Unset DOCUMENT_ISSUER_NAME: the portal's own name for the issuer, translated — a
    French letter carries the French name (issue 8)."""
    french = _flat(pdf_text(_french_letter(cast).file.read(), tmp_path))
    assert "Organisme de certification COR™" in french
    assert "COR™ Certifying Body" not in french


def test_the_default_issuer_name_in_an_english_document(cast, tmp_path):
    english = _flat(pdf_text(_letter(cast).file.read(), tmp_path))
    assert "COR™ Certifying Body" in english and "Organisme de certification" not in english


@override_settings(
    DOCUMENT_ISSUER={
        "name": "Example Certifying Body",
        "name_fr": "Organisme de certification Exemple",
        "address": "Toronto, ON",
        "email": "",
    },
    DOCUMENT_SIGNING_OFFICER={
        "name": "Dana Officer",
        "title": "Registrar",
        "title_fr": "Registraire",
    },
)
def test_a_configured_issuer_has_its_french_forms_in_french_documents(cast, tmp_path):
    french = _flat(pdf_text(_french_letter(cast).file.read(), tmp_path))
    assert "Organisme de certification Exemple" in french and "Registraire" in french
    assert "Example Certifying Body" not in french and "Registrar," not in french
