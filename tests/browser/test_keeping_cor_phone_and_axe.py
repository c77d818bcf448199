"""Keeping COR at phone width (390 px) with axe-core (nothing serious or critical), on the demo
data: the maintenance audits and the accounts' maintenance years, the Letters of Good Standing'
public pages, the staff standings dashboard and every /keeping-cor/ page (spot checks,
equivalency and reciprocity), as staff and as the employer; and the navigation's link to
/keeping-cor/ for both."""

import pytest
from playwright.sync_api import Page, expect

from audits.enums import AuditKind
from audits.models import Audit
from certification.models import LetterOfGoodStanding, MaintenanceYear
from equivalency.models import EquivalencyRequest, ReciprocityRequest, SpotCheck
from tests.browser.test_phone_and_axe import PHONE, log_in, seed, visit


def _keeping_cor_paths() -> list[str]:
    return [
        "/keeping-cor/",
        *[
            f"/keeping-cor/spot-checks/{pk}/"
            for pk in SpotCheck.objects.values_list("pk", flat=True)
        ],
        *[
            f"/keeping-cor/equivalency/{pk}/"
            for pk in EquivalencyRequest.objects.values_list("pk", flat=True)
        ],
        *[
            f"/keeping-cor/reciprocity/{pk}/"
            for pk in ReciprocityRequest.objects.values_list("pk", flat=True)
        ],
    ]


def _maintenance_paths() -> list[str]:
    audits = Audit.objects.filter(kind=AuditKind.INTERNAL_MAINTENANCE).order_by("pk")
    accounts = MaintenanceYear.objects.order_by().values_list("wsib_account_id", flat=True)
    return [
        *[f"/audits/{pk}/" for pk in audits.values_list("pk", flat=True)],
        *[f"/wsib-accounts/{pk}/" for pk in sorted(set(accounts))],
    ]


@pytest.mark.browser
def test_keeping_cor_pages_at_390px(live_server, page: Page, transactional_db):
    seed()
    base = live_server.url
    page.set_viewport_size(PHONE)
    keeping = _keeping_cor_paths()
    maintenance = _maintenance_paths()
    assert len(keeping) > 3 and maintenance, "the demo shows spot checks, requests, years"
    # Staff: the dashboards, every maintenance audit and account, every /keeping-cor/ page.
    log_in(page, base, "reviewer")
    page.get_by_role("link", name="Keeping COR").click()
    expect(page.locator("h1")).to_contain_text("Keeping COR")
    staff = ["/staff/standings/", *keeping, *maintenance]  # spot-checks/open/ is a POST
    for path in staff:
        visit(page, base + path, f"reviewer: {path}")
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("input[name=login]")).to_be_visible()
    # The Letters of Good Standing's public pages (the QR code's target), signed out.
    letters = list(LetterOfGoodStanding.objects.values_list("number", flat=True))
    assert letters, "the demo issues a Letter of Good Standing"
    for number in letters:
        visit(page, f"{base}/verify/{number}/", f"signed out: LGS {number}")
    # The employer: its /keeping-cor/ pages (what it may see) and its forms.
    log_in(page, base, "smr")
    page.get_by_role("link", name="Keeping COR").click()
    expect(page.locator("h1")).to_contain_text("Keeping COR")
    # Its request forms are on the overview (equivalency/new/ and reciprocity/new/ take POST).
    visit(page, base + "/keeping-cor/", "smr: /keeping-cor/")
    expect(page.locator("form[action='/keeping-cor/equivalency/new/']")).to_be_visible()
    for path in [*keeping[1:], *maintenance]:
        response = page.goto(base + path)
        assert response is not None
        if response.ok:  # the employer's own; another organization's answers 403/404
            visit(page, base + path, f"smr: {path}")
