"""End to end in a real browser, on the 14-element demo sample tool:

(a) `ia` fills in every item (htmx saves, live score), `smr` signs off and submits, `reviewer`
    pre-assesses and assigns themself; completing is refused before desktop QA; `admin`
    releases the round in QA (tests/browser/qa.py); `reviewer` completes the desk review
    (confirmed) and downloads the review report, whose text lists every element's percentage;
(b) the reviewer scores a legislated item 0, QA releases, the reviewer completes: not
    confirmed — the report lists the failed benchmarks, the CAP exists and the 6-month D2
    deadline is open.

The data before the browser steps are set up with the services."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from audits.demo import ensure_demo_tool
from audits.enums import AuditKind, InternalReviewStatus, ToolStatus
from audits.models import Element, Item
from audits.services.audit import audit_start, audit_submit, response_save
from audits.services.review import pre_assessment_record, reviewer_assign
from audits.services.tool import audit_tool_publish
from certification.enums import MemberRole
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.models import Deadline
from tests.audits.conftest import make_ready
from tests.browser.qa import DESK_REVIEW, qa_release
from tests.certification.test_registration_pages import pdf_text
from tests.factories import (
    PASSWORD,
    OrganizationFactory,
    UserFactory,
    WsibAccountFactory,
    member,
)

ORGANIZATION = "Cedar Point Builders Inc."


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("input[name=login]")).to_be_visible()


def _setup():
    tool = ensure_demo_tool()
    organization = OrganizationFactory(legal_name=ORGANIZATION)
    cast = SimpleNamespace(
        organization=organization,
        wsib_account=WsibAccountFactory(organization=organization, account_number="0456789"),
        smr=member(organization, MemberRole.SMR, username="smr"),
        internal_auditor=member(organization, MemberRole.INTERNAL_AUDITOR, username="ia"),
        admin=UserFactory(username="admin", role=UserRole.ADMINISTRATOR),
    )
    reviewer = UserFactory(username="reviewer", role=UserRole.REVIEWER, first_name="Riley")
    if tool.status != ToolStatus.PUBLISHED:  # recreated as a draft after a flushed database
        audit_tool_publish(tool=tool, by=cast.admin)
    _smr, ia_person = make_ready(cast)
    audit = audit_start(
        wsib_account=cast.wsib_account,
        kind=AuditKind.INITIAL_INTERNAL,
        internal_auditor=ia_person,
        by=cast.internal_auditor,
        tool=tool,
    )
    return tool, cast, reviewer, audit


def _report_text(page: Page, tmp_path) -> str:
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the review report (PDF)").click()
    download = download_info.value
    assert re.fullmatch(r"IRR-\d{4}-\d{6}\.pdf", download.suggested_filename)
    return " ".join(pdf_text(Path(download.path()).read_bytes(), tmp_path).split())


@pytest.mark.browser
def test_fill_submit_preassess_review_confirm(live_server, page: Page, transactional_db, tmp_path):
    tool, _cast, reviewer, audit = _setup()
    base = live_server.url
    elements = list(Element.objects.filter(tool=tool).order_by("order"))
    assert len(elements) == 14

    # The internal auditor fills in every item with full points, element by element.
    log_in(page, base, "ia")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Fill in the audit").click()
    # Evidence for the first item, uploaded with the progress bar (static/js/audits.js).
    first = Item.objects.filter(tool=tool).order_by("order").first()
    evidence = tmp_path / "Health and safety policy.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label(f"Evidence file for item {first.number}").set_input_files(str(evidence))
    page.get_by_label(f"Document date for item {first.number} evidence").fill(
        timezone.localdate().isoformat()
    )
    page.get_by_role("button", name="Upload evidence").first.click()
    expect(page.get_by_role("status")).to_contain_text("Health and safety policy.pdf was attached.")
    expect(
        page.get_by_role("link", name="Health and safety policy.pdf", exact=True)
    ).to_be_visible()
    for index, element in enumerate(elements):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Element {element.number}:")
        for item in Item.objects.filter(sub_section__element=element).order_by("order"):
            page.get_by_label(f"Points earned for item {item.number}", exact=True).select_option(
                str(item.points)
            )
            page.get_by_role("button", name=f"Save item {item.number}", exact=True).click()
            expect(page.locator(f"#item-{item.pk} [role=status]")).to_have_text(
                f"Item {item.number} saved."
            )
        expect(page.get_by_test_id("element-pct")).to_have_text("100.00")
        if index + 1 < len(elements):
            page.get_by_role("link", name=f"Element {elements[index + 1].number} →").click()
    expect(page.get_by_test_id("overall-pct")).to_have_text("100.00")
    log_out(page)

    # The SMR signs off and submits.
    log_in(page, base, "smr")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Review and submit").click()
    expect(page.get_by_text("Ready to submit")).to_be_visible()
    page.get_by_label(re.compile("I sign off")).check()
    page.get_by_role("button", name="Submit audit").click()
    expect(page.locator(".lead .badge")).to_have_text("Submitted")
    log_out(page)

    # The reviewer pre-assesses, assigns themself, and confirms.
    log_in(page, base, "reviewer")
    page.get_by_role("link", name="Audit reviews").click()
    page.get_by_role("link", name="0456789").click()
    page.get_by_role("button", name="Accept for desk review").click()
    expect(page.get_by_role("status")).to_contain_text("accepted for desk review")
    page.locator("select[name=reviewer]").select_option(str(reviewer.pk))
    page.get_by_role("button", name="Assign reviewer").click()
    expect(page.locator(".lead .badge")).to_have_text("Under desk review")
    page.get_by_role("link", name="Do the desk review").click()
    # Nothing is released before desktop QA: completing now is refused and changes nothing.
    page.get_by_role("button", name="Complete the review").click()
    page.get_by_role("button", name="Yes, complete the review").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Desktop QA has not cleared this desk review yet"
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.UNDER_REVIEW
    log_out(page)

    # Desktop QA (the administrator, not the desk reviewer) releases the desk review.
    log_in(page, base, "admin")
    qa_release(page, base, organization=ORGANIZATION, result=DESK_REVIEW)
    log_out(page)

    # The reviewer completes the review now that QA released it.
    log_in(page, base, "reviewer")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Do the desk review").click()
    page.get_by_role("button", name="Complete the review").click()
    expect(page.get_by_role("heading", name="Complete the review?")).to_be_visible()
    page.get_by_role("button", name="Yes, complete the review").click()
    expect(page.locator(".lead .badge")).to_have_text("Benchmarks confirmed")
    text = _report_text(page, tmp_path)
    # Long titles wrap inside their table cell, so the title's first words, then the two
    # percentages on the element's row.
    for element in elements:
        first_words = re.escape(" ".join(element.title.split()[:2]))
        assert re.search(rf"\b{element.number} {first_words}.{{0,80}}?100\.00 100\.00", text), (
            element
        )
    assert text.count("100.00 100.00") == len(elements) + 1  # every element and the overall
    assert "Overall 100.00 100.00" in text
    assert "Benchmarks confirmed" in text
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.CONFIRMED


@pytest.mark.browser
def test_reviewer_does_not_confirm(live_server, page: Page, transactional_db, tmp_path):
    tool, cast, reviewer, audit = _setup()
    for item in Item.objects.filter(tool=tool):
        response_save(
            audit=audit,
            item=item,
            points_earned=item.points,
            not_applicable=False,
            note="",
            by=cast.internal_auditor,
        )
    audit_submit(audit=audit, by=cast.smr, signed_off=True)
    pre_assessment_record(
        audit=audit, by=reviewer, complete=True, declared_score_meets_benchmarks=True
    )
    reviewer_assign(audit=audit, reviewer=reviewer, by=reviewer)
    legislated = (
        Item.objects.filter(tool=tool, legislated=True)
        .select_related("sub_section__element")
        .order_by("order")
        .first()
    )
    element = legislated.sub_section.element
    base = live_server.url

    log_in(page, base, "reviewer")
    page.goto(f"{base}/audits/{audit.pk}/review/")
    page.get_by_role("link", name=f"{element.number}. {element.title}").click()
    page.get_by_label(f"Reviewer points for item {legislated.number}").select_option("0")
    page.get_by_label(f"Reviewer note for item {legislated.number}").fill("No copy on site.")
    page.get_by_role("button", name=f"Save my score of item {legislated.number}").click()
    expect(page.locator(f"#item-{legislated.pk} [role=status]")).to_contain_text("was saved")
    page.get_by_role("link", name=re.compile("Desk review of WSIB account")).click()
    expect(page.get_by_label("Finding 1: item number")).to_be_visible()
    log_out(page)

    # Desktop QA (the administrator) releases the round as scored.
    log_in(page, base, "admin")
    qa_release(page, base, organization=ORGANIZATION, result=DESK_REVIEW)
    log_out(page)

    log_in(page, base, "reviewer")
    page.goto(f"{base}/audits/{audit.pk}/review/")
    page.get_by_label("Finding 1: item number").fill(legislated.number)
    page.get_by_label("Finding 1: text").fill("Legislation binder is out of date.")
    page.get_by_role("button", name="Complete the review").click()
    page.get_by_role("button", name="Yes, complete the review").click()
    expect(page.locator(".lead .badge")).to_have_text("Benchmarks not confirmed")
    audit.refresh_from_db()
    due = audit.internal_review.correction_due_on.isoformat()
    # The reviewer's outcome comes first; the audit's facts card has the correction date.
    expect(page.locator("[aria-labelledby=facts-heading] dl.facts")).to_contain_text(due)
    text = _report_text(page, tmp_path)
    assert f"Legislated item {legislated.number} (element {element.number}) scored 0.00 %" in text
    assert "Legislation binder is out of date." in text
    assert "Benchmarks not confirmed" in text
    assert due in text
    # The CAP exists with the failed benchmark and the finding; D2 is open.
    page.get_by_role("link", name="Corrective action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corrective action plan")
    expect(page.locator("table").first).to_contain_text(f"Legislated item {legislated.number}")
    expect(page.locator("table").first).to_contain_text("Legislation binder is out of date.")
    assert audit.internal_review.status == InternalReviewStatus.NOT_CONFIRMED
    assert audit.cap.items.count() == 2
    d2 = Deadline.objects.get(kind="D2", subject_id=str(audit.pk))
    assert d2.state == Deadline.State.OPEN and d2.due_on == audit.internal_review.correction_due_on
