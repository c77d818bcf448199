#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing.
#   --runtime-only: only what `make run` needs (WeasyPrint's Pango).
#   gettext (xgettext, msgfmt): tests/test_translations.py extracts the marked strings afresh.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
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
