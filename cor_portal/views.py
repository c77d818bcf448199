from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cor_portal.home import home_sections


@login_required
def home(request):
    """A home page per role that says what needs doing next."""
    return render(request, "home.html", {"sections": home_sections(request.user)})


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    from cor_portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was written")
    return "ok"


def _check_storage() -> str:
    name = default_storage.save("healthz/probe.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != b"ok":
                raise RuntimeError("storage did not return what was written")
    finally:
        default_storage.delete(name)
    return "ok"


def _check_storage_reachable() -> str:
    """Read-only: answering at all is what is checked (the probe file need not exist)."""
    default_storage.exists("healthz/probe.txt")
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Database, broker/cache and file storage. Anyone (the load balancer, compose) gets
    ok/error per check and a read-only storage check; certifying-body staff get the
    write-read-delete storage probe and the exception class of a failure."""
    user = request.user
    detailed = user.is_authenticated and user.is_certifying_body_staff
    checks = {
        "database": _check_database,
        "broker": _check_broker,
        "storage": _check_storage if detailed else _check_storage_reachable,
    }
    report: dict[str, str] = {}
    for name, check in checks.items():
        try:
            report[name] = check()
        except Exception as exc:
            report[name] = f"error: {type(exc).__name__}" if detailed else "error"
    healthy = all(v == "ok" for v in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503
    )
