"""Settings shared by every environment. Values come from the environment (django-environ);
each environment module (local, test, production) says what its defaults are."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The letterhead and signature of every generated document (cor_portal/documents).
# Each document is in its addressee's language: a value may have a French form under
# "<key>_fr" (DOCUMENT_ISSUER_NAME_FR …), used in French documents when set
# (cor_portal/documents/rendering.py). The default name is translated like any text.
DOCUMENT_ISSUER = {
    "name": env.str("DOCUMENT_ISSUER_NAME", default="") or _("COR™ Certifying Body"),
    "name_fr": env.str("DOCUMENT_ISSUER_NAME_FR", default=""),
    "address": env.str("DOCUMENT_ISSUER_ADDRESS", default="Toronto, Ontario, Canada"),
    "address_fr": env.str("DOCUMENT_ISSUER_ADDRESS_FR", default=""),
    "email": env.str("DOCUMENT_ISSUER_EMAIL", default="cor@localhost"),
}
DOCUMENT_SIGNING_OFFICER = {
    # Empty: the documents show the title only ("COR™ program director", translated).
    "name": env.str("DOCUMENT_SIGNING_OFFICER_NAME", default=""),
    "title": env.str("DOCUMENT_SIGNING_OFFICER_TITLE", default=""),
    "title_fr": env.str("DOCUMENT_SIGNING_OFFICER_TITLE_FR", default=""),
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    # platform apps
    "cor_portal.accounts",
    "cor_portal.history",
    "cor_portal.documents",
    "cor_portal.notifications",
    "cor_portal.deadlines",
    "cor_portal.security",
    # domain apps (depend downward only: certification <- audits <- sose, audits <- appeals)
    "certification",
    "audits",
    "sose",
    "appeals",
    "equivalency",
    # reads every domain app (QA, auditor quality, figures, workplan); nothing imports it
    "oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's stored language wins over the cookie and the browser's header.
    "cor_portal.accounts.language.UserLanguageMiddleware",
    # After authentication (anonymous callers get a smaller limit), before anything reads the
    # body (CSRF reads request.POST).
    "cor_portal.middleware.RequestSizeLimitMiddleware",
    "cor_portal.middleware.PrivateCacheMiddleware",
    "cor_portal.security.middleware.SecurityLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "cor_portal.accounts.middleware.RequireStaffMFAMiddleware",
    "certification.views.onboarding.RequireOrganizationMiddleware",
    "cor_portal.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "cor_portal.urls"
WSGI_APPLICATION = "cor_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["cor_portal.formatting"],  # |pct: percentages in the reader's language
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cor_portal.accounts.context_processors.staff_admin",
                "certification.context_processors.programs",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cor_portal"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Django-admin model permissions for administrators (role), see accounts/backends.py.
    "cor_portal.accounts.backends.AdministratorAdminBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: login with e-mail or username; e-mail verified at sign-up; MFA (TOTP,
# recovery codes) available to every user and enforced for staff by accounts.middleware.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
# No username at sign-up: "a user with that username already exists" told anyone which
# usernames exist. allauth derives a unique username from the address; people log in with
# their e-mail address (or that username, shown on their account page). An address already
# in use gets the same answer as a new one (ACCOUNT_PREVENT_ENUMERATION, allauth's default)
# and its owner an e-mail.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Verifying the address in the same browser finishes the sign-up login and returns to `next`
# (e.g. the invitation link that sent the visitor to sign up).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "cor_portal.accounts.adapter.AccountAdapter"
# Failed logins, page and API alike: accounts/lockout.py, counters in the cache. Per account
# from one address, per account over all addresses (not at an address the account logged in
# from lately) and per address: (failures, seconds).
LOGIN_FAILURE_LIMITS = {
    "account_address": (5, 15 * 60),
    "account": (50, 60 * 60),
    "address": (30, 15 * 60),
}
# allauth's own "login_failed" limit now counts only second-factor codes, per user
# ("mfa-auth-user-<id>"), on the page and the token endpoint alike.
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {"login_failed": "5/5m/key"}
# How many proxies in front of the portal append to X-Forwarded-For: the client address used
# by allauth's limits, accounts.lockout and DRF's throttles. 0 = REMOTE_ADDR (no proxy);
# never more than the proxies really there, or clients choose their own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Unused: accounts.adapter puts the prefix in the reader's language (as every e-mail).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[COR Portal] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

LANGUAGE_CODE = "en-ca"
LANGUAGES = [("en-ca", _("English")), ("fr-ca", _("French (Canada)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# Files: django-storages. Local filesystem by default; S3-compatible storage when
# AWS_STORAGE_BUCKET_NAME is set. Files are never served from MEDIA_URL: every download goes
# through a view that checks access.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _file_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    _file_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _file_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads larger than this go to a temporary file, never whole into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Non-file form/JSON data: larger bodies are refused by Django (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded supporting documents (transcripts, course outlines, evidence).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=250 * 1024 * 1024)
# Whole request bodies (cor_portal.middleware.RequestSizeLimitMiddleware, 413): the largest
# upload plus room for the form; anonymous callers (login, sign-up) never upload files. The
# proxy in front must cap bodies at REQUEST_MAX_BYTES too (e.g. nginx client_max_body_size).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=EVIDENCE_MAX_BYTES + 1024 * 1024)
ANONYMOUS_REQUEST_MAX_BYTES = 1024 * 1024

CACHES = {
    "default": env.cache("CACHE_URL", default="redis://127.0.0.1:6379/1"),
}

# E-mail goes through Django's mail framework, from a Celery task queued after commit.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="COR Portal <cor@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis as broker and result store; beat runs the deadline sweep. Hourly, not once a
# night: a nightly crontab inside 02:00–03:00 America/Toronto is skipped or run late on DST
# changes, and the sweep is idempotent, so running it every hour costs one quick no-op.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "deadline-sweep-hourly": {
        "task": "cor_portal.deadlines.tasks.task_sweep_deadlines",
        "schedule": crontab(minute=15),
    },
    # The day's count of accounts per COR standing (the staff standings chart); idempotent.
    "standings-record-daily": {
        "task": "certification.tasks.task_record_standings",
        "schedule": crontab(minute=40),
    },
    "notifications-resend-unsent": {
        "task": "cor_portal.notifications.tasks.task_requeue_unsent_email",
        "schedule": crontab(minute="*/10"),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cor_portal.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON nested deeper than cor_portal.api.JSON_MAX_DEPTH answers 400, not 500.
    "DEFAULT_PARSER_CLASSES": [
        "cor_portal.api.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cor_portal.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# API tokens: django-rest-knox with our model (hashed, named, scoped; accounts/models.py).
# `Authorization: Token …` as before; a token lasts API_TOKEN_TTL_HOURS and a user holds at
# most API_TOKENS_PER_USER (issuing one more drops the oldest).
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model name, not a secret
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
API_TOKENS_PER_USER = 10
# knox's own migrations create its default token table even when KNOX_TOKEN_MODEL replaces
# it (a table nothing uses, which also blocks TRUNCATE of users in tests): not run.
MIGRATION_MODULES = {"knox": None}
SPECTACULAR_SETTINGS = {
    "TITLE": "COR Portal API",
    "DESCRIPTION": "Certificate of Recognition certification lifecycle.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (no CDN; strict CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per shared choice set (else drf-spectacular warns and check --deploy is not clean).
    "ENUM_NAME_OVERRIDES": {
        "ExemptionDocumentKindEnum": "certification.enums.ExemptionDocumentKind",
        "ToolStatusEnum": "audits.enums.ToolStatus",
        "AuditKindEnum": "audits.enums.AuditKind",
        "FindingKindEnum": "audits.enums.FindingKind",
        "ConflictKindEnum": "audits.enums.ConflictKind",
        "SpotCheckOutcomeEnum": "equivalency.enums.SpotCheckOutcome",
        "ReferralDecisionEnum": "equivalency.enums.ReferralDecision",
        "ApproveOrRefuseEnum": [("approve", "approve"), ("refuse", "refuse")],
        "EquivalencyKindEnum": "equivalency.enums.EquivalencyKind",
        "EquivalencyDocumentKindEnum": "equivalency.enums.DocumentKind",
        "PlanKindEnum": "sose.enums.PlanKind",
        "AppealedDecisionKindEnum": "appeals.enums.DecisionKind",
        "QaSubjectKindEnum": "oversight.enums.QaSubjectKind",
        "MaintenanceYearStateEnum": "certification.models.maintenance.MaintenanceYearState",
    },
}

SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Strict CSP (django-csp): everything from our own origin; no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# MFA is required for certifying-body staff and external auditors once this is on; off in
# the demo and tests so the demo logins work without an authenticator app.
REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=False)

# The demo password for seed_demo users; documented in the README.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="cor-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
