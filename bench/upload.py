"""A slow client uploading a big file through gunicorn with the production settings
(gunicorn.conf.py): does it succeed, how long does it take, and how much does the worker grow?

    .venv/bin/python bench/upload.py                      # 200 MB at 1 MB/s (~200 s)
    .venv/bin/python bench/upload.py --mb 40 --rate 1     # 40 MB at 1 MB/s (> 30 s)
    .venv/bin/python bench/upload.py --compare-sync       # the same upload on sync workers first
    .venv/bin/python bench/upload.py --via-nginx --compare-sync   # through a buffering nginx

Starts `gunicorn -c gunicorn.conf.py` on 127.0.0.1 with one worker (so the worker's memory is
one process's), serving bench/upload_app.py: Django's request handling and multipart parser
with the portal's upload settings. The client sends a multipart body with a Content-Length
from a generator that sleeps to hold the rate, and the worker's RSS is read from /proc every
0.2 s. `--compare-sync` runs the same upload on gunicorn's default sync worker first, whose
30 s timeout cuts it.

`--via-nginx` puts nginx (the Debian package; `apt-get install nginx-light`) in front as a
buffering proxy, configured as README "Uploads and limits" asks of the deployment's proxy
(`client_max_body_size 251m`, request buffering on, the body spooled to a temporary file
past 1 MB): nginx reads the whole slow body itself and then hands it to gunicorn over
loopback at once, so even a sync worker sees a fast client. The nginx worker's RSS growth
is reported beside gunicorn's.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
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


NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    # As README "Uploads and limits" asks of the proxy in front of the portal.
    client_max_body_size 251m;
    client_body_buffer_size 1m;
    client_body_timeout 60s;
    proxy_request_buffering on;
    proxy_read_timeout 300s;
    proxy_send_timeout 300s;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $host;
        }}
    }}
}}
"""


def nginx_children(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def start_nginx(port: int, upstream: int) -> subprocess.Popen:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise SystemExit("--via-nginx needs nginx (Debian: apt-get install nginx-light)")
    workdir = ROOT / "var" / "bench" / "nginx"
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o777)  # nginx's worker runs as an unprivileged user when started as root
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=workdir, port=port, upstream=upstream))
    proc = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"nginx did not start: {proc.communicate()[1][-2000:]}")


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


def run(port: int, worker_class: str | None, size: int, rate: float, via_nginx: bool = False):
    proc = start(port, worker_class)
    pid = proc.worker_pid  # type: ignore[attr-defined]
    nginx = None
    client_port = port
    if via_nginx:
        client_port = port + 1
        nginx = start_nginx(client_port, port)
    nginx_workers = nginx_children(nginx.pid) if nginx else []
    before = rss_kb(pid)
    peak = [before]
    nginx_before = {w: rss_kb(w) for w in nginx_workers}
    nginx_peak = dict(nginx_before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            for w in nginx_workers:
                nginx_peak[w] = max(nginx_peak[w], rss_kb(w))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    gen, length = body(size, rate)
    t0 = time.monotonic()
    outcome: dict = {"worker_class": worker_class or "gthread (gunicorn.conf.py)"}
    if via_nginx:
        outcome["proxy"] = "nginx, request buffering on"
    try:
        conn = http.client.HTTPConnection("127.0.0.1", client_port, timeout=600)
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
    if nginx is not None:
        growth = max((nginx_peak[w] - nginx_before[w] for w in nginx_workers), default=0)
        outcome["nginx_worker_rss_growth_mb"] = round(growth / 1024, 1)
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(timeout=20)
        except subprocess.TimeoutExpired:
            nginx.kill()
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
    parser.add_argument("--via-nginx", action="store_true", help="behind a buffering nginx")
    args = parser.parse_args()
    size, rate = int(args.mb * 2**20), args.rate * 2**20
    print(f"upload of {args.mb:g} MB at {args.rate:g} MB/s (~{size / rate:.0f} s)", flush=True)
    classes = (["sync"] if args.compare_sync else []) + [None]
    results = []
    for worker_class in classes:
        result = run(args.port, worker_class, size, rate, via_nginx=args.via_nginx)
        results.append(result)
        print(json.dumps(result), flush=True)
    ok = results[-1]["status"] == 200 and results[-1].get("received") == size
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
