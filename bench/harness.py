"""`make bench`: every benchmark of bench/ in one run, one table (README "Benchmarks").

    .venv/bin/python bench/harness.py                 # 20,000 accounts, 50,000 audits, 3 runs
    .venv/bin/python bench/harness.py --quick         # small data, short runs: a smoke check
    .venv/bin/python bench/harness.py --repeat 5 --duration 10 --upload-mb 200 --upload-rate 1

1. Creates a scratch PostgreSQL database (BENCH_DATABASE_URL, default cor_bench_<pid>
   on 127.0.0.1:5432), migrates it and loads `seed_scale --accounts N --audits M`; a second,
   small one (`--accounts 20 --audits 20`) for queries per request at few rows.
2. Serves the portal with production settings (bench/settings.py: production plus a minimal
   JSON view and staff MFA off) under gunicorn with gunicorn.conf.py as the Dockerfile
   (3 gthread workers), loopback.
3. For each endpoint, at 1 and 20 clients, `--repeat` times: wrk on the minimal view (the
   baseline), then wrk on the endpoint, each `--duration` seconds, the 1-minute load
   average noted at the start of each. Reports medians; the ratio is endpoint / baseline.
4. The evidence upload: `--upload-mb` MB sent at `--upload-rate` MB/s by a throttled client,
   the gunicorn workers' RSS growth and the HTTP status.
5. The deadline sweep against the same work in plain SQL (bench/sweep_deadlines.py), the
   re-run for the same date, the review report PDF render time and queries per request.

Prints the table and writes it as markdown to var/bench/latest.md. Scratch databases are
dropped at the end unless --keep.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stats import (  # noqa: E402
    Paired,
    cpu_per_request_ms,
    fmt_num,
    fmt_pct,
    markdown_table,
    median,
    parse_wrk,
    summarize,
    text_table,
)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# A name of its own per run, so parallel runs (other worktrees) never drop each other's.
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/cor_bench_{os.getpid()}"
# As the Dockerfile's CMD serves the portal (keep in step when serving changes).
# The web service's own gunicorn settings (Dockerfile, docker-compose.yml): 3 gthread workers.
# One change: no worker recycling (gunicorn.conf.py restarts a worker after ~2,000 requests).
# The baseline serves thousands of requests a run, so the workers were replaced during it and
# the endpoint measured next paid their start-up (Django's imports, ~1.5 s of CPU each).
SERVE_ARGS = [
    "-c",
    str(ROOT / "gunicorn.conf.py"),
    "--max-requests",
    "0",
    "cor_portal.wsgi:application",
]
BASELINE = "/bench/minimal/"
LUA = str(ROOT / "bench" / "wrk_report.lua")


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def load1() -> float:
    return os.getloadavg()[0]


# --- databases and the server ------------------------------------------------------------


def _admin(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def create_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(db_url: str, port: int, args) -> dict[str, str]:
    """Production settings' environment (cor_portal/settings/production.py), loopback."""
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=db_url,
        CELERY_BROKER_URL=redis,
        CACHE_URL=redis,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        TRUSTED_PROXY_COUNT="0",
        MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"),
        # The upload benchmark sends more than the default 25 MB limit on purpose.
        UPLOAD_MAX_BYTES=str((args.upload_mb + 10) * 1024 * 1024),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict, *argv: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def inprocess(env: dict, *argv: str) -> dict:
    done = subprocess.run(
        [PYTHON, "bench/inprocess.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"bench/inprocess.py {' '.join(argv)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group; stopped by its own pid."""

    def __init__(self, env: dict, port: int):
        self.port = port
        self.log = open(ROOT / "var" / "bench" / "gunicorn.log", "a")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [GUNICORN, *SERVE_ARGS, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{BASELINE}", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 s (var/bench/gunicorn.log)")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (/proc/PID/stat), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


class CpuMeter:
    """CPU seconds spent serving a run: the gunicorn workers and the PostgreSQL backends
    connected to the bench database (persistent connections, CONN_MAX_AGE). Processes that
    appear during the run count from zero; the load generator (wrk) and other work on the
    machine do not count, which is what makes it comparable under load."""

    def __init__(self, server: "Server", db_url: str):
        self.server = server
        self.db_url = db_url
        self.database = db_url.rsplit("/", 1)[1]

    def _backends(self) -> list[int]:
        try:
            with _admin(self.db_url) as admin:
                rows = admin.execute(
                    # Client backends only: an autovacuum worker on the same database is
                    # not the requests' work.
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s"
                    " AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                    [self.database],
                ).fetchall()
        except Exception:  # the CPU figure is optional, the run is not
            return []
        return [row[0] for row in rows]

    def sample(self) -> dict[int, float]:
        pids = set(self.server.workers()) | set(self._backends())
        return {pid: cpu_seconds(pid) for pid in pids}

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- wrk ---------------------------------------------------------------------------------


def wrk(port: int, path: str, clients: int, seconds: float, cookie: str = ""):
    cmd = ["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds:g}s"]
    cmd += ["--timeout", "10s", "-s", LUA]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"wrk failed: {done.stderr}")
    return parse_wrk(done.stdout)


def drain(port: int, limit_s: float = 60) -> None:
    """Wait until the workers are idle: requests wrk left queued when it stopped are still
    being served after it exits, and would slow the next run (often the baseline). Idle means
    three baseline requests in a row answered in under 5 × the fastest seen (at least 50 ms)."""
    fastest = float("inf")
    quick_in_a_row = 0
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and quick_in_a_row < 3:
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{BASELINE}", timeout=30):
                pass
        except OSError:
            time.sleep(0.5)
            continue
        took = time.monotonic() - t0
        fastest = min(fastest, took)
        quick_in_a_row = quick_in_a_row + 1 if took < max(5 * fastest, 0.05) else 0


def measured_wrk(meter: "CpuMeter | None", port: int, path: str, clients: int, seconds: float,
                 cookie: str = ""):  # fmt: skip
    """wrk, and the serving processes' CPU ms per completed request (None without a meter)."""
    before = meter.sample() if meter else {}
    run = wrk(port, path, clients, seconds, cookie)
    if meter is None:
        return run, None
    return run, cpu_per_request_ms(CpuMeter.spent(before, meter.sample()), run.requests)


def bench_endpoints(port: int, prepared: dict, args, meter: "CpuMeter | None" = None):
    rows = []
    cookie_name = prepared["cookie_name"]
    for name, (who, path) in prepared["pages"].items():
        cookie = f"{cookie_name}={prepared['sessions'][who]}" if who else ""
        check = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
        if cookie:
            check.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(check, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        # Warm every worker thread on the endpoint first (its own database connection, the
        # session, compiled templates), so the first measured run does not pay for it.
        wrk(port, path, 12, 1, cookie)
        for clients in args.clients:
            pairs = []
            for _ in range(args.repeat):
                drain(port)
                base_load = load1()
                base, base_cpu = measured_wrk(meter, port, BASELINE, clients, args.duration)
                drain(port)
                run_load = load1()
                run, run_cpu = measured_wrk(meter, port, path, clients, args.duration, cookie)
                pairs.append(
                    Paired(run=run, baseline=base, load=run_load, baseline_load=base_load,
                           run_cpu_ms=run_cpu, baseline_cpu_ms=base_cpu)
                )  # fmt: skip
            s = summarize(pairs)
            log(
                f"{name} @{clients}: {s.rps:.1f} req/s ({fmt_pct(s.ratio)} of "
                f"{s.baseline_rps:.0f}), p95 {s.p95_ms:.0f} ms, CPU {fmt_num(s.cpu_ms, 2)} "
                f"ms/req vs {fmt_num(s.baseline_cpu_ms, 2)} ({fmt_pct(s.cpu_ratio)}), "
                f"load {s.load:.2f}"
            )
            none = s.rps == 0  # nothing answered within wrk's 10 s timeout: no latencies
            rows.append(
                [
                    name,
                    str(clients),
                    f"{status}",
                    "none completed" if none else fmt_num(s.rps),
                    "—" if none else fmt_num(s.p50_ms),
                    "—" if none else fmt_num(s.p95_ms),
                    "—" if none else fmt_num(s.p99_ms),
                    str(s.errors),
                    fmt_num(s.baseline_rps, 0),
                    fmt_pct(s.ratio),
                    fmt_num(s.cpu_ms, 2),
                    fmt_num(s.baseline_cpu_ms, 2),
                    fmt_pct(s.cpu_ratio),
                    fmt_num(s.load, 2),
                ]
            )
    return rows


# --- the evidence upload -----------------------------------------------------------------


def _csrf(port: int, prepared: dict) -> str:
    cookie = f"{prepared['cookie_name']}={prepared['sessions']['smr']}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/audits/{prepared['upload_audit']}/", headers={"Cookie": cookie}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == prepared["csrf_cookie_name"]:
                return rest.split(";", 1)[0]
    raise SystemExit("the audit page set no CSRF cookie")


def bench_upload(server: Server, prepared: dict, args) -> dict:
    """POST `--upload-mb` MB of evidence at `--upload-rate` MB/s; workers' RSS sampled."""
    port = server.port
    token = _csrf(port, prepared)
    boundary = "benchboundary7305511"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="document_date"'
        f"\r\n\r\n{date.today() - timedelta(days=2)}\r\n--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="bench-upload.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = args.upload_mb * 1024 * 1024
    # A new file each run: the same content twice is refused as a duplicate.
    pdf_head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n% bench " + str(time.time_ns()).encode() + b"\n"
    length = len(head) + size + len(tail)
    cookie = (
        f"{prepared['cookie_name']}={prepared['sessions']['smr']}; "
        f"{prepared['csrf_cookie_name']}={token}"
    )
    request_head = (
        f"POST /audits/{prepared['upload_audit']}/evidence/ HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()

    workers = server.workers()
    before = {pid: rss_kb(pid) for pid in workers}
    peak = dict(before)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in workers:
                peak[pid] = max(peak.get(pid, 0), rss_kb(pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rate = args.upload_rate * 1024 * 1024
    chunk = 64 * 1024
    started = time.monotonic()
    status = "no response"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=args.upload_mb / 0.1) as s:
            s.sendall(request_head + head + pdf_head)
            sent = len(pdf_head)
            filler = b"\0" * chunk
            while sent < size:
                n = min(chunk, size - sent)
                s.sendall(filler[:n])
                sent += n
                ahead = sent / rate - (time.monotonic() - started)
                if ahead > 0:
                    time.sleep(ahead)
            s.sendall(tail)
            reply = s.recv(4096).decode("latin-1")
            status = reply.split("\r\n", 1)[0] if reply else "connection closed, no response"
            location = [h for h in reply.split("\r\n") if h.lower().startswith("location:")]
            if location:
                status += " → " + location[0].split(":", 1)[1].strip()
    except OSError as exc:
        status = f"{type(exc).__name__} after {time.monotonic() - started:.0f} s"
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    growth = max((peak[pid] - before.get(pid, 0) for pid in peak), default=0)
    time.sleep(5)  # a worker gunicorn aborts on its timeout takes a moment to be replaced
    replaced = len(set(workers) - set(server.workers()))
    return {
        "status": status,
        "seconds": elapsed,
        "rss_growth_mb": growth / 1024,
        "workers_replaced": replaced,
    }


# --- the sweep, PDF and queries ----------------------------------------------------------


def bench_sweep(args, url: str) -> dict:
    out = ROOT / "var" / "bench" / "sweep.json"
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="cor_portal.settings.test", BENCH_DATABASE_URL=url
    )
    done = subprocess.run(
        [PYTHON, "bench/sweep_deadlines.py", "--n", str(args.sweep_n), "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"bench/sweep_deadlines.py failed:\n{done.stdout}\n{done.stderr}")
    for line in done.stdout.splitlines():
        log("sweep: " + line)
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--audits", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per wrk run")
    parser.add_argument("--clients", default="1,20", help="wrk connections, comma-separated")
    parser.add_argument("--upload-mb", type=int, default=200, help="evidence upload size")
    parser.add_argument("--upload-rate", type=float, default=1, help="client rate, MB/s")
    parser.add_argument("--sweep-n", type=int, default=100_000, help="open deadlines to sweep")
    parser.add_argument("--pdf", type=int, default=3, help="review reports rendered")
    parser.add_argument("--quick", action="store_true", help="small data, 1 short run each")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the seeded database BENCH_DATABASE_URL names as it is (a --keep run's)",
    )
    parser.add_argument(
        "--only", default="", help="comma-separated: endpoints,upload,sweep,pdf,queries"
    )
    parser.add_argument(
        "--pages",
        default="",
        help='only the endpoints whose name contains one of these words ("program figures")',
    )
    args = parser.parse_args()
    if args.pages:
        os.environ["BENCH_PAGES"] = args.pages
    QUICK = {"accounts": 2_000, "audits": 5_000, "repeat": 1, "duration": 2, "upload_mb": 20,
             "sweep_n": 20_000, "pdf": 1}  # fmt: skip
    for name, value in QUICK.items() if args.quick else ():
        if getattr(args, name) == parser.get_default(name):
            setattr(args, name, value)
    args.clients = [int(c) for c in args.clients.split(",")]
    only = set(filter(None, args.only.split(","))) or {
        "endpoints",
        "upload",
        "sweep",
        "pdf",
        "queries",
    }
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    small_url = url + "_small"
    port = free_port()
    env = server_env(url, port, args)
    small_env = server_env(small_url, port, args)
    started_at = datetime.now(UTC)
    sections: list[tuple[str, list[str], list[list[str]]]] = []
    notes: list[str] = []
    server = None
    try:
        if not args.reuse:
            log(f"scratch databases {url.rsplit('/', 1)[1]} and its _small twin; migrating")
            create_database(url)
            manage(env, "migrate", "--noinput", "-v", "0")
            log(
                f"seed_scale --accounts {args.accounts} --audits {args.audits} (load {load1():.2f})"
            )
            t0 = time.perf_counter()
            seeded = manage(
                env, "seed_scale", "--accounts", str(args.accounts), "--audits", str(args.audits)
            )
            seed_s = time.perf_counter() - t0
            log(seeded.strip().splitlines()[-1])
            notes.append(
                f"seed_scale --accounts {args.accounts:,} --audits {args.audits:,}: "
                f"{seed_s:.1f} s including start-up; {seeded.strip().splitlines()[0].strip()} "
                f"(load {load1():.2f})"
            )
        prepared = inprocess(env, "prepare")

        if "endpoints" in only or "upload" in only:
            server = Server(env, port)
            log(f"gunicorn {' '.join(SERVE_ARGS)} on 127.0.0.1:{port}")
        if "endpoints" in only:
            rows = bench_endpoints(port, prepared, args, CpuMeter(server, url))
            sections.append(
                (
                    f"Endpoints: median of {args.repeat} × {args.duration:g} s wrk runs",
                    ["endpoint", "clients", "HTTP", "req/s", "p50 ms", "p95 ms", "p99 ms",
                     "errors", "baseline req/s", "ratio", "CPU ms/req", "baseline CPU ms/req",
                     "CPU ratio", "load 1m"],
                    rows,
                )
            )  # fmt: skip
        if "upload" in only:
            log(f"upload {args.upload_mb} MB at {args.upload_rate:g} MB/s")
            before = inprocess(env, "evidence", str(prepared["upload_audit"]))
            up = bench_upload(server, prepared, args)
            after = inprocess(env, "evidence", str(prepared["upload_audit"]))
            stored = after["count"] > before["count"] and after["last_size"] == (
                args.upload_mb * 1024 * 1024
            )
            sections.append(
                (
                    "Evidence upload (throttled client)",
                    ["size", "client rate", "seconds", "response", "stored", "worker RSS growth",
                     "workers replaced", "load 1m"],
                    [[f"{args.upload_mb} MB", f"{args.upload_rate:g} MB/s",
                      f"{up['seconds']:.1f}", up["status"], "yes" if stored else "no",
                      f"{up['rss_growth_mb']:.1f} MB",
                      str(up["workers_replaced"]), f"{load1():.2f}"]],
                )
            )  # fmt: skip
        if server is not None:
            server.stop()
            server = None
        if "pdf" in only:
            result = inprocess(env, "pdf", str(args.pdf))
            seconds = result["seconds"]
            sections.append(
                (
                    "Review report PDF (render and store)",
                    ["reports", "median s", "max s", "load 1m"],
                    [[str(len(seconds)), fmt_num(median(seconds), 3) if seconds else "—",
                      fmt_num(max(seconds), 3) if seconds else "—", f"{load1():.2f}"]],
                )
            )  # fmt: skip
        if "queries" in only:
            create_database(small_url)
            manage(small_env, "migrate", "--noinput", "-v", "0")
            manage(small_env, "seed_scale", "--accounts", "20", "--audits", "20")
            small = inprocess(small_env, "queries")
            big = inprocess(env, "queries")
            rows = []
            for name, few in small["pages"].items():
                many = big["pages"][name]
                rows.append(
                    [name, str(few["queries"]), str(many["queries"]),
                     f"{few['status']} / {many['status']}"]
                )  # fmt: skip
            sections.append(
                (
                    "Queries per request",
                    ["page", f"queries at {small['audits']} audits",
                     f"queries at {big['audits']:,} audits", "HTTP"],
                    rows,
                )
            )  # fmt: skip
        if "sweep" in only:
            log(f"sweep of {args.sweep_n:,} open deadlines vs plain SQL")
            sw = bench_sweep(args, url + "_sweep")
            sections.append(
                (
                    f"Deadline sweep over {args.sweep_n:,} open deadlines",
                    ["measure", "seconds", "queries", "rows", "ratio", "load 1m"],
                    [
                        ["sweep (first run)", f"{sw['sweep_s']:.2f}", str(sw["sweep_queries"]),
                         f"{sw['missed']:,} missed, {sw['reminded']:,} reminders",
                         f"{sw['sweep_s'] / sw['plain_s']:.2f}× plain SQL"
                         if sw.get("plain_s") else "—", f"{sw['load']:.2f}"],
                        ["same work in plain SQL", f"{sw['plain_s']:.2f}",
                         str(sw["plain_queries"]), "the same rows (a copy of the data)",
                         "1.00×", f"{sw['load']:.2f}"],
                        ["sweep re-run, same date", f"{sw['again_s']:.3f}",
                         str(sw["again_queries"]), "0", "—", f"{sw['load']:.2f}"],
                        ["next day's sweep", f"{sw['next_s']:.2f}", str(sw["next_queries"]),
                         f"{sw['next_missed']:,} missed, {sw['next_reminded']:,} reminders",
                         "—", f"{sw['load']:.2f}"],
                        ["sweep process peak RSS", f"{sw['peak_rss_mb']:.0f} MB", "", "", "",
                         ""],
                        ["reminder and miss updates that were HOT",
                         f"{100 * sw.get('hot_share', 0):.1f} %", "", "", "", ""],
                        ["first sweep: time in the database", f"{sw.get('db_s', 0):.2f}",
                         str(sw["sweep_queries"]), "", "", ""],
                        *[[f"  slowest: {sql}", f"{seconds:.2f}", "1", "", "", ""]
                          for seconds, sql in sw.get("slowest", [])],
                    ],
                )
            )  # fmt: skip
    finally:
        if server is not None:
            server.stop()
        if not args.keep and not args.reuse:
            for u in (url, small_url):
                try:
                    drop_database(u)
                except Exception as exc:
                    notes.append(f"could not drop {u.rsplit('/', 1)[1]}: {exc}")

    header = (
        f"`make bench` {started_at:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; "
        f"{args.accounts:,} accounts, {args.audits:,} audits; load average at the end "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    text = [header, *notes, ""]
    md = [f"# Benchmarks\n\n{header}\n", *(f"- {n}" for n in notes), ""]
    for title, headers, rows in sections:
        text += [title, text_table(headers, rows), ""]
        md += [f"## {title}\n", markdown_table(headers, rows), ""]
    print("\n".join(text))
    (ROOT / "var" / "bench" / "latest.md").write_text("\n".join(md) + "\n")
    log("written to var/bench/latest.md")


if __name__ == "__main__":
    main()
