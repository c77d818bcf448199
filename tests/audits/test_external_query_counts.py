"""Queries per request of every external-audit page and API list, the roster pages and the
certificate / registry pages, pinned and constant in the number of rows: each is counted
with 2 rows and with 20, and the two counts must be equal (and under a ceiling)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.enums import AuditKind, ConflictKind, EngagementStatus, FindingKind, PlanStatus
from audits.models import AuditorConflict, AuditPlan, EngagementFinding, ExternalEngagement
from certification.services.registry import (
    LATEST_PUBLICATION_CACHE_KEY,
    registry_client_create,
    registry_key_issue,
    registry_publish,
)
from tests.audits.external import PLAN, approved_auditor, make_external
from tests.certification.certified import certified
from tests.factories import OrganizationFactory, WsibAccountFactory

NOW = "2026-06-15 12:00 -04:00"
SIZES = (2, 20)


def _cold_feed() -> None:
    """The feed caches the latest publication's head and its bodies: count a cold request."""
    from certification.models import RegistryPublication

    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    latest = RegistryPublication.objects.order_by("-published_at", "-id").first()
    if latest is not None:
        for fmt in ("json", "csv"):
            cache.delete(f"registry-feed:{latest.pk}:{latest.content_hash[:16]}:{fmt}")


def _count(client, url, **extra) -> int:
    if "/public/certified/" in url:
        _cold_feed()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _clone(template: ExternalEngagement, status: str, plan_status: str, n: int) -> None:
    """`n` more engagements like `template` (same organization and auditor), each on an
    account of its own, in `status` with a plan in `plan_status`."""
    today = timezone.localdate()
    for _ in range(n):
        account = WsibAccountFactory(organization=template.wsib_account.organization)
        engagement = ExternalEngagement.objects.create(
            wsib_account=account,
            kind=AuditKind.EXTERNAL,
            status=status,
            auditor=template.auditor,
            company=template.company,
            internal_audit=template.internal_audit,
            chosen_by=template.chosen_by,
            no_conflict_declared=True,
            responded_at=timezone.now(),
            report_submitted_at=timezone.now()
            if status == EngagementStatus.REPORT_SUBMITTED
            else None,
        )
        AuditPlan.objects.create(
            engagement=engagement,
            status=plan_status,
            submitted_on=today - timedelta(days=3),
            **PLAN,
        )


@pytest.fixture
def world(flow):
    """One engagement per queue through the services (plan submitted; report submitted on a
    second account), the rest cloned."""
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    ext = make_external(flow)
    ext.confirmed()
    with time_machine.travel(NOW, tick=False):
        reported = ext.reported()
    return ext, reported


def _grow(ext, reported, rows: int) -> None:
    """Bring every list to `rows` rows."""
    plans = AuditPlan.objects.filter(status=PlanStatus.SUBMITTED).count()
    reports = ExternalEngagement.objects.filter(status=EngagementStatus.REPORT_SUBMITTED).count()
    _clone(reported, EngagementStatus.ACCEPTED, PlanStatus.SUBMITTED, max(rows - plans, 0))
    _clone(reported, EngagementStatus.REPORT_SUBMITTED, PlanStatus.APPROVED, max(rows - reports, 0))
    for i in range(rows - EngagementFinding.objects.filter(engagement=reported).count()):
        EngagementFinding.objects.create(
            engagement=reported,
            kind=FindingKind.STRENGTH,
            text=f"Strength {i}",
            created_by=reported.auditor.user,
        )
    admin = ext.cast.admin
    from audits.models import ExternalAuditor

    for i in range(rows - ExternalAuditor.objects.count()):
        approved_auditor(admin, f"Audit Firm {i}")
    for auditor in ExternalAuditor.objects.all()[:rows]:
        AuditorConflict.objects.get_or_create(
            auditor=auditor,
            organization=OrganizationFactory(),
            kind=ConflictKind.CONSULTING,
            defaults={"declared_by": admin},
        )
    for i in range(rows):
        with time_machine.travel(NOW, tick=False):
            certified(admin, date(2026, 1, 5), legal_name=f"Certified {i:02d} Inc.")
        client_ = registry_client_create(name=f"Registry client {rows}-{i}", by=admin)
        registry_key_issue(client=client_, by=admin)
    with time_machine.travel(NOW, tick=False):
        registry_publish(by=admin)
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)


def _pages(ext, reported):
    auditor = reported.auditor
    return [
        # (who, url, ceiling)
        ("reviewer", "/external/", 20),
        ("auditor", "/external/", 16),
        ("smr", "/external/", 22),
        ("reviewer", f"/external/{reported.pk}/", 40),
        ("auditor", f"/external/{reported.pk}/", 40),
        ("smr", f"/external/{reported.pk}/", 40),
        ("reviewer", "/api/v1/engagements/", 10),
        ("auditor", "/api/v1/engagements/", 10),
        ("smr", "/api/v1/engagements/", 10),
        ("reviewer", "/api/v1/audit-plans/", 10),
        ("auditor", "/api/v1/audit-plans/", 10),
        ("reviewer", f"/api/v1/engagements/{reported.pk}/", 10),
        ("smr", "/api/v1/auditors/", 10),
        ("admin", "/api/v1/auditors/", 10),
        ("admin", "/api/v1/auditor-conflicts/", 10),
        ("admin", "/staff/auditors/", 14),
        ("admin", "/staff/auditors/conflicts/", 14),
        ("admin", f"/staff/auditors/{auditor.pk}/", 16),
        ("admin", "/certificates/", 14),
        ("admin", "/api/v1/certificates/", 10),
        ("admin", "/staff/registry/", 14),
        ("admin", "/api/v1/registry-clients/", 10),
        ("admin", "/api/v1/registry-publications/", 10),
        ("anon", "/registry/", 6),
        ("anon", "/api/v1/public/certified/", 3),
        ("anon", "/api/v1/public/certified/?format=csv", 3),
    ]


def _users(ext, reported):
    return {
        "reviewer": ext.cast.reviewer,
        "auditor": reported.auditor.user,
        "smr": ext.cast.smr,
        "admin": ext.cast.admin,
        "anon": None,
    }


@pytest.mark.django_db
def test_external_audit_pages_queries_constant_in_rows(client, world):
    ext, reported = world
    users = _users(ext, reported)
    counts: dict[tuple[str, str], list[int]] = {}
    over = []
    for rows in SIZES:
        _grow(ext, reported, rows)
        with time_machine.travel(NOW, tick=True):
            for who, url, ceiling in _pages(ext, reported):
                client.logout()
                if users[who] is not None:
                    client.force_login(users[who])
                n = _count(client, url)
                if n > ceiling:
                    over.append(f"{rows} rows: {who} {url}: {n} queries > {ceiling}")
                counts.setdefault((who, url), []).append(n)
    assert over == []
    growing = {k: v for k, v in counts.items() if v[0] != v[1]}
    assert growing == {}, f"queries grow with rows (2 rows, 20 rows): {growing}"
    # The lists really held 2 and then 20 rows.
    assert AuditPlan.objects.filter(status=PlanStatus.SUBMITTED).count() == 20
    assert ExternalEngagement.objects.filter(status=EngagementStatus.REPORT_SUBMITTED).count() == 20


@pytest.mark.django_db
def test_the_counted_pages_really_list_the_rows(client, world):
    ext, reported = world
    _grow(ext, reported, 20)
    client.force_login(ext.cast.reviewer)
    html = client.get("/external/").content.decode()
    assert html.count('data-testid="plan-row"') == 20
    assert html.count('data-testid="report-row"') == 20
    client.force_login(reported.auditor.user)
    assert client.get("/external/").content.decode().count('data-testid="engagement-row"') >= 40
    assert client.get("/api/v1/engagements/").json()["count"] >= 40
    client.force_login(ext.cast.admin)
    assert client.get("/staff/auditors/").content.decode().count('data-testid="roster-row"') == 20
    conflicts = client.get("/staff/auditors/conflicts/").content.decode()
    assert conflicts.count('data-testid="conflict-row"') == 20
    assert client.get("/api/v1/registry-clients/").json()["count"] == 20
    with time_machine.travel(NOW, tick=True):
        assert client.get("/api/v1/certificates/").json()["count"] >= 20
    client.logout()
    _cold_feed()
    assert client.get("/api/v1/public/certified/").json()["count"] >= 20
