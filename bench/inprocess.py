"""The harness's in-process helpers, run as `python bench/inprocess.py MODE` with the bench
settings and the scratch database in the environment (bench/harness.py sets both). Prints one
JSON object.

    prepare  sessions (staff and an SMR), the admin's calendar-feed token, the ids of an
             audit page to load and an audit to upload evidence to
    queries  queries per request of the main pages (django.test.Client, CaptureQueriesContext)
    pdf      the review report PDF rendered for N confirmed audits: seconds each
    evidence the evidence rows of an audit (did the upload store its file?)
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def _users():
    from cor_portal.accounts.enums import UserRole
    from cor_portal.accounts.models import User

    admin = User.objects.filter(role=UserRole.ADMINISTRATOR, username__contains="-").first()
    reviewer = User.objects.filter(role=UserRole.REVIEWER, username__contains="-").first()
    return admin, reviewer


def _pages(prepared: dict) -> dict[str, tuple[str, str]]:
    """name: (user key, path) — the endpoints `make bench` loads."""
    pages = {
        "reviewer queue": ("reviewer", "/audits/reviews/"),
        "reviewer home": ("reviewer", "/"),
        "/api/v1/audits/ (admin)": ("admin", "/api/v1/audits/"),
        "/api/v1/deadlines/ (admin)": ("admin", "/api/v1/deadlines/"),
        "/api/v1/wsib-accounts/ (admin)": ("admin", "/api/v1/wsib-accounts/"),
        "deadline dashboard": ("admin", "/deadlines/"),
        "audit page": ("admin", f"/audits/{prepared['audit_page']}/"),
        "staff calendar feed": ("", f"/calendar/{prepared['feed_token']}.ics"),
        "program figures page": ("admin", "/oversight/figures/"),
        "/api/v1/program-figures/ (admin)": ("admin", "/api/v1/program-figures/"),
    }
    # `harness.py --pages "program figures"`: only the endpoints whose name contains one of
    # the comma-separated words (BENCH_PAGES in the environment).
    wanted = [w.strip() for w in os.environ.get("BENCH_PAGES", "").split(",") if w.strip()]
    if wanted:
        pages = {n: v for n, v in pages.items() if any(w in n for w in wanted)}
    return pages


def prepare() -> dict:
    from django.conf import settings
    from django.test import Client

    from audits.enums import InternalReviewStatus
    from audits.models import Audit
    from cor_portal.accounts.models import User
    from cor_portal.deadlines.models import CalendarFeedToken

    admin, reviewer = _users()
    audit = (
        Audit.objects.filter(internal_review__status=InternalReviewStatus.CONFIRMED)
        .order_by("-pk")
        .first()
    ) or Audit.objects.order_by("-pk").first()
    editable = (
        Audit.objects.filter(internal_review__status=InternalReviewStatus.IN_PROGRESS)
        .order_by("pk")
        .first()
    )
    smr = User.objects.get(pk=editable.prepared_by_id)
    sessions = {}
    for key, user in (("admin", admin), ("reviewer", reviewer), ("smr", smr)):
        client = Client()
        client.force_login(user)
        sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    feed, _ = CalendarFeedToken.objects.get_or_create(user=admin)
    prepared = {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "sessions": sessions,
        "feed_token": feed.token,
        "audit_page": audit.pk,
        "upload_audit": editable.pk,
    }
    prepared["pages"] = _pages(prepared)
    return prepared


def queries() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from audits.models import Audit

    prepared = prepare()
    clients = {}
    for key, session in prepared["sessions"].items():
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        clients[key] = client
    clients[""] = Client()
    out = {"audits": Audit.objects.count(), "pages": {}}
    for name, (key, path) in prepared["pages"].items():
        clients[key].get(path)  # warm: first-request caches (content types, URLconf)
        with CaptureQueriesContext(connection) as captured:
            response = clients[key].get(path)
        out["pages"][name] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
        }
    return out


def pdf(n: int) -> dict:
    from audits.enums import InternalReviewStatus
    from audits.models import Audit
    from audits.reports import review_report_generate

    audits = list(
        Audit.objects.filter(internal_review__status=InternalReviewStatus.CONFIRMED)
        .exclude(pk__in=_with_report())
        .order_by("pk")[:n]
    )
    seconds = []
    for audit in audits:
        started = time.perf_counter()
        review_report_generate(audit=audit)
        seconds.append(time.perf_counter() - started)
    return {"seconds": seconds}


def evidence(audit_pk: int) -> dict:
    from audits.models import Evidence

    rows = Evidence.objects.filter(audit_id=audit_pk)
    last = rows.order_by("-pk").first()
    return {"count": rows.count(), "last_size": last.size if last else 0}


def _with_report() -> list[int]:
    from django.contrib.contenttypes.models import ContentType

    from audits.models import Audit
    from cor_portal.documents.models import GeneratedDocument

    ct = ContentType.objects.get_for_model(Audit)
    return [
        int(pk)
        for pk in GeneratedDocument.objects.filter(content_type=ct).values_list(
            "object_id", flat=True
        )
    ]


def main() -> None:
    _setup()
    mode = sys.argv[1]
    if mode == "prepare":
        result = prepare()
    elif mode == "queries":
        result = queries()
    elif mode == "pdf":
        result = pdf(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    elif mode == "evidence":
        result = evidence(int(sys.argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}: prepare, queries, pdf or evidence")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
