"""Issuing, superseding and revoking documents: yearly sequence numbers, one current
document per subject for one-per-subject kinds, every version kept, history on the subject,
and bad input refused with nothing changed."""

import hashlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from cor_portal.documents import services
from cor_portal.documents.models import DocumentCounter, GeneratedDocument
from cor_portal.documents.services import (
    document_by_verification_code,
    document_for,
    document_issue,
    document_revoke,
    document_supersede,
    documents_of,
)
from cor_portal.errors import DomainError
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from tests.certification.test_registration_pages import pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")


def _state() -> tuple:
    """Everything an issue, supersede or revoke could change."""
    return (
        list(GeneratedDocument.objects.order_by("pk").values()),
        list(DocumentCounter.objects.order_by("pk").values()),
        HistoryEntry.objects.count(),
    )


def test_numbers_are_sequential_per_kind_and_year_not_from_the_pk(kinds, organizations, today):
    a, b, c = organizations
    letters = [document_issue(kind=kinds.letter, subject=s, by=None) for s in (c, a, b)]
    assert [d.number for d in letters] == ["TLT-2026-000001", "TLT-2026-000002", "TLT-2026-000003"]
    # Another kind counts on its own.
    assert document_issue(kind=kinds.statement, subject=a).number == "TST-2026-000001"
    today.move_to(datetime(2027, 1, 1, 0, 5, tzinfo=TORONTO), tick=False)
    assert document_issue(kind=kinds.statement, subject=a).number == "TST-2027-000001"
    assert document_issue(kind=kinds.statement, subject=a).number == "TST-2027-000002"
    assert sorted(DocumentCounter.objects.values_list("kind", "year", "last")) == [
        ("test_letter", 2026, 3),
        ("test_statement", 2026, 1),
        ("test_statement", 2027, 2),
    ]


def test_issue_stores_the_rendered_pdf_with_hash_size_and_history(
    kinds, organizations, today, tmp_path
):
    subject = organizations[0]
    clerk = UserFactory()
    doc = document_issue(kind=kinds.letter, subject=subject, by=clerk)
    data = doc.file.read()
    assert data.startswith(b"%PDF") and doc.size == len(data)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.status, doc.version, doc.one_per_subject, doc.issued_by) == (
        "issued",
        1,
        True,
        clerk,
    )
    assert doc.verification_code is None  # the letter kind carries none
    text = " ".join(pdf_text(data, tmp_path).split())
    assert f"Sample for {subject.legal_name}" in text
    assert "Number TLT-2026-000001 version 1 issued 2026-11-20" in text
    [entry] = history_of(subject)
    assert (entry.action, entry.actor, entry.changes) == (
        "document_generated",
        clerk,
        {"document": ["", "TLT-2026-000001"]},
    )
    assert entry.reason == f"test_letter TLT-2026-000001 sha256 {doc.sha256}"


def test_one_per_subject_returns_the_stored_version(kinds, organizations, today):
    subject = organizations[0]
    first = document_issue(kind=kinds.letter, subject=subject)
    before = _state()
    again = document_issue(kind=kinds.letter, subject=subject, by=UserFactory())
    assert again.pk == first.pk and again.file.read() == first.file.read()
    assert _state()[0] == before[0] and _state()[1:] == before[1:]  # no number used, no history
    assert document_for(subject, kinds.letter) == first
    assert document_for(subject, "test_letter") == first


def test_many_versions_kind_keeps_every_issue_current(kinds, organizations, today):
    subject = organizations[0]
    one = document_issue(kind=kinds.statement, subject=subject)
    two = document_issue(kind=kinds.statement, subject=subject)
    assert (one.version, two.version) == (1, 2)
    assert {one.status, two.status} == {"issued"}
    assert document_for(subject, kinds.statement) == two  # the latest
    assert list(documents_of(subject, kinds.statement)) == [one, two]


def test_supersede_keeps_both_versions_and_links_them(kinds, organizations, today, tmp_path):
    subject = organizations[0]
    old = document_issue(kind=kinds.letter, subject=subject)
    old_bytes = old.file.read()
    manager = UserFactory()
    today.shift(3600)
    new = document_supersede(document=old, by=manager, reason="  Operating name corrected. ")
    old.refresh_from_db()
    assert (old.status, old.superseded_by, old.superseded_at) == (
        "superseded",
        new,
        datetime(2026, 11, 20, 16, tzinfo=TORONTO),
    )
    assert new.supersedes == old
    assert (new.status, new.version, new.number) == ("issued", 2, "TLT-2026-000002")
    assert document_for(subject, kinds.letter) == new
    assert list(documents_of(subject, kinds.letter)) == [old, new]
    # The old version is kept unchanged; the new one says what it replaces.
    old.file.open("rb")
    assert old.file.read() == old_bytes
    assert new.sha256 != old.sha256
    assert "Replaces TLT-2026-000001" in pdf_text(new.file.read(), tmp_path)
    actions = [(e.action, e.actor, e.changes, e.reason) for e in history_of(subject)]
    assert actions[1:] == [
        (
            "document_generated",
            manager,
            {"document": ["", "TLT-2026-000002"]},
            f"test_letter TLT-2026-000002 sha256 {new.sha256}",
        ),
        (
            "document_superseded",
            manager,
            {"document": ["TLT-2026-000001", "TLT-2026-000002"]},
            "Operating name corrected.",
        ),
    ]


def test_revoke_records_reason_time_and_who(kinds, organizations, today):
    subject = organizations[0]
    doc = document_issue(kind=kinds.letter, subject=subject)
    manager = UserFactory()
    revoked = document_revoke(document=doc, by=manager, reason="Issued to the wrong account.")
    assert revoked is doc
    doc.refresh_from_db()
    assert (doc.status, doc.revocation_reason, doc.revoked_by, doc.revoked_at) == (
        "revoked",
        "Issued to the wrong account.",
        manager,
        datetime(2026, 11, 20, 15, tzinfo=TORONTO),
    )
    assert document_for(subject, kinds.letter) is None
    entry = history_of(subject).last()
    assert (entry.action, entry.actor, entry.changes, entry.reason) == (
        "document_revoked",
        manager,
        {"document": ["TLT-2026-000001", ""]},
        "Issued to the wrong account.",
    )
    # A revoked letter is not current: issuing again makes version 2 with a new number.
    again = document_issue(kind=kinds.letter, subject=subject)
    assert (again.version, again.number) == (2, "TLT-2026-000002")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
@pytest.mark.parametrize("service", [document_supersede, document_revoke])
def test_supersede_or_revoke_needs_a_reason(kinds, organizations, today, service, reason):
    doc = document_issue(kind=kinds.letter, subject=organizations[0])
    before = _state()
    with pytest.raises(DomainError) as err:
        service(document=doc, by=UserFactory(), reason=reason)
    assert err.value.field == "reason"
    assert err.value.message == (
        "The reason is at most 1000 characters."
        if reason.strip()
        else "Give the reason the document is "
        + ("superseded." if service is document_supersede else "revoked.")
    )
    assert _state()[0] == before[0] and _state()[1] == before[1]


@pytest.mark.parametrize("first", ["supersede", "revoke"])
@pytest.mark.parametrize("then", [document_supersede, document_revoke])
def test_only_an_issued_document_can_be_superseded_or_revoked(
    kinds, organizations, today, first, then
):
    doc = document_issue(kind=kinds.letter, subject=organizations[0])
    if first == "supersede":
        document_supersede(document=doc, by=None, reason="New facts.")
    else:
        document_revoke(document=doc, by=None, reason="Wrong account.")
    before = _state()
    with pytest.raises(DomainError) as err:
        then(document=doc, by=None, reason="Again.")
    status = "Superseded" if first == "supersede" else "Revoked"
    verb = "superseded" if then is document_supersede else "revoked"
    assert err.value.message == (
        f"Document TLT-2026-000001 is {status}: only an issued one can be {verb}."
    )
    assert err.value.code == "conflict"
    assert _state() == before


def test_a_failed_render_raises_and_releases_its_number(kinds, organizations, today, monkeypatch):
    def broken(template_name, context):
        raise RuntimeError("Pango is missing")

    monkeypatch.setattr(services, "render_pdf", broken)
    before = _state()
    with pytest.raises(RuntimeError, match="Pango"):
        document_issue(kind=kinds.letter, subject=organizations[0])
    assert _state()[0] == before[0] and _state()[2] == before[2]
    monkeypatch.undo()
    assert document_issue(kind=kinds.letter, subject=organizations[0]).number == ("TLT-2026-000001")


def test_a_number_collision_raises_never_none(kinds, organizations, today):
    """A number already taken (a row the counter does not know about) is an error, not a
    silent None."""
    stray = document_issue(kind=kinds.statement, subject=organizations[1])
    GeneratedDocument.objects.filter(pk=stray.pk).update(number="TLT-2026-000001")
    with pytest.raises(IntegrityError):
        document_issue(kind=kinds.letter, subject=organizations[0])
    assert document_for(organizations[0], kinds.letter) is None


def test_verification_codes_are_unique_and_unguessable(kinds, organizations, today, tmp_path):
    docs = [document_issue(kind=kinds.statement, subject=organizations[i % 3]) for i in range(6)]
    codes = [d.verification_code for d in docs]
    assert len(set(codes)) == len(codes)
    for code in codes:
        # 26 base32 characters = 130 bits of which 128 are random (16 bytes).
        assert re.fullmatch(r"[A-Z2-7]{26}", code)
    assert services.VERIFICATION_CODE_BYTES * 8 >= 128
    assert f"Code {codes[0]}" in pdf_text(docs[0].file.read(), tmp_path)
    assert document_by_verification_code(codes[3]) == docs[3]
    assert document_by_verification_code(f" {codes[3].lower()} ") == docs[3]
    assert document_by_verification_code("") is None
    assert document_by_verification_code("A" * 26) is None
