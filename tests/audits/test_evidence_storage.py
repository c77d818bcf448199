"""Evidence storage: type by content, size limit, hash, non-guessable key, streaming (a
200 MB file is never held in memory), and downloads only for those who may see the audit."""

import hashlib
import os
import tracemalloc
from datetime import date

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Evidence
from audits.services.audit import evidence_attach
from cor_portal.errors import DomainError
from tests.audits.conftest import PDF, db_state

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def stored_files(settings) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.extend(os.path.join(root, f) for f in files)
    return found


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500, "is not an accepted type"),
        ("policy.pdf", b"#!/bin/sh\nrm -rf /\n", "is not an accepted type"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "is not an accepted type"),
        ("scan.png", PDF, "contains a PDF but is named .png"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_disallowed_evidence_is_refused_and_nothing_is_stored(
    flow, settings, name, content, message
):
    audit = flow.start()
    before = db_state()
    with pytest.raises(DomainError) as exc:
        evidence_attach(
            audit=audit,
            item=None,
            uploaded_file=SimpleUploadedFile(name, content),
            document_date=date(2026, 1, 1),
            by=flow.cast.smr,
        )
    assert exc.value.field == "file"
    assert message in exc.value.message
    assert name in exc.value.message
    assert db_state() == before
    assert stored_files(settings) == []


def test_evidence_over_the_limit_is_refused(flow, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    audit = flow.start()
    before = db_state()
    with pytest.raises(DomainError) as exc:
        evidence_attach(
            audit=audit,
            item=None,
            uploaded_file=SimpleUploadedFile("big.pdf", PDF + b"0" * 2000),
            document_date=date(2026, 1, 1),
            by=flow.cast.smr,
        )
    assert exc.value.field == "file"
    assert "the limit is 1000 bytes" in exc.value.message
    assert db_state() == before
    assert stored_files(settings) == []


def test_a_file_larger_than_its_declared_size_is_refused_while_hashing(flow, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    upload = SimpleUploadedFile("liar.pdf", PDF + b"0" * 2000)
    upload.size = 100  # what a client claimed
    audit = flow.start()
    with pytest.raises(DomainError, match="larger than the limit"):
        evidence_attach(
            audit=audit,
            item=None,
            uploaded_file=upload,
            document_date=date(2026, 1, 1),
            by=flow.cast.smr,
        )
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_a_200_mb_file_is_streamed_not_read_whole(flow, tmp_path):
    """The file is sparse on disk (a PDF header, then 200 MB of zeros); storing it must keep
    the Python heap far below its size."""
    size = 200 * MB
    path = tmp_path / "big-scan.pdf"
    with open(path, "wb") as handle:
        handle.write(PDF)
        handle.truncate(size)
    audit = flow.start()
    expected = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(4 * MB), b""):
            expected.update(block)
    with open(path, "rb") as handle:
        tracemalloc.start()
        try:
            evidence = evidence_attach(
                audit=audit,
                item=flow.items["1.1"],
                uploaded_file=File(handle, name="big-scan.pdf"),
                document_date=date(2026, 1, 1),
                by=flow.cast.smr,
            )
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    print(f"tracemalloc peak {peak / MB:.2f} MB")
    assert peak < 16 * MB, f"peak {peak / MB:.1f} MB"
    assert evidence.size == size
    assert evidence.sha256 == expected.hexdigest()
    assert default_storage.size(evidence.file.name) == size


# --- downloads ------------------------------------------------------------------------------


@pytest.fixture
def evidence(flow):
    audit = flow.start()
    return evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("Safety Policy.pdf", PDF),
        document_date=date(2026, 1, 1),
        by=flow.cast.smr,
    )


@pytest.mark.parametrize(
    ("who", "expected"),
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
def test_evidence_download_permission_cast(client, flow, evidence, who, expected):
    client.force_login(getattr(flow.cast, who))
    response = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="Safety Policy.pdf"' in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"


def test_evidence_download_needs_a_login(client, evidence):
    response = client.get(reverse("audits:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_evidence_download_of_a_missing_id_is_404(client, flow):
    client.force_login(flow.cast.smr)
    assert client.get(reverse("audits:evidence_download", args=[999999])).status_code == 404
