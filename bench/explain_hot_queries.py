"""EXPLAIN ANALYZE of the web hot paths' queries, before and after their indexes (README
"Indexes"), on a database seeded by `seed_scale`:

    DATABASE_URL=postgres://…/cor_bench DJANGO_SETTINGS_MODULE=cor_portal.settings.local \\
        .venv/bin/python bench/explain_hot_queries.py [--runs 5] [--verbose]

"before" is the query as it was (the reviewer queue's D1 subquery per row, OFFSET pages, the
four COUNT … FILTER) with this change's indexes dropped inside a transaction that is rolled
back; "after" is the query the portal sends now with the indexes in place. Each figure is the
median of --runs executions' "Execution Time", with JIT as the server has it (and the queue
once more with JIT forced on, to show what it costs when a misestimate turns it on). Read
only: the drops are rolled back."""

import argparse
import os
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cor_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from audits.models import Audit  # noqa: E402
from audits.selectors import (  # noqa: E402
    QUEUE_STATES,
    assignable_reviewers,
    audits_for_api,
    review_queue,
    review_queue_count,
    reviewer_home_audits,
)
from audits.services.common import D1  # noqa: E402
from certification.selectors import wsib_accounts_for_list  # noqa: E402
from cor_portal.access import visible  # noqa: E402
from cor_portal.accounts.enums import UserRole  # noqa: E402
from cor_portal.accounts.models import User  # noqa: E402
from cor_portal.deadlines.models import Deadline  # noqa: E402
from cor_portal.deadlines.selectors import _count_dashboard, deadline_due  # noqa: E402
from cor_portal.pagination import Keyset  # noqa: E402

NEW_INDEXES = [
    "internalreview_queue_due",
    "audit_created_desc",
    "deadline_due_id",
    "organization_legal_name",
    "user_role_name",
]


def old_queue(user):
    return (
        visible(Audit, user)
        .filter(internal_review__status__in=QUEUE_STATES)
        .annotate(d1_due=deadline_due(D1, Audit, include_missed=True))
        .select_related("wsib_account__organization", "internal_review__reviewer", "tool")
        .order_by(F("d1_due").asc(nulls_last=True), "internal_review__received_on", "pk")
    )


def old_home(user):
    return (
        visible(Audit, user)
        .filter(internal_review__status__in=QUEUE_STATES)
        .filter(Q(internal_review__reviewer__isnull=True) | Q(internal_review__reviewer=user))
        .annotate(d1_due=deadline_due(D1, Audit, include_missed=True))
        .select_related("wsib_account__organization", "internal_review")
        .order_by(F("d1_due").asc(nulls_last=True), "pk")
    )


def old_api(user):
    return visible(
        Audit.objects.select_related(
            "wsib_account__organization", "tool", "internal_auditor", "internal_review"
        )
        .annotate(review_due_on=deadline_due(D1, Audit, include_missed=True))
        .order_by("-created_at", "-pk"),
        user,
    )


def old_dashboard(user, today):
    from datetime import timedelta

    return visible(Deadline, user).aggregate(
        open=Count("id", filter=Q(state="open")),
        due_this_week=Count(
            "id", filter=Q(state="open", due_on__range=(today, today + timedelta(days=6)))
        ),
        overdue=Count("id", filter=Q(state="open", due_on__lt=today)),
        missed=Count("id", filter=Q(state="missed")),
    )


def cases(reviewer, admin, today):
    """(name, before, after): callables that send the query (or queries) to measure."""
    deadlines = visible(Deadline, admin).select_related("subject_type")
    middle = deadlines.order_by("due_on", "id").values_list("due_on", "id")
    total = deadlines.count()
    at = total // 2
    by_due = Keyset(("due_on", "id"))
    cursor = by_due.encode(list(middle[at]), False)
    return [
        ("reviewer queue, first page", lambda: list(old_queue(reviewer)[:50]),
         lambda: list(review_queue(reviewer)[:50])),
        ("reviewer queue, page count", lambda: old_queue(reviewer).count(),
         lambda: review_queue_count(reviewer)),
        ("reviewer home (8 audits)", lambda: list(old_home(reviewer)[:8]),
         lambda: reviewer_home_audits(reviewer, 8)),
        ("/api/v1/audits/ first page", lambda: list(old_api(admin)[:50]),
         lambda: Keyset(("-created_at", "-id")).page(audits_for_api(admin), None)),
        ("/api/v1/audits/ page count", lambda: old_api(admin).count(), None),
        (f"/api/v1/deadlines/ page at row {at:,}",
         lambda: list(deadlines.order_by("due_on", "id")[at:at + 50]),
         lambda: by_due.page(deadlines, cursor)),
        ("/api/v1/deadlines/ page count", lambda: deadlines.count(), None),
        ("/api/v1/wsib-accounts/ first page",
         lambda: list(wsib_accounts_for_list(admin)[:50]),
         lambda: Keyset(("organization__legal_name", "account_number")).page(
             wsib_accounts_for_list(admin), None)),
        ("reviewer choices (audit page)", lambda: list(assignable_reviewers()),
         lambda: list(assignable_reviewers())),
        ("deadline dashboard figures (uncached)", lambda: old_dashboard(admin, today),
         lambda: _count_dashboard(admin, today)),
    ]  # fmt: skip


def measure(run, runs: int, verbose: bool, settings: str = "") -> float:
    with CaptureQueriesContext(connection) as ctx:
        run()
    times = []
    plans = []
    with connection.cursor() as cursor:
        if settings:
            cursor.execute(settings)
        for _ in range(runs):
            total = 0.0
            for query in ctx.captured_queries:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"].replace("%", "%%"))
                text = "\n".join(row[0] for row in cursor.fetchall())
                total += float(re.search(r"Execution Time: ([\d.]+)", text).group(1))
                plans.append(text)
            times.append(total)
        if settings:
            cursor.execute("RESET ALL")
    if verbose:
        print("\n".join(plans[-len(ctx.captured_queries) :]), "\n")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="print the plans")
    args = parser.parse_args()
    reviewer = User.objects.filter(role=UserRole.REVIEWER, is_active=True).order_by("pk").first()
    admin = User.objects.filter(role=UserRole.ADMINISTRATOR).order_by("pk").first()
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    print(
        f"{Audit.objects.count():,} audits, {Deadline.objects.count():,} deadlines, "
        f"{User.objects.count():,} users; jit={jit}; load {os.getloadavg()[0]:.2f}"
    )
    rows = []
    for name, before, after in cases(reviewer, admin, today):
        with transaction.atomic():
            with connection.cursor() as cursor:
                for index in NEW_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS {index}")
            old = measure(before, args.runs, args.verbose)
            transaction.set_rollback(True)
        new = measure(after, args.runs, args.verbose) if after else None
        rows.append((name, old, new))
    with transaction.atomic():
        with connection.cursor() as cursor:
            for index in NEW_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {index}")
        forced = measure(
            lambda: list(old_queue(reviewer)[:50]),
            args.runs,
            args.verbose,
            "SET jit = on; SET jit_above_cost = 0",
        )
        unforced = measure(
            lambda: list(old_queue(reviewer)[:50]), args.runs, args.verbose, "SET jit = off"
        )
        transaction.set_rollback(True)
    print("| query | before (ms) | after (ms) |\n| --- | ---: | ---: |")
    for name, old, new in rows:
        print(f"| {name} | {old:.2f} | {'no query' if new is None else f'{new:.2f}'} |")
    print(f"| reviewer queue before, JIT forced on / off | {forced:.2f} / {unforced:.2f} | |")


if __name__ == "__main__":
    main()
