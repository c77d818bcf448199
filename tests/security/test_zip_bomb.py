"""Zip bombs in uploaded Office/OpenDocument files (issue 7 item 1): refused with a clear
message from the archive's directory alone, nothing stored, memory bounded — through the
upload check and through POST /api/v1/audits/{id}/evidence/."""

import io
import os
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.core.files import File
from rest_framework.test import APIClient

from audits.models import Evidence
from audits.services.audit import evidence_attach
from certification import uploads
from certification.uploads import check_upload
from cor_portal.errors import DomainError
from tests.audits.conftest import db_state

pytestmark = pytest.mark.django_db
MIB = 1024 * 1024
# The issue saw 105 MB -> 1.96 GB; a check that reads only the directory stays far below.
MEMORY_BOUND = 16 * MIB


def docx(content_types: bytes, extra: dict[str, bytes] | None = None) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("word/document.xml", b"<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    buf.seek(0)
    buf.name = "report.docx"
    return buf


def test_the_bomb_is_what_the_issue_describes(zip_bomb):
    assert os.path.getsize(zip_bomb) < 2 * MIB
    with zipfile.ZipFile(zip_bomb) as z:
        assert z.getinfo("[Content_Types].xml").file_size == 1024 * MIB


def test_check_upload_refuses_the_bomb_with_bounded_memory(zip_bomb):
    with open(zip_bomb, "rb") as fh:
        upload = File(fh, name="report.docx")
        tracemalloc.start()
        try:
            with pytest.raises(DomainError) as exc:
                check_upload(upload, field="file")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert exc.value.field == "file"
    assert "report.docx was refused" in exc.value.message
    assert "compressed far more than a real document" in exc.value.message
    assert peak < MEMORY_BOUND


def test_evidence_service_refuses_the_bomb_and_stores_nothing(flow, zip_bomb, settings):
    audit = flow.start()
    before = db_state()
    with open(zip_bomb, "rb") as fh, pytest.raises(DomainError) as exc:
        evidence_attach(
            audit=audit,
            item=None,
            uploaded_file=File(fh, name="report.docx"),
            document_date=date(2026, 1, 1),
            by=flow.cast.smr,
        )
    assert exc.value.field == "file"
    assert "was refused" in exc.value.message
    assert db_state() == before
    assert not any(files for _root, _dirs, files in os.walk(settings.MEDIA_ROOT))


def test_evidence_api_answers_400_with_the_message(flow, zip_bomb):
    audit = flow.start()
    client = APIClient()
    client.force_authenticate(flow.cast.smr)
    with open(zip_bomb, "rb") as fh:
        tracemalloc.start()
        try:
            response = client.post(
                f"/api/v1/audits/{audit.pk}/evidence/",
                {"file": fh, "document_date": "2026-01-05"},
                format="multipart",
            )
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "bomb.docx was refused" in response.json()["file"][0]
    assert Evidence.objects.count() == 0
    # The test client holds the 1 MB request body (a few copies); the check adds nothing big.
    assert peak < MEMORY_BOUND


def test_a_large_descriptive_part_is_refused_even_when_honestly_compressed():
    # 100 KB of distinct type entries: a low ratio, but no real [Content_Types].xml is so long.
    body = b"".join(b'<Override PartName="/p%d" ContentType="x"/>' % i for i in range(3000))
    with pytest.raises(DomainError) as exc:
        check_upload(docx(body), field="file")
    assert "[Content_Types].xml part is too large" in exc.value.message


def test_too_many_entries_are_refused_before_the_directory_is_parsed(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_ENTRIES", 10)
    upload = docx(b"<Types/>", {f"word/media/{i}.bin": b"x" for i in range(20)})
    parsed = []
    monkeypatch.setattr(uploads.zipfile, "ZipFile", lambda *a, **k: parsed.append(a))
    with pytest.raises(DomainError) as exc:
        check_upload(upload, field="file")
    assert "holds 22 parts (at most 10 are accepted)" in exc.value.message
    assert parsed == []


def test_too_large_once_expanded_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_EXPANDED_BYTES", 50_000)
    upload = docx(b"<Types/>", {"word/media/photo.bin": os.urandom(60_000)})
    with pytest.raises(DomainError) as exc:
        check_upload(upload, field="file")
    assert "would expand to" in exc.value.message


def test_a_real_document_still_passes():
    content_types = b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml"/></Types>'
    upload = docx(content_types, {"word/media/p.png": os.urandom(200_000)})
    checked = check_upload(upload, field="f")
    assert checked.kind.key == "docx"
