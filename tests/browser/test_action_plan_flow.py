"""Action plans end to end in a real browser [SPEC §6], axe on every page and the plan page at
390 px:

- SOSE: the SMR starts the plan from the navigation, finds its objectives pre-filled from the
  external audit's corrective-action items, makes them SMART, adds two milestones each and
  submits; the Lead Auditor approves; the associate auditor plans the verification audit;
  the SMR records completion and evidence and signs off; the associate auditor records the
  verification at 100 % with its executive summary; the SMR downloads the Ministry package.
- ACSA: the SMR submits the proposal with its participants and organization chart; the QA
  reviewer returns it for amendments, then approves the amended one; the SMR self-scores
  (partial points) and signs off; the QA reviewer assigns the score of record."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from sose.enums import PlanStatus
from sose.models import ActionPlan, Milestone
from sose.services import plan as s
from tests.audits.conftest import PDF
from tests.browser.conftest import check_axe
from tests.browser.test_internal_audit_flow import log_in, log_out
from tests.browser.test_phone_and_axe import PHONE, assert_fits_phone
from tests.sose.conftest import acsa, external, lead, sose  # noqa: F401  (the fixtures)
from tests.sose.test_services import _acsa_plan


def _nav_to_plans(page: Page) -> None:
    page.locator("header nav").get_by_role("link", name="Action plans", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plans")


def _status(page: Page, text: str) -> None:
    expect(page.locator(".lead .badge")).to_have_text(text)


@pytest.mark.browser
def test_sose_plan_from_prefilled_objectives_to_100_and_the_ministry_package(
    live_server,
    page: Page,
    transactional_db,
    sose,  # noqa: F811
    lead,  # noqa: F811
    tmp_path,
):
    cast = sose.cast
    auditor = sose.extras["engagement"].auditor.user
    base = live_server.url
    today = timezone.localdate()

    log_in(page, base, cast.smr.username)
    _nav_to_plans(page)
    page.locator("select[name=kind]").select_option("sose_sap")
    page.locator("select[name=wsib_account]").select_option(str(cast.wsib_account.pk))
    page.get_by_role("button", name="Start the plan").click()
    _status(page, "Draft")
    expect(page.get_by_text("Corrective action item: Update the hazard register")).to_be_visible()
    expect(page.get_by_text("Corrective action item: Train JHSC")).to_be_visible()
    check_axe(page)
    for n in (1, 2):
        section = page.locator("section[id^=objective-]").nth(n - 1)
        section.get_by_text(f"Edit objective {n}", exact=True).click()
        section.get_by_label("Measure").fill("Checked against the records")
        section.get_by_label("Starts on").fill(today.isoformat())
        section.get_by_label("Ends on").fill((today + timedelta(days=60)).isoformat())
        section.get_by_role("button", name=f"Save objective {n}").click()
        expect(page.get_by_role("status")).to_contain_text(f"Objective {n} was saved.")
        for step in ("Plan and assign", "Implement and record"):
            section = page.locator("section[id^=objective-]").nth(n - 1)
            section.get_by_text(f"Add a milestone to objective {n}", exact=True).click()
            form = section.locator("form[action$='/milestones/']")
            form.get_by_label("Step").fill(step)
            form.get_by_label("Assigned to (person or group)").fill("JHSC")
            form.get_by_label("Target date").fill((today + timedelta(days=30)).isoformat())
            form.get_by_role("button", name=f"Add the milestone to objective {n}").click()
            expect(page.get_by_role("status")).to_contain_text("was added.")
    expect(page.get_by_text("The plan meets every rule of its kind.")).to_be_visible()
    page.set_viewport_size(PHONE)
    assert_fits_phone(page, "the SOSE plan, a draft")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Submit the plan for approval").click()
    _status(page, "Submitted for approval")
    log_out(page)

    log_in(page, base, lead.username)
    page.goto(f"{base}/action-plans/?status=submitted")
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    check_axe(page)
    page.get_by_role("button", name="Approve the plan").click()
    _status(page, "Approved: in progress")
    log_out(page)

    log_in(page, base, auditor.username)
    _nav_to_plans(page)
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    page.get_by_label("Verification audit scope").fill("Every objective; head office records")
    page.get_by_label("Cost estimate ($)").fill("2400.00")
    page.get_by_role("button", name="Save the verification audit plan").click()
    _status(page, "Verification audit planned")
    log_out(page)

    log_in(page, base, cast.smr.username)
    page.goto(f"{base}/action-plans/")
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    evidence = tmp_path / "register.pdf"
    evidence.write_bytes(PDF)
    for label in ("1.1", "1.2", "2.1", "2.2"):
        card = page.locator("article[id^=milestone-]").filter(
            has=page.get_by_role("heading", name=re.compile(f"^Milestone {label}"))
        )
        card.get_by_label(f"Milestone {label} completed on").fill(today.isoformat())
        card.get_by_role("button", name=f"Save completion of {label}").click()
        expect(page.get_by_role("status")).to_contain_text(f"Milestone {label}: completion saved.")
        card = page.locator("article[id^=milestone-]").filter(
            has=page.get_by_role("heading", name=re.compile(f"^Milestone {label}"))
        )
        card.get_by_label(f"File for milestone {label}").set_input_files(str(evidence))
        card.get_by_label("Document date").fill(today.isoformat())
        card.get_by_role("button", name="Attach the evidence").click()
        expect(page.get_by_role("status")).to_contain_text("the deliverable was attached.")
    expect(page.get_by_text("Overall: 100.00 % complete")).to_be_visible()
    expect(page.locator("#plan-progress-caption")).to_have_text("Progress per objective")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page, "the SOSE plan, in progress")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Signed by (type your name)").fill("Sam Smr")
    page.get_by_role("button", name="Sign off and send the plan").click()
    _status(page, "Final submission received")
    log_out(page)

    log_in(page, base, auditor.username)
    page.goto(f"{base}/action-plans/?status=final_submitted")
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    for label in ("1.1", "1.2", "2.1", "2.2"):
        expect(page.get_by_label(f"Milestone {label} achieved")).to_be_checked()
    score = page.locator("#score")
    score.get_by_label("Results").fill("Every objective of the SAP is implemented.")
    score.get_by_label("Strengths").fill("Committee ownership")
    score.get_by_label("Recommendations").fill("Keep the register on the calendar")
    check_axe(page)
    page.get_by_role("button", name="Record the verification audit").click()
    _status(page, "Passed")
    expect(page.get_by_text("Score of record: 100.00 %")).to_be_visible()
    log_out(page)

    log_in(page, base, cast.smr.username)
    page.goto(f"{base}/action-plans/")
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    expect(page.get_by_text("Every objective of the SAP is implemented.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the Ministry package (PDF)").click()
    path = tmp_path / "package.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    plan = ActionPlan.objects.get()
    assert (plan.status, str(plan.score_pct)) == (PlanStatus.PASSED, "100.00")


@pytest.mark.browser
def test_acsa_plan_from_proposal_to_the_qa_score(
    live_server,
    page: Page,
    transactional_db,
    acsa,  # noqa: F811
):
    cast = acsa
    plan = _acsa_plan(cast)  # a draft: 3 objectives, weights 20/20, 15/15, 15/15
    base = live_server.url
    today = timezone.localdate()

    log_in(page, base, cast.smr.username)
    page.goto(f"{base}/action-plans/{plan.pk}/")
    page.get_by_role("button", name="Submit the plan for approval").click()
    expect(page.locator("#errors")).to_contain_text("participants")
    _status(page, "Draft")
    page.get_by_label("Participants and their training").fill("Ada Auditor (COR auditor, 2024)")
    page.get_by_label("Organization chart").fill("President > Operations > Crews")
    page.get_by_role("button", name="Submit the plan for approval").click()
    _status(page, "Submitted for approval")
    log_out(page)

    log_in(page, base, cast.reviewer.username)
    page.goto(f"{base}/action-plans/?status=submitted")
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    page.locator("#decide").get_by_label("What to amend").fill("Objective 2 needs a measure")
    page.get_by_role("button", name="Return for amendments").click()
    _status(page, "Returned for amendments")
    log_out(page)

    log_in(page, base, cast.smr.username)
    page.goto(f"{base}/action-plans/{plan.pk}/")
    expect(page.get_by_role("alert", name="Returned for amendments")).to_contain_text(
        "Objective 2 needs a measure"
    )
    page.get_by_role("button", name="Submit the plan for approval").click()
    _status(page, "Submitted for approval")
    log_out(page)

    log_in(page, base, cast.reviewer.username)
    page.goto(f"{base}/action-plans/{plan.pk}/")
    page.get_by_role("button", name="Approve the plan").click()
    _status(page, "Approved: in progress")
    log_out(page)

    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    for m in milestones:  # the deliverables (the pages' upload is covered by the SOSE flow)
        s.deliverable_attach(
            milestone=m,
            by=cast.smr,
            upload=SimpleUploadedFile("log.pdf", PDF, content_type="application/pdf"),
            title="Drill log",
            document_date=today,
        )
    log_in(page, base, cast.smr.username)
    page.goto(f"{base}/action-plans/{plan.pk}/")
    form = page.locator("#self-score")
    form.get_by_label("Milestone 1.1 (out of 20.00)").fill("30")
    form.get_by_role("button", name="Save the self-score").click()
    expect(page.locator("#errors")).to_contain_text("1.1")
    form = page.locator("#self-score")
    for m in milestones:
        form.get_by_label(f"Milestone {m.label} (out of {m.weight})").fill(str(m.weight))
    form.get_by_label("Milestone 1.1 (out of 20.00)").fill("10.5")
    for n in (1, 2, 3):
        form.get_by_label(f"Self-scoring notes, objective {n}").fill("Drills held and logged")
    form.get_by_role("button", name="Save the self-score").click()
    expect(page.get_by_text("Self-score: 90.50 %")).to_be_visible()
    final = page.locator("#final")
    final.get_by_label("Results").fill("Every objective carried out.")
    final.get_by_label("Signed by (type your name)").fill("Sam Smr")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page, "the ACSA plan, in progress")
    page.set_viewport_size({"width": 1280, "height": 900})
    check_axe(page)
    final.get_by_role("button", name="Sign off and send the plan").click()
    _status(page, "Final submission received")
    log_out(page)

    log_in(page, base, cast.reviewer.username)
    page.goto(f"{base}/action-plans/?status=final_submitted")
    page.get_by_role("link", name=cast.wsib_account.account_number).click()
    score = page.locator("#score")
    # pre-filled with the self-score; the QA reviewer's own points are the score of record
    expect(score.get_by_label("Milestone 1.1 (out of 20.00)")).to_have_value("10.50")
    score.get_by_label("Milestone 3.2 (out of 15.00)").fill("0")
    check_axe(page)
    score.get_by_role("button", name="Assign the score of record").click()
    _status(page, "Passed")
    expect(page.get_by_text("Score of record: 75.50 %")).to_be_visible()
    plan.refresh_from_db()
    assert str(plan.score_pct) == "75.50"
