"""Issue 11 end to end in a real browser: a certified account in year 1, its year-2
maintenance audit filled in (services); `smr` signs off and submits it, `reviewer` accepts and
assigns themself, `admin` releases it in desktop QA, `reviewer` confirms it; `smr` downloads
the Letter of Good Standing from the WSIB account's page, and the letter's QR verification
page says "valid"."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from audits.enums import AuditKind
from audits.models import Item
from audits.services.audit import audit_start, response_save
from certification.models import LetterOfGoodStanding
from certification.services.certificates import certificate_issue
from tests.browser.qa import DESK_REVIEW, qa_release
from tests.browser.test_internal_audit_flow import ORGANIZATION, _setup, log_in, log_out
from tests.certification.test_registration_pages import pdf_text


@pytest.mark.browser
def test_smr_submits_reviewer_approves_smr_downloads_the_lgs(
    live_server, page: Page, transactional_db, tmp_path
):
    tool, cast, reviewer, first_audit = _setup()
    certificate_issue(
        wsib_account=cast.wsib_account,
        anniversary_date=timezone.localdate() - timedelta(days=300),
        by=cast.admin,
    )
    from audits.models import Audit, InternalReview

    InternalReview.objects.filter(audit=first_audit).delete()
    Audit.objects.filter(pk=first_audit.pk).delete()
    from certification.models import Person

    ia_person = Person.objects.get(user=cast.internal_auditor)
    audit = audit_start(
        wsib_account=cast.wsib_account,
        kind=AuditKind.INTERNAL_MAINTENANCE,
        internal_auditor=ia_person,
        by=cast.internal_auditor,
        tool=tool,
    )
    for item in Item.objects.filter(tool=tool):
        response_save(
            audit=audit,
            item=item,
            points_earned=item.points,
            not_applicable=False,
            note="",
            by=cast.internal_auditor,
        )
    base = live_server.url

    log_in(page, base, "smr")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Review and submit").click()
    page.get_by_label(re.compile("I sign off")).check()
    page.get_by_role("button", name="Submit audit").click()
    expect(page.locator(".lead .badge")).to_have_text("Submitted")
    log_out(page)

    log_in(page, base, "reviewer")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("button", name="Accept for desk review").click()
    page.locator("select[name=reviewer]").select_option(str(reviewer.pk))
    page.get_by_role("button", name="Assign reviewer").click()
    expect(page.locator(".lead .badge")).to_have_text("Under desk review")
    log_out(page)

    # Desktop QA (the administrator, not the desk reviewer) releases the desk review.
    log_in(page, base, "admin")
    qa_release(page, base, organization=ORGANIZATION, result=DESK_REVIEW)
    log_out(page)

    log_in(page, base, "reviewer")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Do the desk review").click()
    page.get_by_role("button", name="Complete the review").click()
    page.get_by_role("button", name="Yes, complete the review").click()
    expect(page.locator(".lead .badge")).to_have_text("Benchmarks confirmed")
    log_out(page)

    letter = LetterOfGoodStanding.objects.get()
    log_in(page, base, "smr")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/wsib-accounts/{cast.wsib_account.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Keeping COR"))).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=letter.number, exact=True).click()
    text = " ".join(pdf_text(Path(download_info.value.path()).read_bytes(), tmp_path).split())
    assert letter.number in text and "Letter of Good Standing" in text
    page.get_by_role("link", name="verify").click()
    expect(
        page.get_by_text(f"Letter of Good Standing {letter.number} is valid today.")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
