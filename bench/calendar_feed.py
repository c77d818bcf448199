"""The staff calendar feed with 2,000 events: a cold request (rendered) and warm ones (from
the cache), in process through Django's test client, on real PostgreSQL and Redis.

    .venv/bin/python bench/calendar_feed.py              # 2,000 events, 20 warm requests
    .venv/bin/python bench/calendar_feed.py --events 500

Creates a scratch database (default `cor_bench_feed` on 127.0.0.1:5432, user postgres; set
BENCH_DATABASE_URL to change), migrates it, makes a reviewer with a feed link and N open
deadlines, then times: the first request (cold: nothing cached), warm requests (median and
max), and the request after a deadline changes (cold again: the key moved). The cache is the
test settings' Redis (TEST_REDIS_DB picks the database). Dropped afterwards unless --keep.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cor_bench_feed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--warm", type=int, default=20, help="warm requests to time")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    import psycopg

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = url.rsplit("/", 1)[1]
    admin = psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cor_portal.settings.test"
    os.environ.setdefault("TEST_DATABASE_NAME", name)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    try:
        call_command("migrate", verbosity=0)
        from django.contrib.contenttypes.models import ContentType

        from cor_portal.accounts.enums import UserRole
        from cor_portal.accounts.models import User
        from cor_portal.deadlines.changes import CHANGED_KEY, deadlines_changed
        from cor_portal.deadlines.models import CalendarFeedToken, Deadline

        reviewer = User.objects.create(
            username="bench-reviewer", email="r@bench.test", role=UserRole.REVIEWER
        )
        token = CalendarFeedToken.objects.create(user=reviewer).token
        ct = ContentType.objects.get_for_model(User)
        today = timezone.localdate()
        Deadline.objects.bulk_create(
            Deadline(
                kind="B1",
                subject_type=ct,
                subject_id=str(i),
                binds="certifying_body",
                title=f"Bench deadline {i}",
                url=f"/audits/{i}/",
                opened_on=today,
                due_on=today + timedelta(days=i % 200),
            )
            for i in range(args.events)
        )
        cache.delete(CHANGED_KEY)  # a new stamp: nothing cached under it yet (cold)
        client = Client()
        feed_url = f"/calendar/{token}.ics"

        def get() -> tuple[float, int, int]:
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(feed_url)
                elapsed = time.perf_counter() - t0
            assert response.status_code == 200, response.status_code
            return elapsed * 1000, len(queries.captured_queries), len(response.content)

        client.get("/healthz")  # load the URLconf once, as a running worker has
        cold_ms, cold_q, size = get()
        warm = [get() for _ in range(args.warm)]
        Deadline.objects.filter(subject_id="0").update(title="Changed")
        deadlines_changed()  # outside a transaction: runs at once
        changed_ms, changed_q, _size = get()
        after_change = get()
        warm_ms = [w[0] for w in warm]
        print(f"calendar feed, {args.events:,} events ({size / 1024:.0f} KB):")
        print(f"  cold (rendered):      {cold_ms:7.1f} ms, {cold_q} queries")
        print(
            f"  warm (cache), n={args.warm}: median {statistics.median(warm_ms):.1f} ms, "
            f"max {max(warm_ms):.1f} ms, {warm[0][1]} queries"
        )
        print(f"  after a change:       {changed_ms:7.1f} ms, {changed_q} queries (rendered)")
        print(f"  and warm again:       {after_change[0]:7.1f} ms, {after_change[1]} queries")
    finally:
        connection.close()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
