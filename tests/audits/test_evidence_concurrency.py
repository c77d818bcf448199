"""Bug e: an evidence upload stores the file first, holding no lock, and locks the audit (or
the plan) only to attach it — so a colleague's item save does not wait for an upload in
progress (two real database connections) — and a failed attach deletes the stored file."""

import os
import threading
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone

from audits.models import Evidence
from audits.services import audit as audit_services
from audits.services import cap as cap_services
from audits.services.audit import evidence_attach, response_save
from audits.services.cap import cap_item_update
from cor_portal.errors import DomainError
from tests.audits.conftest import PDF

DOC_DAY = date(2026, 11, 1)


def _files(settings) -> set[str]:
    found = set()
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, f) for f in files)
    return found


class SlowStore:
    """Wraps store_evidence_file: signals that the copy started, then waits to be released."""

    def __init__(self, real):
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, *args, **kwargs):
        self.started.set()
        self.release.wait(timeout=20)
        return self.real(*args, **kwargs)


def _upload_in_thread(target) -> tuple[threading.Thread, list]:
    errors: list = []

    def run():
        try:
            target()
        except Exception as exc:  # pragma: no cover - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _save_with_lock_timeout(save) -> None:
    """Run `save` on this connection, giving up after 3 s of waiting for a row lock (a
    save that waits for the upload fails here instead of hanging)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")
        save()


def test_an_item_save_does_not_wait_for_an_audit_evidence_upload(
    transactional_db, flow, monkeypatch
):
    audit = flow.start()
    item = flow.items["1.1"]
    slow = SlowStore(audit_services.store_evidence_file)
    monkeypatch.setattr(audit_services, "store_evidence_file", slow)
    thread, errors = _upload_in_thread(
        lambda: evidence_attach(
            audit=audit,
            item=item,
            uploaded_file=SimpleUploadedFile("policy.pdf", PDF),
            document_date=DOC_DAY,
            by=flow.cast.smr,
        )
    )
    try:
        assert slow.started.wait(timeout=20)
        _save_with_lock_timeout(
            lambda: response_save(
                audit=audit,
                item=flow.items["1.2"],
                points_earned=7,
                not_applicable=False,
                note="",
                by=flow.cast.internal_auditor,
            )
        )
    finally:
        slow.release.set()
        thread.join(timeout=30)
    assert errors == []
    assert audit.responses.get(item=flow.items["1.2"]).points_earned == 7
    assert Evidence.objects.get(audit=audit).original_name == "policy.pdf"


def test_a_plan_item_save_does_not_wait_for_a_cap_evidence_upload(
    transactional_db, flow, monkeypatch
):
    plan = flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}).plan
    first, second = plan.items.order_by("order")[:2]
    slow = SlowStore(cap_services.store_evidence_file)
    monkeypatch.setattr(cap_services, "store_evidence_file", slow)
    thread, errors = _upload_in_thread(
        lambda: cap_item_update(
            cap_item=first,
            by=flow.cast.smr,
            evidence_file=SimpleUploadedFile("training-log.pdf", PDF),
            evidence_document_date=DOC_DAY,
        )
    )
    try:
        assert slow.started.wait(timeout=20)
        _save_with_lock_timeout(
            lambda: cap_item_update(cap_item=second, by=flow.cast.internal_auditor, owner="Pat")
        )
    finally:
        slow.release.set()
        thread.join(timeout=30)
    assert errors == []
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.owner == "Pat"
    assert first.evidence.original_name == "training-log.pdf"


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
