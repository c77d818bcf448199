"""What the database itself refuses, whatever code writes the rows."""

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from cor_portal.documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _row(organization, number: str, **values) -> GeneratedDocument:
    return GeneratedDocument.objects.create(
        **{
            "kind": "test_letter",
            "number": number,
            "content_type": ContentType.objects.get_for_model(organization),
            "object_id": str(organization.pk),
            "file": "documents/test_letter/x.pdf",
            "sha256": "0" * 64,
            "size": 1,
            **values,
        }
    )


def _refused(organization, number: str, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(organization, number, **values)


def test_two_current_documents_of_a_one_per_subject_kind(organizations):
    subject = organizations[0]
    _row(subject, "TLT-2026-000001")
    _refused(subject, "TLT-2026-000002", version=2)
    # A kept older version, or another subject, is fine.
    _row(
        subject,
        "TLT-2026-000003",
        version=3,
        status="superseded",
        superseded_at=NOW,
    )
    _row(organizations[1], "TLT-2026-000004")
    assert GeneratedDocument.objects.filter(status="issued").count() == 2


def test_many_versions_kinds_may_have_several_current(organizations):
    subject = organizations[0]
    _row(subject, "TST-2026-000001", kind="test_statement", one_per_subject=False)
    _row(subject, "TST-2026-000002", kind="test_statement", one_per_subject=False, version=2)
    assert GeneratedDocument.objects.filter(kind="test_statement").count() == 2


def test_a_version_number_once_per_subject_and_kind(organizations):
    subject = organizations[0]
    _row(subject, "TLT-2026-000001", status="superseded", superseded_at=NOW)
    _refused(subject, "TLT-2026-000002")


@pytest.mark.parametrize(
    "values",
    [
        {"status": "cancelled"},
        {"version": 0},
        {"status": "revoked"},  # no time, no reason
        {"status": "revoked", "revoked_at": NOW},  # no reason
        {"status": "revoked", "revocation_reason": "Wrong account."},  # no time
        {"revocation_reason": "Wrong account."},  # a reason on an issued document
        {"status": "superseded"},  # no time
        {"superseded_at": NOW},  # superseded time on an issued document
    ],
)
def test_inconsistent_status_fields(organizations, values):
    _refused(organizations[0], "TLT-2026-000001", **values)
    assert not GeneratedDocument.objects.exists()


def test_numbers_and_verification_codes_are_unique(organizations):
    _row(organizations[0], "TLT-2026-000001", verification_code="A" * 26)
    _refused(organizations[1], "TLT-2026-000001")
    _refused(organizations[1], "TLT-2026-000002", verification_code="A" * 26)
    # Kinds without a code store none (NULL), as many as there are.
    _row(organizations[1], "TLT-2026-000003")
    _row(organizations[2], "TLT-2026-000004")
