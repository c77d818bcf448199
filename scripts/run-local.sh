#!/usr/bin/env bash
# `make run`: the web server on http://127.0.0.1:8000 and a Celery worker with embedded beat,
# on the embedded default (SQLite + kombu's filesystem broker) unless DATABASE_URL /
# CELERY_BROKER_URL say otherwise. Ctrl-C stops both.
set -euo pipefail
export DJANGO_SETTINGS_MODULE=cor_portal.settings.local
BIN=.venv/bin
mkdir -p var
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT
$BIN/celery -A cor_portal worker -B --pool=solo --loglevel=INFO \
  --schedule=var/celerybeat-schedule &
pids+=($!)
$BIN/python manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
echo "COR Portal: http://127.0.0.1:8000  (demo logins in README.md; Ctrl-C stops)"
wait -n "${pids[@]}"
