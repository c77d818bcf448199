"""Gunicorn settings of the web service (docker-compose.yml and the Dockerfile run
`gunicorn -c gunicorn.conf.py cor_portal.wsgi:application`). README "Uploads and limits"
explains the numbers; bench/upload.py measures them.

Threaded workers (gthread): a worker's main thread keeps answering the arbiter's heartbeat
while its threads serve requests, so `timeout` bounds a worker that hangs, not how long one
request may take. A sync worker is killed `timeout` seconds into any request: a 200 MB
evidence upload from a client slower than ~6.7 MB/s was cut at 30 s (HTTP 500)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
# Requests served at once per worker: slow uploads occupy a thread each, not a worker.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Seconds a worker may miss its heartbeat before the arbiter restarts it (a hung worker).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Request-line and header limits (the body's limit is REQUEST_MAX_BYTES, in Django).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
