"""The Audit model split's migrations (0005–0007) move every existing internal audit's
lifecycle onto one InternalReview with the same values, and each pre-assessment with it."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.audits.conftest import make_tool
from tests.factories import make_cast

BEFORE = [("audits", "0003_internal_audits")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_split_moves_each_internal_audits_lifecycle_to_its_internal_review():
    cast = make_cast()
    tool, _items = make_tool()
    latest = [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes()]
    old = _migrate(BEFORE)
    OldAudit = old.get_model("audits", "Audit")
    OldPreAssessment = old.get_model("audits", "PreAssessment")
    now = timezone.now()
    common = {
        "wsib_account_id": cast.wsib_account.pk,
        "tool_id": tool.pk,
        "prepared_by_id": cast.smr.pk,
    }
    started = OldAudit.objects.create(kind="initial_internal", status="in_progress", **common)
    reviewed = OldAudit.objects.create(
        kind="initial_internal",
        status="not_confirmed",
        signed_off_by_id=cast.smr.pk,
        signed_off_at=now,
        submitted_at=now,
        received_on=date(2026, 6, 1),
        submission_count=2,
        reviewer_id=cast.reviewer.pk,
        report_issued_on=date(2026, 8, 31),
        correction_due_on=date(2027, 2, 28),
        **common,
    )
    OldPreAssessment.objects.create(
        audit_id=reviewed.pk,
        submission=2,
        by_id=cast.reviewer.pk,
        outcome="accepted",
        complete=True,
        declared_score_meets_benchmarks=True,
    )
    new = _migrate(latest)
    InternalReview = new.get_model("audits", "InternalReview")
    PreAssessment = new.get_model("audits", "PreAssessment")
    rows = {r.audit_id: r for r in InternalReview.objects.all()}
    assert set(rows) == {started.pk, reviewed.pk}
    assert rows[started.pk].status == "in_progress"
    moved = rows[reviewed.pk]
    assert (
        moved.status,
        moved.kind,
        moved.wsib_account_id,
        moved.received_on,
        moved.submission_count,
        moved.reviewer_id,
        moved.report_issued_on,
        moved.correction_due_on,
    ) == (
        "not_confirmed",
        "initial_internal",
        cast.wsib_account.pk,
        date(2026, 6, 1),
        2,
        cast.reviewer.pk,
        date(2026, 8, 31),
        date(2027, 2, 28),
    )
    assert PreAssessment.objects.get().internal_review_id == moved.pk
