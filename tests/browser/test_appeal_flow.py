"""End to end in a real browser at phone width (390 px), axe-core on every page: `smr` files
a level-1 appeal of a failed external audit report (referring to the audit's own evidence),
`auditor` acknowledges it from the queue and denies it, `smr` takes it to level 2, `pm` (the
program manager) upholds it with a mutually satisfactory agreement documented on the form and
signs it, `smr` signs it, and the latest appeal form downloads and verifies. The failed report
before it is set up with the services."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from appeals.enums import AppealStatus
from appeals.models import Appeal, AppealSignature
from audits.enums import EngagementStatus
from certification.enums import MemberRole
from cor_portal.accounts.enums import UserRole
from tests.appeals.conftest import add_evidence
from tests.audits.conftest import Flow, make_ready, make_tool
from tests.audits.external import External, approved_auditor
from tests.browser.conftest import check_axe
from tests.browser.test_internal_audit_flow import log_in, log_out
from tests.browser.test_phone_and_axe import PHONE, assert_fits_phone, visit
from tests.factories import OrganizationFactory, UserFactory, WsibAccountFactory, member


def _setup():
    organization = OrganizationFactory(legal_name="Birch Lane Builders Inc.")
    cast = SimpleNamespace(
        organization=organization,
        wsib_account=WsibAccountFactory(organization=organization, account_number="0456791"),
        smr=member(organization, MemberRole.SMR, username="smr"),
        internal_auditor=member(organization, MemberRole.INTERNAL_AUDITOR, username="ia"),
        viewer=None,
        admin=UserFactory(username="admin", role=UserRole.ADMINISTRATOR),
        reviewer=UserFactory(username="reviewer", role=UserRole.REVIEWER),
    )
    tool, items = make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    flow = Flow(cast=cast, tool=tool, items=items, ia=ia)
    auditor = approved_auditor(cast.admin, "Northern Audit Co.", username="auditor")
    ext = External(
        flow=flow,
        auditor=auditor,
        colleague=approved_auditor(cast.admin, "Northern Audit Co."),
        other=approved_auditor(cast.admin, "Lakeshore Safety Audits"),
    )
    ext.confirmed()
    engagement = ext.decided(points={"1.1": 5})
    assert engagement.status == EngagementStatus.FAILED
    add_evidence(engagement, items, auditor.user)
    UserFactory(username="pm", role=UserRole.PROGRAM_MANAGER, first_name="Pat", last_name="Manager")
    return cast, engagement


def _here(page: Page, what: str) -> None:
    assert_fits_phone(page, what)
    check_axe(page)


@pytest.mark.browser
def test_two_level_appeal_to_the_signed_form(live_server, page: Page, transactional_db):
    _cast, engagement = _setup()
    base = live_server.url
    page.set_viewport_size(PHONE)

    log_in(page, base, "smr")
    visit(page, f"{base}/appeals/", "smr: appeals")
    expect(page.locator("main")).to_contain_text("Reports you may appeal")
    page.get_by_role("link", name="Appeal: External audit report").click()
    _here(page, "smr: file")
    page.get_by_label("Grounds of the appeal").fill("Item 1.1: the JHSC minutes were given.")
    page.get_by_label("1.1 — jhsc-minutes.pdf").check()
    page.get_by_role("button", name="File the appeal").click()
    expect(page.locator("#appeal-status")).to_contain_text("Filed, awaiting acknowledgement")
    expect(page.locator("main")).to_contain_text("business day")
    _here(page, "smr: appeal filed")
    log_out(page)

    log_in(page, base, "auditor")
    visit(page, f"{base}/appeals/", "auditor: queue")
    appeal = Appeal.objects.get()
    expect(page.locator("main")).to_contain_text("Appeals for you to acknowledge and decide")
    page.get_by_role("link", name=appeal.number).click()
    page.get_by_role("button", name="Acknowledge", exact=True).click()
    expect(page.locator("#appeal-status")).to_contain_text("Acknowledged, awaiting the decision")
    page.get_by_label("Denied").check()
    page.get_by_label("Reasons for the decision").fill("The minutes do not cover item 1.1.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#appeal-status")).to_contain_text("Denied (may go to the next level)")
    _here(page, "auditor: decided")
    log_out(page)

    log_in(page, base, "smr")
    page.goto(f"{base}/appeals/{appeal.pk}/")
    expect(page.locator("main")).to_contain_text("Next level filed by")
    page.get_by_label("Grounds of the appeal").fill("Level 1 overlooked the minutes.")
    page.get_by_role("button", name="File at level 2").click()
    expect(page.locator("#appeal-status")).to_contain_text("Level 2: the program manager")
    log_out(page)

    log_in(page, base, "pm")
    visit(page, f"{base}/appeals/", "pm: queue")
    page.get_by_role("link", name=appeal.number).click()
    _here(page, "pm: appeal")
    page.get_by_label("Upheld").check()
    page.get_by_label("Reasons for the decision").fill("The minutes cover item 1.1.")
    page.get_by_label("Mutually satisfactory agreement").fill("Item 1.1 re-scored to full marks.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#appeal-status")).to_contain_text("Upheld")
    page.get_by_label("Type your full name to sign").fill("Pat Manager")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.locator(".signatures")).to_contain_text("Program manager: Pat Manager")
    log_out(page)

    log_in(page, base, "smr")
    page.goto(f"{base}/appeals/{appeal.pk}/")
    page.get_by_label("Type your full name to sign").fill("Sam Rep")
    page.get_by_role("button", name="Sign", exact=True).click()
    signatures = page.locator(".signatures")
    expect(signatures).to_contain_text("Senior management representative (appellant): Sam Rep")
    expect(page.locator("main")).to_contain_text("Item 1.1 re-scored to full marks.")
    _here(page, "smr: signed")
    assert AppealSignature.objects.filter(stage__appeal=appeal).count() == 2
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    engagement.refresh_from_db()
    assert engagement.status != EngagementStatus.FAILED  # the upheld appeal overturned it
    versions = page.get_by_role("link", name="(PDF)")
    assert versions.count() >= 6  # filed, acknowledged, denied, level 2, decided, 2 signatures
    with page.expect_download() as download_info:
        versions.first.click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="verify").first.click()
    expect(page.locator("main")).to_contain_text("COR appeal form")
    log_out(page)

    log_in(page, base, "reviewer")
    visit(page, f"{base}/appeals/board/?show=all", "reviewer: appeals board")
    expect(page.locator("main")).to_contain_text(appeal.number)
    log_out(page)
