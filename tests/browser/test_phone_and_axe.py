"""At phone width (390 px), as every demo user and signed out: every navigation link is visible
and inside the viewport, no page scrolls sideways, and axe finds nothing serious or critical
(tests/browser/conftest.py). The pages: login, each user's home and every page its navigation
links to (audit list, review queue, deadlines, registrations, …), and an audit page and an
element page. Then, at desktop width, the keyboard: an item saved with Enter keeps focus in the
saved item, and a box's label sits on the box's line."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from audits.demo import ensure_demo_tool
from audits.enums import ToolStatus
from audits.models import Audit
from audits.services.tool import audit_tool_publish
from cor_portal.accounts.demo import DEMO_USERS, seed_users
from cor_portal.demo import run_demo
from tests.browser.conftest import check_axe

PHONE = {"width": 390, "height": 844}


def seed() -> None:
    """The demo data of `make run`; the demo tool is published again after a flushed database."""
    users = seed_users(password=settings.DEMO_PASSWORD)
    tool = ensure_demo_tool()
    if tool.status != ToolStatus.PUBLISHED:
        audit_tool_publish(tool=tool, by=users["admin"])
    run_demo(password=settings.DEMO_PASSWORD)


def log_in(page: Page, base: str, username: str, *, log_out_label: str = "Log out") -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.get_by_role("button", name=log_out_label)).to_be_visible()


def assert_fits_phone(page: Page, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        wide = page.evaluate(
            """(max) => Array.from(document.querySelectorAll("body *"))
                .filter((e) => e.getBoundingClientRect().right > max
                  && !e.parentElement.closest("table"))
                .slice(0, 8).map((e) => e.outerHTML.slice(0, 80))""",
            PHONE["width"],
        )
        raise AssertionError(f"{what}: the page is {width} px wide at 390 px:\n" + "\n".join(wide))
    links = page.locator("header nav a, header nav button")
    assert links.count() >= 2, what
    for i in range(links.count()):
        link = links.nth(i)
        expect(link).to_be_visible()
        box = link.bounding_box()
        name = link.inner_text()
        assert box is not None, f"{what}: {name} has no box"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            f"{what}: navigation link {name!r} is outside the viewport ({box})"
        )
        # Visible means legible too: each link sits on the header's blue, not past its end.
        header = page.locator("header").bounding_box()
        assert box["y"] + box["height"] <= header["y"] + header["height"], (
            f"{what}: navigation link {name!r} falls below the header"
        )


def visit(page: Page, url: str, what: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{what}: {url} answered {response.status}"
    assert_fits_phone(page, what)
    check_axe(page)


@pytest.mark.browser
def test_every_role_at_390px(live_server, page: Page, transactional_db):
    seed()
    base = live_server.url
    page.set_viewport_size(PHONE)
    in_progress = Audit.objects.get(wsib_account__account_number="4810011")
    under_review = Audit.objects.get(wsib_account__account_number="4810014")

    visit(page, f"{base}/accounts/login/", "signed out: login")
    from certification.models import Certificate, WsibAccount

    certified = WsibAccount.objects.get(account_number="4810041")
    revoked = Certificate.objects.get(wsib_account__account_number="4810043")
    visit(page, f"{base}/registry/", "signed out: registry")
    visit(page, f"{base}/registry/?q=Maple&sector=construction", "signed out: registry search")
    visit(page, f"{base}/verify/{certified.certificates.get().number}/", "signed out: verify")
    visit(page, f"{base}/verify/{revoked.number}/", "signed out: verify revoked")
    for username, *_ in DEMO_USERS:
        log_in(page, base, username)
        assert_fits_phone(page, f"{username}: home")
        check_axe(page)
        hrefs = page.eval_on_selector_all(
            "header nav a[href]", "links => links.map((a) => a.getAttribute('href'))"
        )
        # Django admin (linked for staff from the account menu) is Django's own UI, outside
        # the portal's layout; test_admin_containment.py covers who reaches it.
        pages = [
            h for h in dict.fromkeys(hrefs) if h.startswith("/") and not h.startswith("/admin/")
        ]
        if username in ("smr", "ia", "viewer"):
            pages += [f"/audits/{in_progress.pk}/", f"/audits/{in_progress.pk}/elements/1/"]
            pages += [f"/wsib-accounts/{certified.pk}/"]
        elif username in ("admin", "reviewer"):
            pages += [f"/audits/{under_review.pk}/", f"/audits/{under_review.pk}/review/"]
            pages += [f"/certificates/{revoked.pk}/"]
        for path in pages:
            visit(page, base + path, f"{username}: {path}")
        page.get_by_role("button", name="Log out").click()
        expect(page.locator("input[name=login]")).to_be_visible()


@pytest.mark.browser
def test_score_bar_stays_in_view_on_a_phone(live_server, page: Page, transactional_db):
    seed()
    base = live_server.url
    audit = Audit.objects.get(wsib_account__account_number="4810011")
    page.set_viewport_size(PHONE)
    log_in(page, base, "ia")
    page.goto(f"{base}/audits/{audit.pk}/elements/1/")
    panel = page.locator("#score-panel")
    first_item = page.locator("article.audit-item").first
    first_item.scroll_into_view_if_needed()
    box = panel.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1, box
    assert box["height"] <= PHONE["height"] / 3, f"the bar takes {box['height']} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_focus_after_saving_an_item_with_enter(live_server, page: Page, transactional_db):
    seed()
    base = live_server.url
    audit = Audit.objects.get(wsib_account__account_number="4810011")
    log_in(page, base, "ia")
    page.goto(f"{base}/audits/{audit.pk}/elements/1/")
    item = page.locator("article.audit-item").first
    item_id = item.get_attribute("id")
    save = item.get_by_role("button", name="Save item", exact=False)
    save.focus()
    save.press("Enter")
    expect(page.locator(f"#{item_id} [role=status]")).to_contain_text("saved")
    # Focus stays in the saved item (on the field after the Save button), not on the page top.
    expect(page.locator(f"#{item_id} :focus")).to_have_count(1)
    inside = page.evaluate(
        "(id) => document.getElementById(id).contains(document.activeElement)", item_id
    )
    assert inside
    check_axe(page)

    # A box's label is on the box's line (it used to drop to the next line).
    box = page.locator(f"#{item_id} input[type=checkbox]").first
    label = page.locator(f"#{item_id} label[for='{box.get_attribute('id')}']")
    box_at, label_at = box.bounding_box(), label.bounding_box()
    assert (
        abs((box_at["y"] + box_at["height"] / 2) - (label_at["y"] + label_at["height"] / 2))
        < box_at["height"]
    ), (box_at, label_at)
    assert label_at["x"] > box_at["x"]
