#!/usr/bin/env bash
# `make run [PORT=8000]`: the web server on http://127.0.0.1:$PORT and a Celery worker with
# embedded beat, on the embedded default (SQLite + kombu's filesystem broker) unless
# DATABASE_URL / CELERY_BROKER_URL say otherwise. SITE_URL (links in e-mails and documents)
# follows the port. Ctrl-C stops both.
set -euo pipefail
export DJANGO_SETTINGS_MODULE=cor_portal.settings.local
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
BIN=.venv/bin
mkdir -p var
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT
# The worker logs warnings and errors only; demo e-mails go to var/mail/ (see settings/local.py).
$BIN/celery -A cor_portal worker -B --pool=solo --loglevel=WARNING \
  --schedule=var/celerybeat-schedule >var/worker.log 2>&1 &
pids+=($!)
$BIN/python manage.py runserver "127.0.0.1:${PORT}" --noreload >var/web.log 2>&1 &
pids+=($!)
# Say where to go only once the server answers.
for _ in $(seq 1 120); do
  if $BIN/python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:${PORT}/healthz', timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
password="${DEMO_PASSWORD:-cor-demo-2026}"
cat <<MSG

  COR Portal is running: ${SITE_URL}

  Demo logins (password: ${password}):
    certifying body   admin (administrator), reviewer, lead, manager, director
    employer          smr (Senior Management Representative), ia (internal auditor), viewer
    external auditor  auditor, auditor2

  Logs: var/web.log, var/worker.log; demo e-mails: var/mail/. Ctrl-C stops.

MSG
wait -n "${pids[@]}"
