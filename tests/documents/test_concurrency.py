"""Documents issued at once, on real database connections: consecutive numbers, no
collision, never None, and one stored letter when both ask for the same subject."""

import threading
import time
from dataclasses import replace

import pytest
from django.db import connections

from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.registry import register_kind
from cor_portal.documents.services import document_issue
from cor_portal.history.models import HistoryEntry

from .conftest import LETTER, sample_context


def _at_once(calls: list) -> tuple[list, list]:
    """Run each call on its own thread (its own connection), released together."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


@pytest.fixture
def slow_letter(kinds):
    """Widen the window between taking a number and storing the document, so the second
    issuer is surely waiting on the first."""

    def slow(subject):
        time.sleep(0.3)
        return sample_context(subject)

    register_kind(replace(LETTER, context=slow), replace=True)


def test_concurrent_issues_get_consecutive_numbers(transactional_db, kinds, slow_letter, today):
    from tests.factories import OrganizationFactory

    subjects = OrganizationFactory.create_batch(4)
    calls = [
        (lambda s=s, k=k: document_issue(kind=k, subject=s))
        for s in subjects
        for k in (kinds.letter, kinds.statement)
    ]
    results, errors = _at_once(calls)
    assert errors == []
    assert None not in results and len(results) == 8
    letters = sorted(d.number for d in results if d.kind == "test_letter")
    statements = sorted(d.number for d in results if d.kind == "test_statement")
    assert letters == [f"TLT-2026-{n:06d}" for n in range(1, 5)]
    assert statements == [f"TST-2026-{n:06d}" for n in range(1, 5)]
    assert GeneratedDocument.objects.count() == 8


def test_concurrent_issues_for_one_subject_store_one_letter(
    transactional_db, kinds, slow_letter, today
):
    from tests.factories import OrganizationFactory

    subject = OrganizationFactory()
    results, errors = _at_once([lambda: document_issue(kind=kinds.letter, subject=subject)] * 3)
    assert errors == []
    assert len(results) == 3 and len({d.pk for d in results}) == 1
    [stored] = GeneratedDocument.objects.all()
    assert stored.number == "TLT-2026-000001"
    assert HistoryEntry.objects.filter(action="document_generated").count() == 1


def test_concurrent_versions_of_one_subject(transactional_db, kinds, today):
    from tests.factories import OrganizationFactory

    subject = OrganizationFactory()
    results, errors = _at_once([lambda: document_issue(kind=kinds.statement, subject=subject)] * 3)
    assert errors == []
    assert sorted((d.version, d.number) for d in results) == [
        (1, "TST-2026-000001"),
        (2, "TST-2026-000002"),
        (3, "TST-2026-000003"),
    ]
