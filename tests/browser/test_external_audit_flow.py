"""End to end in a real browser: `smr` chooses `auditor`, `auditor` accepts and submits the
audit plan, `reviewer` approves it, `auditor` scores the external audit and submits the
report, `reviewer` cannot approve it before desktop QA, `admin` releases it in QA (which
approves it), `smr` downloads the certificate, and its
verification page says it is valid. The internal audit before it is set up with the
services."""

import re

import pytest
from playwright.sync_api import Page, expect

from audits.enums import EngagementStatus
from audits.models import ExternalEngagement, Item
from certification.models import Certificate
from cor_portal.accounts.enums import UserRole
from tests.audits.conftest import Flow, make_ready, make_tool
from tests.audits.external import approved_auditor
from tests.browser.qa import EXTERNAL_REPORT, qa_release
from tests.browser.test_internal_audit_flow import log_in, log_out
from tests.factories import (
    OrganizationFactory,
    UserFactory,
    WsibAccountFactory,
    member,
)

ORGANIZATION = "Birch Lane Builders Inc."


def _setup():
    from types import SimpleNamespace

    from certification.enums import MemberRole

    organization = OrganizationFactory(legal_name=ORGANIZATION)
    cast = SimpleNamespace(
        organization=organization,
        wsib_account=WsibAccountFactory(organization=organization, account_number="0456790"),
        smr=member(organization, MemberRole.SMR, username="smr"),
        internal_auditor=member(organization, MemberRole.INTERNAL_AUDITOR, username="ia"),
        viewer=None,
        admin=UserFactory(username="admin", role=UserRole.ADMINISTRATOR),
        reviewer=UserFactory(username="reviewer", role=UserRole.REVIEWER, first_name="Riley"),
    )
    tool, items = make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    Flow(cast=cast, tool=tool, items=items, ia=ia).reviewed()
    auditor = approved_auditor(
        cast.admin,
        "Northern Audit Co.",
        username="auditor",
        first_name="Alex",
        last_name="External",
    )
    return cast, auditor, items


@pytest.mark.browser
def test_choose_plan_audit_report_certificate(live_server, page: Page, transactional_db):
    cast, auditor, items = _setup()
    base = live_server.url

    log_in(page, base, "smr")
    page.goto(f"{base}/external/")
    expect(page.get_by_test_id("advisory")).to_contain_text("October 1")
    page.get_by_label("Auditor", exact=True).select_option(str(auditor.pk))
    page.get_by_role("button", name="Choose this auditor").click()
    expect(page.get_by_test_id("engagement-status")).to_contain_text("awaiting acceptance")
    log_out(page)

    log_in(page, base, "auditor")
    page.goto(f"{base}/external/")
    page.get_by_test_id("engagement-row").get_by_role("link").click()
    page.get_by_label(re.compile("I declare that I have no conflict")).check()
    page.get_by_role("button", name="Accept the engagement").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("Draft")
    page.get_by_label("Scope", exact=True).fill("All elements")
    page.get_by_label("Sites", exact=True).fill("Head office")
    page.get_by_label("Audit starts on", exact=True).fill("2026-10-01")
    page.get_by_label("Audit ends on", exact=True).fill("2026-10-02")
    page.get_by_label("Audit days", exact=True).fill("2")
    page.get_by_label("Management", exact=True).fill("1")
    page.get_by_label("Supervisors", exact=True).fill("2")
    page.get_by_label("Workers", exact=True).fill("5")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_role("button", name="Submit the plan for approval").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("Submitted for approval")
    log_out(page)

    log_in(page, base, "reviewer")
    page.goto(f"{base}/external/")
    page.get_by_test_id("plan-row").get_by_role("link").click()
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.get_by_test_id("plan-status")).to_contain_text("Approved")
    log_out(page)

    log_in(page, base, "auditor")
    page.goto(f"{base}/external/")
    page.get_by_test_id("engagement-row").get_by_role("link").click()
    page.get_by_role("button", name="Start the external audit").click()
    for item in Item.objects.filter(tool=items["1.1"].tool).order_by("order"):
        page.get_by_label(f"Points for item {item.number}", exact=True).fill(str(item.points))
    page.get_by_role("button", name="Save the scores").click()
    page.get_by_role("button", name="Sign and submit the report").click()
    expect(page.get_by_test_id("engagement-status")).to_contain_text("Report submitted")
    log_out(page)

    # The reviewer cannot approve the report before desktop QA: refused, nothing changes.
    log_in(page, base, "reviewer")
    page.goto(f"{base}/external/")
    page.get_by_test_id("report-row").get_by_role("link").click()
    page.get_by_role("button", name="Approve the report").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Desktop QA has not cleared this external audit report yet"
    )
    expect(page.get_by_test_id("outcome")).to_have_count(0)
    engagement = ExternalEngagement.objects.get()
    assert engagement.status == EngagementStatus.REPORT_SUBMITTED
    assert not Certificate.objects.filter(wsib_account=cast.wsib_account).exists()
    log_out(page)

    # Desktop QA (the administrator) releases the report, which approves it.
    log_in(page, base, "admin")
    qa_release(page, base, organization=ORGANIZATION, result=EXTERNAL_REPORT)
    page.goto(f"{base}/external/{engagement.pk}/")
    expect(page.get_by_test_id("outcome")).to_contain_text("certificate of recognition is issued")
    log_out(page)
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PASSED
    certificate = Certificate.objects.get(wsib_account=cast.wsib_account)

    log_in(page, base, "smr")
    page.goto(f"{base}/certificates/{certificate.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    log_out(page)
    page.goto(f"{base}/verify/{certificate.number}/")
    expect(page.locator("main")).to_contain_text("is valid today")
