"""Throughput and p95 latency of the public registry feed with N certified accounts, for a
full response and for a 304, each as a ratio to a minimal Django JSON view served the same way
(same gunicorn, same settings and middleware) in the same run.

    .venv/bin/python bench/registry_feed.py                 # 20,000 certified accounts
    .venv/bin/python bench/registry_feed.py --n 2000 --duration 5

Creates a scratch database (default `cor_bench_registry` on 127.0.0.1:5432; BENCH_DATABASE_URL
to change), migrates it, loads N organizations with a confirmed WSIB account and an active
certificate each (bulk inserts), publishes the registry once with `registry_publish` (timed),
starts gunicorn (bench.registry_settings; --workers, sync) and runs wrk (--connections,
--duration, after a 2 s warm-up) against:

    minimal   GET /bench/minimal/                          {"ok": true}
    full      GET /api/v1/public/certified/                 the whole registry, 200
    304       GET /api/v1/public/certified/  If-None-Match  304 Not Modified

and prints requests/s and p95 for each and the ratios full/minimal and 304/minimal. The
scratch database is dropped afterwards unless --keep."""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cor_bench_registry"
FEED = "/api/v1/public/certified/"


def _scratch_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _load(n: int) -> tuple[float, int]:
    """N certified accounts; returns (seconds to publish, accounts listed)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from certification.enums import CertificateStatus, RegistrationStatus, Sector
    from certification.models import (
        Certificate,
        Organization,
        Registration,
        WsibAccount,
    )
    from certification.services.registry import registry_publish
    from certification.standing import expiry_of
    from cor_portal.accounts.enums import UserRole
    from cor_portal.accounts.models import User

    admin = User.objects.create(username="bench-admin", role=UserRole.ADMINISTRATOR)
    now = timezone.now()
    today = timezone.localdate()
    sectors = list(Sector.values)
    cities = ["Toronto", "Ottawa", "Hamilton", "London", "Sudbury", "Windsor", "Barrie"]
    batch = 5000
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                legal_name=f"Bench Constructors {i:05d} Inc.",
                operating_name=f"Bench {i:05d}",
                city=cities[i % len(cities)],
                sector=sectors[i % len(sectors)],
            )
            for i in range(n)
        ],
        batch_size=batch,
    )
    accounts = WsibAccount.objects.bulk_create(
        [
            WsibAccount(organization=o, account_number=f"{3000000 + i:07d}", firm_number="7000000")
            for i, o in enumerate(orgs)
        ],
        batch_size=batch,
    )
    Registration.objects.bulk_create(
        [
            Registration(
                wsib_account=a,
                status=RegistrationStatus.CONFIRMED,
                applicant_name="Bench",
                applicant_email="bench@example.test",
                declaration_accepted=True,
                created_by=admin,
                submitted_at=now,
                confirmed_at=now,
                confirmed_by=admin,
            )
            for a in accounts
        ],
        batch_size=batch,
    )
    certificates = []
    for i, a in enumerate(accounts):
        anniversary = today - timedelta(days=i % 1000)
        certificates.append(
            Certificate(
                wsib_account=a,
                number=f"COR-{anniversary.year}-{i + 1:06d}",
                status=CertificateStatus.ACTIVE,
                anniversary_date=anniversary,
                expiry_date=expiry_of(anniversary),
                issued_by=admin,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=batch)
    cache.clear()
    started = time.perf_counter()
    publication = registry_publish(by=admin)
    return time.perf_counter() - started, publication.listed


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


def _wrk(url: str, *, connections: int, duration: int, headers: list[str]) -> dict:
    script = str(ROOT / "bench" / "registry_p95.lua")
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "-s", script]
    for header in headers:
        cmd += ["-H", header]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    values = dict(re.findall(r"(\w+)=([^\s]+)", line))
    return {
        "rps": float(values["rps"]),
        "p95_ms": float(values["p95_ms"]),
        "requests": int(values["requests"]),
        "errors": int(values["errors"]),
        "bytes": int(values["bytes"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="certified accounts")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--port", type=int, default=8917)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.registry_settings"
    os.environ.setdefault("TEST_DATABASE_NAME", "cor_bench_registry")  # Redis key prefix
    _scratch_database(url)
    import django

    django.setup()
    publish_s, listed = _load(args.n)
    from django.db import connections

    connections.close_all()
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cor_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        _wait(base + "/bench/minimal/")
        full = urllib.request.urlopen(base + FEED, timeout=60)
        etag = full.headers["ETag"]
        size = len(full.read())
        runs = {
            "minimal": (base + "/bench/minimal/", []),
            "full": (base + FEED, []),
            "304": (base + FEED, [f"If-None-Match: {etag}"]),
        }
        results = {}
        for name, (target, headers) in runs.items():
            _wrk(target, connections=args.connections, duration=2, headers=headers)  # warm-up
            results[name] = _wrk(
                target, connections=args.connections, duration=args.duration, headers=headers
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        connections.close_all()
        if not args.keep:
            _drop_database(url)

    nproc = os.cpu_count()
    print(
        f"registry feed: {listed} certified accounts listed, publish {publish_s:.2f} s, "
        f"full body {size / 1e6:.2f} MB; gunicorn {args.workers} sync workers, wrk "
        f"{args.connections} connections x {args.duration} s, {nproc} CPUs"
    )
    print(f"{'run':8} {'req/s':>10} {'p95 ms':>10} {'requests':>9} {'errors':>7} {'MB/req':>8}")
    for name, r in results.items():
        print(
            f"{name:8} {r['rps']:10.1f} {r['p95_ms']:10.2f} {r['requests']:9d} "
            f"{r['errors']:7d} {r['bytes'] / max(r['requests'], 1) / 1e6:8.3f}"
        )
    m = results["minimal"]
    for name in ("full", "304"):
        r = results[name]
        print(
            f"{name}/minimal: throughput {r['rps'] / m['rps']:.3f}x, "
            f"p95 {r['p95_ms'] / m['p95_ms']:.2f}x"
        )


if __name__ == "__main__":
    main()
