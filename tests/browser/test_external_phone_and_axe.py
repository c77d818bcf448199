"""The external-audit pages at phone width (390 px) with axe-core (nothing serious or
critical), on the demo data: the auditor's engagement list and every workspace of theirs, the
SMR's external-audit page and engagements, the reviewer's plan and report queues and the
engagements in them, the administrator's roster pages, certificate list and registry page,
and the public registry and verification page of the externally certified account."""

import pytest
from playwright.sync_api import Page, expect

from audits.models import ExternalAuditor, ExternalEngagement
from certification.models import Certificate
from tests.browser.test_phone_and_axe import PHONE, log_in, seed, visit


def _engagements(**filters) -> list[str]:
    return [
        f"/external/{pk}/"
        for pk in ExternalEngagement.objects.filter(**filters)
        .order_by("pk")
        .values_list("pk", flat=True)
    ]


@pytest.mark.browser
def test_external_audit_pages_at_390px(live_server, page: Page, transactional_db):
    seed()
    base = live_server.url
    page.set_viewport_size(PHONE)
    certificate = Certificate.objects.get(wsib_account__account_number="4810025")
    visit(page, f"{base}/registry/", "signed out: registry")
    visit(page, f"{base}/verify/{certificate.number}/", "signed out: verify external certificate")
    expect(page.locator("main")).to_contain_text("valid")
    auditor2 = ExternalAuditor.objects.get(user__username="auditor2")
    pages = {
        "auditor": ["/external/", *_engagements(auditor__user__username="auditor")],
        "auditor2": ["/external/", *_engagements(auditor__user__username="auditor2")],
        "smr": [
            "/external/",
            *_engagements(wsib_account__organization__memberships__user__username="smr"),
        ],
        "reviewer": [
            "/external/",
            *_engagements(status__in=["report_submitted"]),
            *_engagements(plan__status="submitted"),
            "/certificates/",
        ],
        "admin": [
            "/staff/auditors/",
            "/staff/auditors/?status=approved",
            "/staff/auditors/conflicts/",
            f"/staff/auditors/{auditor2.pk}/",
            "/staff/registry/",
            "/external/",
        ],
    }
    for username, paths in pages.items():
        log_in(page, base, username)
        assert len(paths) >= 2, username
        for path in paths:
            visit(page, base + path, f"{username}: {path}")
        page.get_by_role("button", name="Log out").click()
        expect(page.locator("input[name=login]")).to_be_visible()


@pytest.mark.browser
def test_roster_pages_in_french_at_390px(live_server, page: Page, transactional_db):
    seed()
    from cor_portal.accounts.models import User

    User.objects.filter(username="admin").update(language="fr-ca")
    base = live_server.url
    page.set_viewport_size(PHONE)
    from django.conf import settings

    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill("admin")
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    visit(page, f"{base}/staff/auditors/", "admin (fr): roster")
    expect(page.locator("h1")).to_have_text("Vérificateurs externes")
    visit(page, f"{base}/staff/auditors/conflicts/", "admin (fr): conflicts")
