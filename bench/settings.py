"""The portal's production settings as the benchmark serves them (bench/harness.py). Every
production setting applies, from the same environment variables a deployment sets, except:

- ROOT_URLCONF adds one bench-only route, the minimal JSON view every endpoint is compared
  with (bench/urls.py). The product's URL configuration has no such route.
- REQUIRE_STAFF_MFA is off, so the harness's staff sessions need no second factor. This
  module is the only place that turns it off; it is never a deployment's settings module.

The harness sets SECURE_SSL_REDIRECT=false and TRUSTED_PROXY_COUNT=0 through the
environment (production.py reads both): gunicorn is reached directly on loopback, without
the TLS-terminating proxy production has."""

from cor_portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
REQUIRE_STAFF_MFA = False
