"""How long the deadline sweep takes over 100,000 open deadlines, on real PostgreSQL.

    .venv/bin/python bench/sweep_deadlines.py            # 100,000 deadlines
    .venv/bin/python bench/sweep_deadlines.py --n 20000  # smaller

Creates a scratch database (default `cor_bench_deadlines` on 127.0.0.1:5432, user postgres;
set BENCH_DATABASE_URL to change), migrates it, loads N open deadlines with COPY — due dates
spread evenly from 30 days before the sweep date to 89 days after, so a quarter are missed
(across 30 past due days: a catch-up) and a quarter get a reminder — then times
`sweep(as_of)`, a second (idempotent) sweep for the same date and the next day's sweep, and
prints seconds and query counts. Then it empties the tables, loads the same rows again and
does the same work in plain SQL (`plain_sql_sweep`: the same updates, history rows, inbox
messages and queued e-mails, set-based in one transaction) so the sweep has a floor to be
compared with. `--json PATH` writes the figures for bench/harness.py. The
scratch database is dropped afterwards unless --keep. Tasks run eagerly (test settings), so
the counts include sending the few digest e-mails after commit.
"""

import argparse
import json
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


COLUMNS = [
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


def load(connection, Deadline, ct_pk: int, binds: str, n: int, as_of: date) -> None:
    """n open deadlines due from 30 days before `as_of` to 89 days after, with COPY."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {Deadline._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i in range(n):
                due = as_of + timedelta(days=-30 + i % 120)
                copy.write_row(
                    [
                        "B1",
                        ct_pk,
                        str(i),
                        binds,
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


def plain_sql_sweep(connection, as_of: date, now, offsets, staff_ids, site_url, next_url) -> dict:
    """The sweep's work for the benchmark's data in plain SQL, one transaction: claim the
    missed deadlines (state, missed_at, missed_on) with one history row each, claim each
    reminder offset nearest first (reminded_days_before), and one digest per staff member
    (inbox message and queued e-mail: counts, the first 25 lines, "… and N more.")."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from cor_portal.deadlines.models import Deadline
    from cor_portal.history.models import HistoryEntry
    from cor_portal.notifications.models import InboxMessage, OutboundEmail

    d = Deadline._meta.db_table
    ct = ContentType.objects.get_for_model(Deadline).pk
    statements = 0
    with transaction.atomic(), connection.cursor() as c:

        def run(sql: str, params=()) -> None:
            nonlocal statements
            statements += 1
            c.execute(sql, params)

        run("SELECT pg_advisory_xact_lock(7305511)")
        run("CREATE TEMP TABLE swept (id bigint, missed boolean) ON COMMIT DROP")
        run(
            f"WITH m AS (UPDATE {d} SET state = 'missed', missed_at = %s, "
            f"missed_on = due_on + 1 WHERE state = 'open' AND due_on < %s RETURNING id) "
            f"INSERT INTO swept SELECT id, true FROM m",
            [now, as_of],
        )
        run(
            f"INSERT INTO {HistoryEntry._meta.db_table} (content_type_id, object_id, at, "
            f"actor_id, action, from_state, to_state, changes, reason) SELECT %s, "
            f"CAST(id AS varchar(64)), %s, NULL, 'missed', 'open', 'missed', '{{}}'::jsonb, "
            f"'Missed (deadline sweep)' FROM swept WHERE missed",
            [ct, now],
        )
        for k in sorted(offsets):
            run(
                f"WITH r AS (UPDATE {d} SET reminded_days_before = %s WHERE state = 'open' "
                f"AND due_on >= %s AND due_on <= %s AND (reminded_days_before IS NULL OR "
                f"reminded_days_before > %s) RETURNING id) "
                f"INSERT INTO swept SELECT id, false FROM r",
                [k, as_of, as_of + timedelta(days=k), k],
            )
        digest = (
            "WITH c AS (SELECT count(*) FILTER (WHERE missed) AS n_missed, count(*) AS total "
            "FROM swept), "
            "first AS (SELECT string_agg(line, E'\\n' ORDER BY o) AS lines FROM ("
            f"SELECT row_number() OVER (ORDER BY NOT s.missed, x.due_on, x.id) AS o, "
            "CASE WHEN s.missed THEN x.kind || ' ' || x.title || ' — missed (due ' || "
            "x.due_on || ')' ELSE x.kind || ' ' || x.title || ' — due ' || x.due_on || ' (' "
            "|| (x.due_on - %s::date) || ' days left)' END AS line "
            f"FROM swept s JOIN {d} x ON x.id = s.id ORDER BY NOT s.missed, x.due_on, x.id "
            "LIMIT 25) t), "
            "msg AS (SELECT n_missed || ' deadlines missed, ' || (total - n_missed) || "
            "' due soon' AS subject, lines || CASE WHEN total > 25 THEN E'\\n… and ' || "
            "(total - 25) || ' more.' ELSE '' END AS body FROM c, first WHERE total > 0) "
        )
        run(
            digest + f"INSERT INTO {InboxMessage._meta.db_table} (user_id, subject, body, url, "
            "kind, created_at) SELECT u, msg.subject, msg.body, %s, 'digest', %s "
            "FROM msg, unnest(%s::bigint[]) AS u",
            [as_of, next_url, now, staff_ids],
        )
        run(
            digest + f'INSERT INTO {OutboundEmail._meta.db_table} ("to", subject, body, '
            "html_body, status, attempts, last_error, created_at) SELECT u.email, "
            "'[COR Portal] ' || msg.subject, msg.body || E'\\n\\n' || %s, '', 'queued', 0, '', "
            "%s FROM msg, accounts_user u WHERE u.id = ANY(%s) AND u.email <> ''",
            [as_of, site_url + next_url, now, staff_ids],
        )
        c.execute(
            "SELECT count(*) FILTER (WHERE missed), count(*) FILTER (WHERE NOT missed) FROM swept"
        )
        missed, reminded = c.fetchone()
    return {"missed": missed, "reminded": reminded, "statements": statements}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="open deadlines to sweep")
    parser.add_argument("--staff", type=int, default=5, help="staff users to notify")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--json", help="write the figures to this file")
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
            ),
            replace=True,
        )
        for i in range(args.staff):
            User.objects.create(
                username=f"bench-staff-{i}", email=f"s{i}@bench.test", role=UserRole.REVIEWER
            )

        as_of = date(2026, 11, 22)
        ct = ContentType.objects.get_for_model(User)
        t0 = time.perf_counter()
        load(connection, Deadline, ct.pk, Binds.CERTIFYING_BODY, args.n, as_of)
        print(f"loaded {args.n:,} open deadlines with COPY in {time.perf_counter() - t0:.1f} s")

        from django.urls import reverse

        reverse("deadlines:due_next")  # load the URLconf once, as a running worker has
        with CaptureQueriesContext(connection) as queries:
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
            print(f"  time in the database: {db_s:.2f} s; slowest queries:")
            for q in slow:
                print(f"  {float(q['time']):7.3f} s  {q['sql'][:110]}")
        assert second.missed == second.reminded == 0
        assert Deadline.objects.filter(state="missed").count() == first.missed + third.missed
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sweep_load = os.getloadavg()[0]

        # The same work in plain SQL, on the same rows loaded afresh.
        from django.conf import settings
        from django.utils import timezone

        from cor_portal.accounts.audiences import certifying_body_staff
        from cor_portal.deadlines.registry import DEFAULT_REMINDER_OFFSETS
        from cor_portal.history.models import HistoryEntry
        from cor_portal.notifications.models import InboxMessage, OutboundEmail

        tables = [
            Deadline._meta.db_table,
            HistoryEntry._meta.db_table,
            InboxMessage._meta.db_table,
            OutboundEmail._meta.db_table,
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        load(connection, Deadline, ct.pk, Binds.CERTIFYING_BODY, args.n, as_of)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Deadline._meta.db_table}")
        staff_ids = list(certifying_body_staff().values_list("pk", flat=True))
        plain_load = os.getloadavg()[0]
        t0 = time.perf_counter()
        plain = plain_sql_sweep(
            connection,
            as_of,
            timezone.now(),
            DEFAULT_REMINDER_OFFSETS,
            staff_ids,
            settings.SITE_URL,
            reverse("deadlines:due_next"),
        )
        plain_s = time.perf_counter() - t0
        print(
            f"the same work in plain SQL: {plain_s:.2f} s, {plain['statements']} statements — "
            f"{plain['missed']:,} missed, {plain['reminded']:,} reminders, "
            f"{InboxMessage.objects.count()} inbox messages"
        )
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {
                        "n": args.n,
                        "sweep_s": first_s,
                        "sweep_queries": len(queries.captured_queries),
                        "missed": first.missed,
                        "reminded": first.reminded,
                        "again_s": second_s,
                        "again_queries": len(again.captured_queries),
                        "next_s": third_s,
                        "next_queries": len(next_day.captured_queries),
                        "next_missed": third.missed,
                        "next_reminded": third.reminded,
                        "peak_rss_mb": peak_rss_mb,
                        "load": sweep_load,
                        "plain_s": plain_s,
                        "plain_queries": plain["statements"],
                        "plain_missed": plain["missed"],
                        "plain_reminded": plain["reminded"],
                        "plain_load": plain_load,
                    }
                )
            )
    finally:
        connection.close()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
