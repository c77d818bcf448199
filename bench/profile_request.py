"""Profile one page of the portal in-process against a seeded database: the Python with
pyinstrument (optional; cProfile when it is not installed) and every SQL statement the page
sends with EXPLAIN ANALYZE, slowest first.

    DATABASE_URL=postgres://…/cor_bench .venv/bin/python bench/profile_request.py \
        --as reviewer /audits/reviews/ [--repeat 20] [--explain]

Uses the bench settings (production plus the minimal view, staff MFA off) and the harness's
users (bench/inprocess.py). Not a timed test: a tool to find what dominates a request."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="who", default="admin", help="admin, reviewer or smr")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests after a warm one")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    parser.add_argument("--cprofile", action="store_true", help="cProfile by own time instead")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    for name, value in {
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1:8000",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/3",
        "CACHE_URL": "redis://127.0.0.1:6379/3",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "TRUSTED_PROXY_COUNT": "0",
    }.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.inprocess import _users

    admin, reviewer = _users()
    users = {"admin": admin, "reviewer": reviewer}
    client = Client()
    if args.who in users:
        client.force_login(users[args.who])
    response = client.get(args.path)  # warm: URLconf, content types, templates
    size = len(response.content)
    print(f"{args.path} as {args.who}: HTTP {response.status_code}, {size:,} bytes")

    times, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        client.get(args.path)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    # Wall time follows the machine's load; this process's CPU time much less.
    print(f"in-process: wall median {statistics.median(times):.1f} ms (min {min(times):.1f}), "
          f"CPU median {statistics.median(cpu):.1f} ms (min {min(cpu):.1f}) over {args.repeat} "
          f"requests; load {os.getloadavg()[0]:.2f}")  # fmt: skip

    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        client.get(args.path)
        total = (time.perf_counter() - t0) * 1000
    sql_ms = sum(float(q["time"]) * 1000 for q in captured.captured_queries)
    print(f"{len(captured)} queries, {sql_ms:.1f} ms of {total:.1f} ms in the database "
          "(client side: planning, execution, round trip)")  # fmt: skip
    for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"])):
        print(f"  {float(q['time']) * 1000:7.2f} ms  {q['sql'][:160]}")
        if args.explain and q["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                for (line,) in cursor.fetchall():
                    print("        " + line)

    try:
        from pyinstrument import Profiler
    except ImportError:
        args.cprofile = True
    if args.cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(args.path)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(35)
        return
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
