"""Settings for bench/registry_feed.py's gunicorn: the test settings (real PostgreSQL and
Redis, every middleware of the portal) on the scratch database, persistent connections, and
a URL configuration that adds the minimal JSON view the feed is compared with."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cor_bench_registry")

from cor_portal.settings.test import *  # noqa: F403
from cor_portal.settings.test import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 60
ROOT_URLCONF = "bench.registry_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
