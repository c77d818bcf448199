"""End to end in a real browser: a new employer user creates their organization, invites a
colleague, and the colleague follows the link, logs in and joins. No CSP violation on the
way (allauth's pages render in the portal layout)."""

import pytest
from playwright.sync_api import Page, expect

from certification.enums import MemberRole
from certification.models import MemberInvitation, Membership
from tests.factories import PASSWORD, UserFactory


def log_in(page: Page, username: str) -> None:
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.mark.browser
def test_create_organization_invite_and_join(live_server, page: Page, transactional_db, tmp_path):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    UserFactory(username="founder", email="founder@maple.test")
    UserFactory(username="colleague", email="colleague@maple.test")
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.screenshot(path=str(tmp_path / "login.png"), full_page=True)
    log_in(page, "founder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your organization")
    page.get_by_label("Legal name").fill("Maple Paving Ltd.")
    page.get_by_label("Sector").select_option(label="Construction")
    page.get_by_label("Number of workers").fill("35")
    page.get_by_label("Your first name").fill("Fran")
    page.get_by_label("Your last name").fill("Founder")
    page.get_by_label("Your employment status").select_option(label="Permanent full-time")
    page.get_by_role("button", name="Create organization").click()
    expect(page.locator(".messages")).to_contain_text("Maple Paving Ltd. was created")

    page.get_by_role("link", name="Members").click()
    page.get_by_label("Colleague's e-mail address").fill("colleague@maple.test")
    page.get_by_label("Role", exact=True).select_option(label="Internal auditor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".messages")).to_contain_text(
        "An invitation was sent to colleague@maple.test"
    )
    page.screenshot(path=str(tmp_path / "members.png"), full_page=True)
    page.get_by_role("button", name="Log out").click()

    token = MemberInvitation.objects.get().token
    page.goto(f"{base}/invitations/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Maple Paving Ltd.")
    page.get_by_role("link", name="Log in").last.click()
    log_in(page, "colleague")
    page.get_by_role("button", name="Accept and join Maple Paving Ltd.").click()
    expect(page.locator(".messages")).to_contain_text("Welcome to Maple Paving Ltd.")
    assert Membership.objects.get(user__username="colleague").role == MemberRole.INTERNAL_AUDITOR
    assert violations == [], "\n".join(violations)
