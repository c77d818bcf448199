"""After seed_demo the externally certified demo account (audits/demo_external.py, 4810025)
is in the published registry — the publication comes after every demo certificate is issued,
whichever app's step issued it — so `/registry/`, the feed and bulk verification list it;
seeding again publishes nothing new when nothing changed."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from audits.enums import AuditorStatus
from audits.models import AuditorConflict, ExternalAuditor
from certification.enums import CertificateStatus
from certification.models import Certificate, RegistryClient, RegistryPublication
from certification.services.registry import LATEST_PUBLICATION_CACHE_KEY, registry_key_issue
from cor_portal import demo
from cor_portal.accounts.models import User

pytestmark = pytest.mark.django_db
EXTERNAL_CERTIFIED = "4810025"


def test_seed_demo_publishes_the_external_certificate(client):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    call_command("seed_demo", stdout=StringIO())
    certificate = Certificate.objects.get(
        wsib_account__account_number=EXTERNAL_CERTIFIED, status=CertificateStatus.ACTIVE
    )
    latest = RegistryPublication.objects.order_by("-published_at", "-id").first()
    assert latest is not None
    # Published after every demo certificate was issued.
    last_issued = Certificate.objects.order_by("-issued_at").values_list("issued_at", flat=True)[0]
    assert latest.published_at >= last_issued
    assert latest.entries.filter(certificate_number=certificate.number, removed=False).exists()

    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    assert certificate.number in client.get("/registry/").content.decode()
    assert certificate.number in client.get("/registry/", {"q": "Maple"}).content.decode()
    feed = client.get("/api/v1/public/certified/").json()
    assert certificate.number in [r["certificate_number"] for r in feed["results"]]
    csv = client.get("/api/v1/public/certified/", {"format": "csv"}).content.decode()
    assert certificate.number in csv

    registry_client = RegistryClient.objects.order_by("pk").first()
    assert registry_client is not None
    _token, secret = registry_key_issue(
        client=registry_client, by=User.objects.get(username="admin")
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    verified = api.get(
        "/api/v1/registry/verify/", {"numbers": f"{EXTERNAL_CERTIFIED},{certificate.number}"}
    ).json()
    assert [(r["number"], r["status"]) for r in verified["results"]] == [
        (EXTERNAL_CERTIFIED, "valid"),
        (certificate.number, "valid"),
    ]
    # The roster pages have something real: the demo auditors and a declared conflict.
    assert set(
        ExternalAuditor.objects.filter(user__username__in=["auditor", "auditor2"]).values_list(
            "status", flat=True
        )
    ) == {AuditorStatus.APPROVED}
    assert AuditorConflict.objects.filter(auditor__user__username="auditor2").exists()

    # Idempotent: nothing changed, nothing published again.
    publications = RegistryPublication.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert RegistryPublication.objects.count() == publications
    assert AuditorConflict.objects.filter(auditor__user__username="auditor2").count() == 1


def test_the_registry_is_published_after_a_later_app_issues_a_certificate(monkeypatch):
    """A demo step of an app after audits that issues a certificate is still in the registry:
    the publication is a finisher, run after every step."""
    issued = []

    def later_step(run: demo.DemoRun) -> None:
        from datetime import timedelta

        from django.utils import timezone

        from certification.models import WsibAccount
        from certification.services.certificates import certificate_issue

        account = WsibAccount.objects.get(account_number="4810023")  # plan approved, no cert
        issued.append(
            certificate_issue(
                wsib_account=account,
                anniversary_date=timezone.localdate() - timedelta(days=1),
                by=run.users["admin"],
            )
        )

    original = demo._steps["audits"]

    def audits_then_more(run):
        result = original(run)
        later_step(run)
        return result

    monkeypatch.setitem(demo._steps, "audits", audits_then_more)
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)
    demo.run_demo(password="demo-pass-1234")
    latest = RegistryPublication.objects.order_by("-published_at", "-id").first()
    assert latest.entries.filter(certificate_number=issued[0].number).exists()
