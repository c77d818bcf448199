"""Migration 0008 fills the internal reviews' stored D1 due date from the deadline table:
the newest open or missed D1 of the audit (as the queue's subquery chose it), none when D1
was met or cancelled."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.audits.conftest import make_tool
from tests.factories import WsibAccountFactory, make_cast

BEFORE = [
    ("audits", "0007_audit_lifecycle_fields_moved"),
    ("deadlines", "0003_deadline_due_id_index"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_fill_copies_the_open_or_missed_d1_due_date():
    cast = make_cast()
    tool, _items = make_tool()
    audit_type = ContentType.objects.get(app_label="audits", model="audit")
    latest = list(MigrationExecutor(connection).loader.graph.leaf_nodes())
    old = _migrate(BEFORE)
    Audit = old.get_model("audits", "Audit")
    InternalReview = old.get_model("audits", "InternalReview")
    Deadline = old.get_model("deadlines", "Deadline")
    now = timezone.now()

    def review(status, received):
        account = WsibAccountFactory(organization=cast.organization)
        audit = Audit.objects.create(
            kind="initial_internal",
            wsib_account_id=account.pk,
            tool_id=tool.pk,
            prepared_by_id=cast.smr.pk,
        )
        InternalReview.objects.create(
            audit=audit,
            wsib_account_id=account.pk,
            kind="initial_internal",
            status=status,
            submitted_at=now,
            received_on=received,
            submission_count=1,
            reviewer_id=cast.reviewer.pk if status == "under_review" else None,
        )
        return audit

    def d1(audit, opened, state):
        times = {
            "open": {},
            "met": {"closed_at": now},
            "cancelled": {"closed_at": now},
            "missed": {"missed_at": now, "missed_on": date.fromordinal(opened.toordinal() + 61)},
        }[state]
        Deadline.objects.create(
            kind="D1",
            subject_type_id=audit_type.pk,
            subject_id=str(audit.pk),
            binds="certifying_body",
            title="Review",
            opened_on=opened,
            due_on=date.fromordinal(opened.toordinal() + 60),
            state=state,
            **times,
        )

    on_time = review("submitted", date(2026, 10, 1))
    d1(on_time, date(2026, 10, 1), "open")
    overdue = review("under_review", date(2026, 6, 1))
    d1(overdue, date(2026, 6, 1), "missed")
    resubmitted = review("resubmitted", date(2026, 9, 1))
    d1(resubmitted, date(2026, 5, 1), "cancelled")
    d1(resubmitted, date(2026, 9, 1), "open")
    met = review("submitted", date(2026, 4, 1))  # status left in the queue on purpose
    d1(met, date(2026, 4, 1), "met")
    none = review("in_progress", None)

    new = _migrate(latest)
    stored = dict(
        new.get_model("audits", "InternalReview").objects.values_list("audit_id", "review_due_on")
    )
    assert stored == {
        on_time.pk: date(2026, 11, 30),
        overdue.pk: date(2026, 7, 31),
        resubmitted.pk: date(2026, 10, 31),
        met.pk: None,
        none.pk: None,
    }
