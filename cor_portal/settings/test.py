"""pytest: real PostgreSQL and real Redis. Each test database name may be set per run
(TEST_DATABASE_NAME) so several runs on one machine do not collide."""

from .base import *  # noqa: F403
from .base import DATABASES, env

SECRET_KEY = "test-only-not-secret"  # noqa: S105 - test settings only
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_cor_portal")}

_redis_db = env.int("TEST_REDIS_DB", default=9)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("TEST_REDIS_URL", default=f"redis://127.0.0.1:6379/{_redis_db}"),
        # One key space per xdist worker, as each has its own database: counters such as the
        # failed-login limits must not leak between tests running at the same time.
        "KEY_PREFIX": env.str("TEST_DATABASE_NAME", default="test_cor_portal")
        + env.str("PYTEST_XDIST_WORKER", default=""),
    }
}
CELERY_BROKER_URL = env.str("TEST_REDIS_URL", default=f"redis://127.0.0.1:6379/{_redis_db}")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# Tasks run in-process in most tests; tests/test_celery_redis.py runs a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/cor-portal-test-media")  # noqa: S108  # nosec B108  # test settings only
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate limits would make login-heavy tests flaky; tests of throttling turn them back on.
ACCOUNT_RATE_LIMITS = False
