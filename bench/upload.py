"""A slow client uploading a big file through gunicorn with the production settings
(gunicorn.conf.py): does it succeed, how long does it take, and how much does the worker grow?

    .venv/bin/python bench/upload.py                      # 200 MB at 1 MB/s (~200 s)
    .venv/bin/python bench/upload.py --mb 40 --rate 1     # 40 MB at 1 MB/s (> 30 s)
    .venv/bin/python bench/upload.py --compare-sync       # the same upload on sync workers first

Starts `gunicorn -c gunicorn.conf.py` on 127.0.0.1 with one worker (so the worker's memory is
one process's), serving bench/upload_app.py: Django's request handling and multipart parser
with the portal's upload settings. The client sends a multipart body with a Content-Length
from a generator that sleeps to hold the rate, and the worker's RSS is read from /proc every
0.2 s. `--compare-sync` runs the same upload on gunicorn's default sync worker first, whose
30 s timeout cuts it.
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 64 * 1024
BOUNDARY = "benchboundary7305511"


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return 0
    return 0


def start(port: int, worker_class: str | None) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--max-requests",
        "0",
    ]
    if worker_class:  # gunicorn turns sync into gthread when threads > 1
        cmd += ["--worker-class", worker_class, "--threads", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [*cmd, "bench.upload_app:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/upload/")
            pid = json.loads(conn.getresponse().read())["pid"]
            conn.close()
            proc.worker_pid = pid  # type: ignore[attr-defined]
            return proc
        except (OSError, ValueError, http.client.HTTPException):  # still booting
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn did not start: {proc.communicate()[1][-2000:]}")


def body(size: int, rate: float):
    """The multipart body, paced at `rate` bytes per second."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="evidence.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    block = os.urandom(CHUNK)

    def gen():
        yield head
        t0 = time.monotonic()
        sent = 0
        while sent < size:
            n = min(CHUNK, size - sent)
            yield block[:n]
            sent += n
            ahead = sent / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
        yield tail

    return gen(), len(head) + size + len(tail)


def run(port: int, worker_class: str | None, size: int, rate: float) -> dict:
    proc = start(port, worker_class)
    pid = proc.worker_pid  # type: ignore[attr-defined]
    before = rss_kb(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    gen, length = body(size, rate)
    t0 = time.monotonic()
    outcome: dict = {"worker_class": worker_class or "gthread (gunicorn.conf.py)"}
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request(
            "POST",
            "/upload/",
            body=gen,
            headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                "Content-Length": str(length),
            },
            encode_chunked=False,
        )
        response = conn.getresponse()
        payload = response.read()
        outcome["status"] = response.status
        if response.status == 200:
            outcome["received"] = json.loads(payload)["size"]
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        outcome["status"] = f"connection failed ({type(exc).__name__})"
    outcome["seconds"] = round(time.monotonic() - t0, 1)
    done.set()
    sampler.join()
    outcome["worker_rss_before_mb"] = round(before / 1024, 1)
    outcome["worker_rss_growth_mb"] = round((peak[0] - before) / 1024, 1)
    proc.send_signal(signal.SIGTERM)
    try:
        _out, err = proc.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    outcome["timeout_logged"] = "WORKER TIMEOUT" in (err or "")
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="file size in MB (2**20 bytes)")
    parser.add_argument("--rate", type=float, default=1.0, help="client rate in MB/s")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--compare-sync", action="store_true", help="sync workers first")
    args = parser.parse_args()
    size, rate = int(args.mb * 2**20), args.rate * 2**20
    print(f"upload of {args.mb:g} MB at {args.rate:g} MB/s (~{size / rate:.0f} s)", flush=True)
    classes = (["sync"] if args.compare_sync else []) + [None]
    results = []
    for worker_class in classes:
        result = run(args.port, worker_class, size, rate)
        results.append(result)
        print(json.dumps(result), flush=True)
    ok = results[-1]["status"] == 200 and results[-1].get("received") == size
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
