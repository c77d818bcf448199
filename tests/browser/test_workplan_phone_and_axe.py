"""The workplan pages at phone width (390 px) with axe-core (nothing serious or critical), on
the demo workplans (this year's approved with results, next year's draft with its forms), in
English and in French."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from cor_portal.accounts.demo import seed_users
from cor_portal.accounts.models import User
from cor_portal.demo import DemoRun
from oversight.demo_workplan import seed_workplan
from oversight.models import Workplan
from tests.browser.test_phone_and_axe import PHONE, log_in, visit


@pytest.mark.browser
def test_workplan_pages_at_390px_in_english_and_french(live_server, page: Page, transactional_db):
    users = seed_users(password=settings.DEMO_PASSWORD)
    seed_workplan(DemoRun(password=settings.DEMO_PASSWORD, users=users))
    base = live_server.url
    page.set_viewport_size(PHONE)
    paths = [
        "/oversight/workplans/",
        *[f"/oversight/workplans/{pk}/" for pk in Workplan.objects.values_list("pk", flat=True)],
    ]
    log_in(page, base, "admin")
    for path in paths:
        visit(page, base + path, f"admin: {path}")
    expect(page.locator("main")).to_contain_text("Mandate 5")
    page.context.clear_cookies()
    log_in(page, base, "reviewer")
    User.objects.filter(username="reviewer").update(language="fr-ca")
    for path in paths:
        visit(page, base + path, f"reviewer (fr): {path}")
    expect(page.locator("main")).to_contain_text("Mandat 5")
