"""The data migration: documents stored before versions become version 1, issued and
current, keep their numbers, and each kind's yearly counter continues after them."""

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cor_portal.documents import services
from cor_portal.documents.models import DocumentCounter, GeneratedDocument
from cor_portal.documents.registry import get_kind

BEFORE = [("documents", "0001_initial")]
AFTER = [("documents", "0003_existing_documents_are_version_one")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_documents_become_version_one_and_numbers_continue():
    old_apps = _migrate(BEFORE)
    try:
        Old = old_apps.get_model("documents", "GeneratedDocument")
        ContentType = old_apps.get_model("contenttypes", "ContentType")
        registration = ContentType.objects.get(app_label="certification", model="registration")
        audit = ContentType.objects.get(app_label="audits", model="audit")
        for kind, number, ct, pk in [
            ("registration_confirmation", "RCL-2026-000131", registration, "131"),
            ("registration_confirmation", "RCL-2026-000007", registration, "7"),
            ("internal_audit_review_report", "IRR-2025-000042", audit, "42"),
            ("internal_audit_review_report", "IRR-2026-000003", audit, "3"),
        ]:
            Old.objects.create(
                kind=kind,
                number=number,
                content_type=ct,
                object_id=pk,
                file=f"documents/{kind}/x{pk}.pdf",
                sha256="0" * 64,
                size=10,
            )
    finally:
        _migrate(AFTER)
    rows = GeneratedDocument.objects.order_by("number")
    assert [(d.number, d.version, d.status, d.one_per_subject) for d in rows] == [
        ("IRR-2025-000042", 1, "issued", True),
        ("IRR-2026-000003", 1, "issued", True),
        ("RCL-2026-000007", 1, "issued", True),
        ("RCL-2026-000131", 1, "issued", True),
    ]
    assert sorted(DocumentCounter.objects.values_list("kind", "year", "last")) == [
        ("internal_audit_review_report", 2025, 42),
        ("internal_audit_review_report", 2026, 3),
        ("registration_confirmation", 2026, 131),
    ]
    # The next letter of 2026 is numbered after the highest one already handed out.
    kind = get_kind("registration_confirmation")
    with transaction.atomic():
        counter = services._lock_counter(kind, 2026)
        assert services._next_number(kind, counter) == "RCL-2026-000132"
