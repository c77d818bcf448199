"""End to end in a real browser: an SMR registers a new WSIB account and submits its COR
registration, an administrator confirms it from the queue, and the SMR downloads the
confirmation letter, whose text carries the account number."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from certification.enums import MemberRole
from certification.models import Registration
from cor_portal.accounts.enums import UserRole
from tests.certification.test_registration_pages import pdf_text
from tests.factories import PASSWORD, OrganizationFactory, UserFactory, member

ACCOUNT_NUMBER = "0345678"
FIRM_NUMBER = "0876543"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("input[name=login]")).to_be_visible()


@pytest.mark.browser
def test_register_submit_confirm_and_download_letter(
    live_server, page: Page, transactional_db, tmp_path
):
    organization = OrganizationFactory(legal_name="Birchwood Builders Inc.")
    member(organization, MemberRole.SMR, username="smr")
    UserFactory(username="admin", role=UserRole.ADMINISTRATOR)
    base = live_server.url

    # The SMR adds the account and submits its registration.
    log_in(page, base, "smr")
    page.get_by_role("link", name="WSIB accounts").first.click()
    page.get_by_role("link", name="Add a WSIB account").click()
    page.get_by_label("WSIB account number").fill(ACCOUNT_NUMBER)
    page.get_by_label("WSIB firm number").fill(FIRM_NUMBER)
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ACCOUNT_NUMBER)
    page.get_by_label("Applicant name").fill("Sam Senior")
    page.get_by_label("Applicant e-mail").fill("sam@birchwood.test")
    page.get_by_label("I confirm the application is complete and accurate").check()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Review and submit").click()
    page.get_by_role("button", name="Submit registration").click()
    expect(page.locator(".lead .badge")).to_have_text("Submitted")
    log_out(page)

    # The administrator confirms it from the queue.
    log_in(page, base, "admin")
    page.get_by_role("link", name="Registrations", exact=True).click()
    page.get_by_role("button", name=f"Confirm registration of {ACCOUNT_NUMBER}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"The registration of WSIB account {ACCOUNT_NUMBER} was confirmed."
    )
    assert Registration.objects.get(wsib_account__account_number=ACCOUNT_NUMBER).status == (
        "confirmed"
    )
    log_out(page)

    # The SMR downloads the confirmation letter.
    log_in(page, base, "smr")
    page.get_by_role("link", name="WSIB accounts").first.click()
    page.get_by_role("link", name=re.compile("Confirmed")).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the confirmation letter (PDF)").click()
    download = download_info.value
    assert re.fullmatch(r"RCL-\d{4}-\d{6}\.pdf", download.suggested_filename)
    text = pdf_text(Path(download.path()).read_bytes(), tmp_path)
    assert ACCOUNT_NUMBER in text
    assert FIRM_NUMBER in text
    assert "Birchwood Builders Inc." in text
