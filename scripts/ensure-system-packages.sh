#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing.
#   --runtime-only: only what `make run` needs (WeasyPrint's Pango).
#   --bench: only what `make bench` needs besides the runtime (wrk, the load generator).
#   gettext (xgettext, msgfmt): tests/test_translations.py extracts the marked strings afresh.
#   axe-core (npm registry, into var/node; not committed): the accessibility checks of the
#   browser tests (tests/browser/conftest.py).
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if [[ "${1:-}" == "--bench" ]]; then
  command -v wrk >/dev/null && exit 0
  echo "Installing Debian package: wrk"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
  exit 0
fi
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do have "$pkg" || need+=("$pkg"); done
if [[ "${1:-}" != "--runtime-only" ]]; then
  for pkg in poppler-utils chromium gettext; do have "$pkg" || need+=("$pkg"); done
fi
if ((${#need[@]})); then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ "${1:-}" != "--runtime-only" && ! -f var/node/node_modules/axe-core/axe.min.js ]]; then
  command -v npm >/dev/null || { echo "npm is needed to install axe-core for the browser tests" >&2; exit 1; }
  echo "Installing axe-core 4 from the npm registry into var/node"
  npm install --prefix var/node --no-audit --no-fund --silent axe-core@4 >/dev/null
fi
