"""How long the deadline sweep takes over 100,000 open deadlines, on real PostgreSQL.

    .venv/bin/python bench/sweep_deadlines.py            # 100,000 deadlines
    .venv/bin/python bench/sweep_deadlines.py --n 20000  # smaller

Creates a scratch database (default `cor_bench_deadlines` on 127.0.0.1:5432, user postgres;
set BENCH_DATABASE_URL to change), migrates it, loads N open deadlines with COPY — due dates
spread evenly from 30 days before the sweep date to 89 days after, so a quarter are missed
(across 30 past due days: a catch-up) and a quarter get a reminder — then times
`sweep(as_of)`, a second (idempotent) sweep for the same date and the next day's sweep, and
prints seconds and query counts. The
scratch database is dropped afterwards unless --keep. Tasks run eagerly (test settings), so
the counts include sending the few digest e-mails after commit.

Before the sweep, the same work in plain SQL (claim each missed day returning the ids a
consequence gets, one history row per missed deadline, the reminder stamps, the digest counts
and each digest's first 25 lines)
runs on a copy of the loaded database (CREATE DATABASE … TEMPLATE), and the sweep's time is
printed as a ratio to it, beside its peak memory (RSS), its queries and the share of the
deadline table's row updates that were HOT.

All kinds (issue 11): the N deadlines are spread over every registered rule. The maintenance
kinds D5–D8 get real subjects (`--maintenance` certified WSIB accounts, each with its
maintenance years and their D5/D6/D7 — and for one in five a D8 — deadlines, all missed over
the 30 caught-up days, so the sweep makes them late, pending and lapsed through their real
consequences); the other kinds (and the bench's own B1) have subjects their consequences find
nothing for. The sweep is also timed against ONE set-based UPDATE of the same missed rows
(`UPDATE … SET state = 'missed' WHERE state = 'open' AND due_on < as_of`) on a copy of the
loaded database, and that ratio printed beside the plain-SQL one.
"""

import argparse
import os
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cor_bench_deadlines"


def _admin_connection(url: str):
    import psycopg
    from django.db.utils import ConnectionHandler  # noqa: F401 - Django importable check

    name = url.rsplit("/", 1)[1]
    admin = psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    return admin, name


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def plain_sql_sweep(url: str, as_of: date, ct_id: int) -> tuple:
    """The sweep's work as hand-written SQL on one connection: (seconds, statements)."""
    import psycopg

    statements = 0
    with psycopg.connect(url) as conn:
        t0 = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            now = cur.execute("SELECT now()").fetchone()[0]
            days = [
                r[0]
                for r in cur.execute(
                    "SELECT DISTINCT due_on FROM deadlines_deadline WHERE state = 'open' "
                    "AND due_on < %s ORDER BY 1",
                    [as_of],
                ).fetchall()
            ]
            statements += 2
            for day in days:
                cur.execute(
                    "UPDATE deadlines_deadline SET state = 'missed', missed_at = %s, "
                    "missed_on = %s WHERE state = 'open' AND due_on = %s RETURNING id",
                    [now, day + timedelta(days=1), day],
                )
                cur.fetchall()  # what a consequence gets
                statements += 1
            cur.execute(
                "INSERT INTO history_historyentry (content_type_id, object_id, at, actor_id, "
                "action, from_state, to_state, changes, reason) SELECT %s, id::varchar, %s, NULL, "
                "'missed', 'open', 'missed', '{}'::jsonb, 'Missed (deadline sweep)' "
                "FROM deadlines_deadline WHERE state = 'missed' AND missed_at = %s",
                [ct_id, now, now],
            )
            cur.execute(
                "UPDATE deadlines_deadline SET reminded_days_before = CASE "
                "WHEN due_on <= %s THEN 3 WHEN due_on <= %s THEN 14 ELSE 30 END, reminded_at = %s "
                "WHERE state = 'open' AND due_on BETWEEN %s AND %s AND (reminded_days_before "
                "IS NULL OR reminded_days_before > CASE WHEN due_on <= %s THEN 3 "
                "WHEN due_on <= %s THEN 14 ELSE 30 END)",
                [
                    as_of + timedelta(days=3),
                    as_of + timedelta(days=14),
                    now,
                    as_of,
                    as_of + timedelta(days=30),
                    as_of + timedelta(days=3),
                    as_of + timedelta(days=14),
                ],
            )
            # The digests: counts per recipient group, kind and offset, and each group's
            # first 25 lines (missed first, then by due date).
            cur.execute(
                "SELECT assignee_id, binds, organization_id, state, kind, "
                "reminded_days_before, count(*) FROM deadlines_deadline "
                "WHERE missed_at = %s OR reminded_at = %s GROUP BY 1, 2, 3, 4, 5, 6",
                [now, now],
            )
            cur.fetchall()
            cur.execute(
                "SELECT id, kind, title, url, due_on, state FROM (SELECT id, kind, title, url, "
                "due_on, state, row_number() OVER (PARTITION BY assignee_id, binds, "
                "organization_id ORDER BY state <> 'missed', due_on, id) AS rn "
                "FROM deadlines_deadline WHERE missed_at = %s OR reminded_at = %s) s "
                "WHERE rn <= 25",
                [now, now],
            )
            cur.fetchall()
            statements += 4
        return time.perf_counter() - t0, statements


def single_update(url: str, as_of: date) -> tuple[float, int]:
    """One set-based UPDATE of every open deadline due before `as_of`: (seconds, rows)."""
    import psycopg

    with psycopg.connect(url) as conn:
        t0 = time.perf_counter()
        with conn.transaction(), conn.cursor() as cur:
            cur.execute(
                "UPDATE deadlines_deadline SET state = 'missed', missed_at = now(), "
                "missed_on = due_on + 1 WHERE state = 'open' AND due_on < %s",
                [as_of],
            )
            rows = cur.rowcount
        return time.perf_counter() - t0, rows


def load_maintenance(m: int, as_of: date, admin_user) -> list[tuple]:
    """`m` certified WSIB accounts with their maintenance years (ORM bulk inserts), and the
    (kind, subject id, due) of their D5/D6/D7 (and every fifth year's D8) deadlines, all due
    within the 30 days before `as_of`. Returns the deadline specs."""
    from certification.models import (
        Certificate,
        MaintenanceYear,
        Organization,
        WsibAccount,
    )

    org = Organization.objects.create(
        legal_name="Bench Maintenance Ltd.",
        sector="construction",
        workers=40,
        city="Toronto",
        created_by=admin_user,
    )
    accounts = WsibAccount.objects.bulk_create(
        [
            WsibAccount(
                organization=org,
                account_number=f"{9000000 + i:07d}"[-7:],
                firm_number="1234567",
                cor_hold="",
            )
            for i in range(m)
        ],
        batch_size=5000,
    )
    anniversary = as_of - timedelta(days=365 + 60)
    certificates = Certificate.objects.bulk_create(
        [
            Certificate(
                wsib_account=a,
                number=f"COR-{anniversary.year:04d}-{i + 1:06d}",
                anniversary_date=anniversary,
                expiry_date=anniversary.replace(year=anniversary.year + 3),
                issued_by=admin_user,
            )
            for i, a in enumerate(accounts)
        ],
        batch_size=5000,
    )
    years = MaintenanceYear.objects.bulk_create(
        [
            MaintenanceYear(
                certificate=c,
                wsib_account_id=c.wsib_account_id,
                year=2,
                anniversary_date=as_of - timedelta(days=60),
                audit_due_on=as_of - timedelta(days=120),
                deficiencies_open=(i % 5 == 0),
            )
            for i, c in enumerate(certificates)
        ],
        batch_size=5000,
    )
    specs = []
    for i, y in enumerate(years):
        day = i % 30  # due over the 30 caught-up days, D5 < D6 < D7 within them
        specs.append(("D5", y.pk, as_of - timedelta(days=30 - min(day, 9))))
        specs.append(("D6", y.pk, as_of - timedelta(days=20 - min(day, 9))))
        specs.append(("D7", y.pk, as_of - timedelta(days=10 - min(day, 9))))
        if i % 5 == 0:
            specs.append(("D8", y.pk, as_of - timedelta(days=10 - min(day, 9))))
    return specs


def _hot(cursor, table: str) -> tuple[int, int]:
    time.sleep(1.2)  # PostgreSQL publishes a backend's table statistics within a second
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = %s", [table]
    )
    return cursor.fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="open deadlines to sweep")
    parser.add_argument("--staff", type=int, default=5, help="staff users to notify")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", help="write the figures to this file (for bench/harness.py)")
    parser.add_argument(
        "--maintenance",
        type=int,
        default=None,
        help="certified accounts whose D5-D8 deadlines are real (default N/40)",
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    admin, name = _admin_connection(url)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')

    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cor_portal.settings.test"
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    try:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated scratch database {name} in {time.perf_counter() - t0:.1f} s")

        from cor_portal.accounts.enums import UserRole
        from cor_portal.accounts.models import User
        from cor_portal.deadlines import registry
        from cor_portal.deadlines.models import Deadline
        from cor_portal.deadlines.registry import Binds, DeadlineRule
        from cor_portal.deadlines.services import sweep

        consequences = []
        registry.register_rule(
            DeadlineRule(
                kind="B1",
                title="Bench SLA",
                binds=Binds.CERTIFYING_BODY,
                on_miss=lambda rows: consequences.append(len(rows)),
                miss_fields=("id",),  # what this consequence needs (the plain SQL's RETURNING id)
            ),
            replace=True,
        )
        for i in range(args.staff):
            User.objects.create(
                username=f"bench-staff-{i}", email=f"s{i}@bench.test", role=UserRole.REVIEWER
            )

        as_of = date(2026, 11, 22)
        ct = ContentType.objects.get_for_model(User)
        from certification.models import MaintenanceYear

        maintenance_kinds = {"D5", "D6", "D7", "D8"}
        m = args.maintenance if args.maintenance is not None else args.n // 40
        bench_admin = User.objects.create(username="bench-admin", role=UserRole.ADMINISTRATOR)
        t0 = time.perf_counter()
        maintenance_specs = load_maintenance(m, as_of, bench_admin) if m else []
        print(
            f"loaded {m:,} certified accounts and their maintenance years in "
            f"{time.perf_counter() - t0:.1f} s ({len(maintenance_specs):,} D5-D8 deadlines)"
        )
        year_ct = ContentType.objects.get_for_model(MaintenanceYear)
        # Every registered kind; those of the maintenance plan also on the rows above.
        kinds = ["B1", *(r.kind for r in registry.all_rules() if r.kind not in maintenance_kinds)]
        kinds = list(dict.fromkeys(kinds))
        t0 = time.perf_counter()
        columns = [
            "kind",
            "subject_type_id",
            "subject_id",
            "binds",
            "title",
            "url",
            "opened_on",
            "due_on",
            "state",
            "created_at",
        ]
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            with raw.copy(
                f"COPY {Deadline._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            ) as copy:
                for kind, subject, due in maintenance_specs:
                    copy.write_row(
                        [
                            kind,
                            year_ct.pk,
                            str(subject),
                            Binds.ORGANIZATION,
                            f"Bench {kind} {subject}",
                            "",
                            due - timedelta(days=120),
                            due,
                            "open",
                            "2026-01-01T00:00:00Z",
                        ]
                    )
                for i in range(args.n - len(maintenance_specs)):
                    due = as_of + timedelta(days=-30 + i % 120)
                    copy.write_row(
                        [
                            kinds[i % len(kinds)],
                            ct.pk,
                            str(i),
                            Binds.CERTIFYING_BODY,
                            f"Bench deadline {i}",
                            "",
                            due - timedelta(days=120),
                            due,
                            "open",
                            "2026-01-01T00:00:00Z",
                        ]
                    )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Deadline._meta.db_table}")
        print(f"loaded {args.n:,} open deadlines with COPY in {time.perf_counter() - t0:.1f} s")

        from cor_portal.deadlines.models import Deadline as _D

        deadline_ct = ContentType.objects.get_for_model(_D).pk
        connection.close()
        plain_name = f"{name}_plain"
        admin.execute(f'DROP DATABASE IF EXISTS "{plain_name}"')
        admin.execute(f'CREATE DATABASE "{plain_name}" TEMPLATE "{name}"')
        try:
            plain_s, plain_statements = plain_sql_sweep(
                url.rsplit("/", 1)[0] + "/" + plain_name,
                as_of,
                deadline_ct,
            )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{plain_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{plain_name}" TEMPLATE "{name}"')
        try:
            update_s, update_rows = single_update(url.rsplit("/", 1)[0] + "/" + plain_name, as_of)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{plain_name}" WITH (FORCE)')
        print(
            f"one set-based UPDATE of the {update_rows:,} missed rows (a copy of the data): "
            f"{update_s:.2f} s"
        )
        print(
            f"the same work in plain SQL (one connection, a copy of the data): {plain_s:.2f} s, "
            f"{plain_statements} statements"
        )
        with connection.cursor() as cursor:
            upd0, hot0 = _hot(cursor, Deadline._meta.db_table)
        rss_before, peak_before = _rss_mb(), _peak_rss_mb()

        from django.urls import reverse

        reverse("deadlines:due_next")  # load the URLconf once, as a running worker has
        locks: dict[str, int] = {}

        def count_locks(execute, sql, params, many, context):
            # The sweep's last statement (its SweepRun row): how many locks its transaction
            # holds then, on a cursor Django does not count (the shared lock table is
            # max_locks_per_transaction x connections; "out of shared memory" when it fills).
            out = execute(sql, params, many, context)
            if sql.startswith('INSERT INTO "deadlines_sweeprun"'):
                with connection.connection.cursor() as raw_cursor:
                    raw_cursor.execute(
                        "SELECT count(*) FILTER (WHERE locktype = 'relation'), "
                        "count(*) FILTER (WHERE locktype = 'relation' AND NOT fastpath), "
                        "count(*) FROM pg_locks WHERE pid = pg_backend_pid()"
                    )
                    row = raw_cursor.fetchone()
                    locks.update(relations=row[0], shared=row[1], all=row[2])
            return out

        with connection.execute_wrapper(count_locks), CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                first = profiler.runcall(sweep, as_of)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            else:
                first = sweep(as_of)
            first_s = time.perf_counter() - t0
        peak_after = _peak_rss_mb()
        with connection.cursor() as cursor:
            upd1, hot1 = _hot(cursor, Deadline._meta.db_table)
        with CaptureQueriesContext(connection) as again:
            t0 = time.perf_counter()
            second = sweep(as_of)
            second_s = time.perf_counter() - t0
        days_caught_up = len(consequences)
        with CaptureQueriesContext(connection) as next_day:
            t0 = time.perf_counter()
            third = sweep(as_of + timedelta(days=1))
            third_s = time.perf_counter() - t0

        print(
            f"sweep({as_of}) over {args.n:,} open deadlines: {first_s:.2f} s, "
            f"{len(queries.captured_queries)} queries — {first.missed:,} missed "
            f"({days_caught_up} due days caught up), {first.reminded:,} reminders, "
            f"{first.notified_users} people notified"
        )
        updates, hot = upd1 - upd0, hot1 - hot0
        print(
            f"  ratio to one set-based UPDATE: {first_s / update_s:.2f}x; "
            f"kinds: {', '.join(sorted({*kinds, *maintenance_kinds}))}"
        )
        if m:
            states = dict(
                MaintenanceYear.objects.values_list("state").annotate(n=Count("id")).order_by()
            )
            print(f"  maintenance years after the sweep: {states}")
        print(
            f"  ratio to plain SQL: {first_s / plain_s:.2f}x; row updates {updates:,}, HOT "
            f"{hot:,} ({100 * hot / max(updates, 1):.1f} %); process RSS {rss_before:.0f} MB "
            f"before, peak {peak_after:.0f} MB (peak before the sweep {peak_before:.0f} MB: "
            f"+{peak_after - peak_before:.0f} MB)"
        )
        print(
            f"  locks held by the sweep's transaction at its end: {locks.get('relations')} "
            f"relations ({locks.get('shared')} in the shared lock table), {locks.get('all')} in all"
        )
        print(
            f"second sweep, same date (idempotent): {second_s:.3f} s, "
            f"{len(again.captured_queries)} queries — {second.missed} missed, "
            f"{second.reminded} reminders"
        )
        print(
            f"next day's sweep (the steady daily case): {third_s:.2f} s, "
            f"{len(next_day.captured_queries)} queries — {third.missed:,} missed, "
            f"{third.reminded:,} reminders"
        )
        if os.environ.get("BENCH_VERBOSE"):
            slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]
            db_s = sum(float(q["time"]) for q in queries.captured_queries)
            shapes: dict[str, int] = {}
            for q in queries.captured_queries:
                shape = " ".join(q["sql"].split()[:4])[:70]
                shapes[shape] = shapes.get(shape, 0) + 1
            print("  statements by shape (most first):")
            for shape, n in sorted(shapes.items(), key=lambda kv: -kv[1])[:15]:
                print(f"  {n:5d}  {shape}")
            print(f"  time in the database: {db_s:.2f} s; slowest queries:")
            for q in slow:
                print(f"  {float(q['time']):7.3f} s  {q['sql'][:110]}")
        if args.json:
            import json

            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(
                json.dumps(
                    {
                        "sweep_s": first_s,
                        "sweep_queries": len(queries.captured_queries),
                        "missed": first.missed,
                        "reminded": first.reminded,
                        "plain_s": plain_s,
                        "update_s": update_s,
                        "update_ratio": first_s / update_s,
                        "plain_queries": plain_statements,
                        "again_s": second_s,
                        "again_queries": len(again.captured_queries),
                        "next_s": third_s,
                        "next_queries": len(next_day.captured_queries),
                        "next_missed": third.missed,
                        "next_reminded": third.reminded,
                        "peak_rss_mb": peak_after,
                        "hot_share": hot / max(updates, 1),
                        "load": os.getloadavg()[0],
                        "locks": locks,
                        # Where the first sweep's time went: its slowest statements.
                        "db_s": sum(float(q["time"]) for q in queries.captured_queries),
                        "slowest": [
                            [float(q["time"]), " ".join(q["sql"].split())[:90]]
                            for q in sorted(
                                queries.captured_queries, key=lambda q: -float(q["time"])
                            )[:5]
                        ],
                    }
                )
            )
        assert second.missed == second.reminded == 0
        assert Deadline.objects.filter(state="missed").count() == first.missed + third.missed
    finally:
        connection.close()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
