"""`make run`: the embedded default. SQLite and a Celery broker on the filesystem, so the
portal runs with demo data on a machine with no PostgreSQL or Redis. DATABASE_URL and
CELERY_BROKER_URL, when set, win."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

VAR = BASE_DIR / "var"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR / 'cor_portal.sqlite3'}")}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

_broker_dir = VAR / "celery-broker"
_processed_dir = VAR / "celery-processed"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=f"file://{VAR / 'celery-results'}")
if CELERY_BROKER_URL == "filesystem://":
    for d in (_broker_dir, _processed_dir, VAR / "celery-results", VAR / "celery-control"):
        d.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
        # Broadcast (control) messages too, or kombu writes them under the working directory.
        "control_folder": str(VAR / "celery-control"),
    }

# Demo mail is written to files in var/mail/ (one per message), not to the console.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR / "mail"

# A quiet console for `make run`: WeasyPrint's per-step progress, fontTools' subsetting notes
# and kombu's "No hostname was supplied" (the filesystem broker has no host) are noise here.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}
