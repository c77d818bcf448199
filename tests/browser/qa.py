"""Desktop QA in the browser, as the QA person does it (issue 14): from the navigation's
"Desktop QA", start the QA of the result awaiting it, check every checklist line with no
concern, save the checklist and release. A desk review is then completed by its reviewer; an
external report is approved by the release itself.

The caller is signed in as certifying-body staff other than the desk reviewer, in English."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_axe

# How the awaiting list names each kind of result.
DESK_REVIEW = "Desk review of an internal audit"
EXTERNAL_REPORT = "External audit report"


def qa_release(page: Page, base: str, *, organization: str, result: str) -> None:
    """Release the one result of `organization` awaiting QA whose description contains
    `result` (DESK_REVIEW or EXTERNAL_REPORT)."""
    page.goto(f"{base}/")
    page.locator("header nav").get_by_role("link", name="Desktop QA", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desktop QA")
    check_axe(page)
    row = page.get_by_test_id("awaiting-row").filter(has_text=organization).filter(has_text=result)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Start QA").click()
    expect(page.get_by_test_id("qa-status")).to_have_text("Open")
    checks = page.get_by_test_id("qa-check")
    assert checks.count() >= 1, "the QA review has no checklist line"
    for i in range(checks.count()):
        checks.nth(i).get_by_label("No concern", exact=True).check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_role("status")).to_contain_text("Checklist saved.")
    for i in range(checks.count()):
        expect(checks.nth(i).get_by_label("No concern", exact=True)).to_be_checked()
    page.get_by_role("button", name="Release", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.get_by_test_id("qa-status")).to_have_text("Released")
    check_axe(page)
    # Decided: the result no longer waits for QA.
    page.locator("header nav").get_by_role("link", name="Desktop QA", exact=True).click()
    expect(
        page.get_by_test_id("awaiting-row").filter(has_text=organization).filter(has_text=result)
    ).to_have_count(0)
