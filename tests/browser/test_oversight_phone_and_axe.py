"""The oversight pages (desktop QA and auditor quality) at phone width (390 px) with axe-core
(nothing serious or critical), on the demo data, in English and in French."""

import pytest
from playwright.sync_api import Page, expect

from cor_portal.accounts.models import User
from oversight.models import QaReview
from tests.browser.test_phone_and_axe import PHONE, log_in, seed, visit


@pytest.mark.browser
def test_oversight_pages_at_390px_in_english_and_french(live_server, page: Page, transactional_db):
    seed()
    base = live_server.url
    page.set_viewport_size(PHONE)
    paths = [
        "/oversight/qa/",
        "/oversight/qa/?status=open",
        *[
            f"/oversight/qa/{pk}/"
            for pk in QaReview.objects.order_by("pk").values_list("pk", flat=True)
        ],
        "/oversight/auditor-quality/",
    ]
    log_in(page, base, "admin")
    for path in paths:
        visit(page, base + path, f"admin: {path}")
    expect(page.locator("main")).to_contain_text("EAQA")
    # Signed in, the login page sends one home: sign out before the next user signs in.
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("input[name=login]")).to_be_visible()
    User.objects.filter(username="reviewer").update(language="fr-ca")
    # The reviewer chose French: the pages (the sign-out button too) are in French.
    log_in(page, base, "reviewer", log_out_label="Se déconnecter")
    for path in paths:
        visit(page, base + path, f"reviewer (fr): {path}")
    expect(page.locator("main")).to_contain_text("Qualité des auditeurs")
