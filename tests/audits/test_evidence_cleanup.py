"""Bug e, the clean-up half: an evidence file stored before the attach is deleted when the
attach fails (ordinary tests; the two-connection tests are in test_evidence_concurrency.py)."""

import os
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import Evidence
from audits.services import audit as audit_services
from audits.services import cap as cap_services
from audits.services.audit import evidence_attach
from audits.services.cap import cap_item_update
from cor_portal.errors import DomainError
from tests.audits.conftest import PDF

DOC_DAY = date(2026, 11, 1)


def _files(settings) -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, f) for f in files)
    return found


def test_a_failed_attach_deletes_the_stored_file(flow, monkeypatch, settings):
    audit = flow.start()
    before = _files(settings)

    def fail(**_kwargs):
        raise RuntimeError("history is down")

    monkeypatch.setattr(audit_services, "record", fail)
    with pytest.raises(RuntimeError):
        evidence_attach(
            audit=audit,
            item=None,
            uploaded_file=SimpleUploadedFile("policy.pdf", PDF),
            document_date=DOC_DAY,
            by=flow.cast.smr,
        )
    assert _files(settings) == before
    assert not Evidence.objects.exists()


def test_an_audit_submitted_during_the_upload_refuses_the_attach_and_deletes_the_file(
    flow, monkeypatch, settings
):
    """The checks are made again under the lock: the audit may have moved meanwhile."""
    audit = flow.start()
    flow.answer(audit)
    before = _files(settings)
    real = audit_services.store_evidence_file

    def store_then_submit(*args, **kwargs):
        stored = real(*args, **kwargs)
        audit_services.audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
        return stored

    monkeypatch.setattr(audit_services, "store_evidence_file", store_then_submit)
    with pytest.raises(DomainError, match="can no longer be changed"):
        evidence_attach(
            audit=audit,
            item=None,
            uploaded_file=SimpleUploadedFile("late.pdf", PDF),
            document_date=timezone.localdate() - timedelta(days=1),
            by=flow.cast.smr,
        )
    assert _files(settings) == before
    assert not Evidence.objects.filter(original_name="late.pdf").exists()


def test_a_failed_cap_item_update_deletes_the_stored_file(flow, monkeypatch, settings):
    plan = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}).plan
    item = plan.items.first()
    before = _files(settings)
    monkeypatch.setattr(cap_services, "record", lambda **_kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cap_item_update(
            cap_item=item,
            by=flow.cast.smr,
            owner="Pat",
            evidence_file=SimpleUploadedFile("training-log.pdf", PDF),
            evidence_document_date=DOC_DAY,
        )
    assert _files(settings) == before
    item.refresh_from_db()
    assert item.owner == "" and item.evidence_id is None
