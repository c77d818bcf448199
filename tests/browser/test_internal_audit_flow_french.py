"""The internal-audit flow in French, in a real browser: the internal auditor, the SMR and the
reviewer all chose Canadian French (User.language = fr-ca). The pages' labels are French, dates
are in the French (Canada) forms, the SMR's e-mail ("ready for your sign-off") is French, and so
is the review report PDF (its letterhead date in words: « 2 décembre 2026 »).

Every item but the last is answered with the services; the browser saves the last one."""

import re
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from audits.enums import InternalReviewStatus
from audits.models import Item
from audits.services.audit import response_save
from tests.browser.qa import DESK_REVIEW, qa_release
from tests.browser.test_internal_audit_flow import ORGANIZATION, _setup, log_in, log_out
from tests.certification.test_registration_pages import pdf_text
from tests.factories import PASSWORD

# A fixed day, so the long French date is known: Wednesday 2 December 2026, mid-morning.
TODAY = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.get_default_timezone())
# English a French page must not show (the labels and buttons the flow uses).
ENGLISH = (
    "Log out",
    "Fill in the audit",
    "Review and submit",
    "Submit audit",
    "Items answered",
    "Elements",
    "History",
    "Complete the review",
)


def log_in_fr(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr-ca")


def log_out_fr(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("input[name=login]")).to_be_visible()


def assert_french(page: Page, what: str) -> None:
    text = page.locator("main").inner_text()
    found = [s for s in ENGLISH if re.search(rf"\b{re.escape(s)}\b", text)]
    assert not found, f"{what}: English on a French page: {found}"


@pytest.mark.browser
def test_internal_audit_flow_in_french(live_server, page: Page, transactional_db, tmp_path):
    with time_machine.travel(TODAY, tick=True):
        _run(live_server, page, tmp_path)


def _run(live_server, page: Page, tmp_path) -> None:
    tool, cast, reviewer, audit = _setup()
    for user in (cast.smr, cast.internal_auditor, reviewer):
        user.language = "fr-ca"
        user.save(update_fields=["language"])
    items = list(Item.objects.filter(tool=tool).select_related("sub_section__element"))
    items.sort(key=lambda i: i.order)
    *first, last = items
    for item in first:
        response_save(
            audit=audit,
            item=item,
            points_earned=item.points,
            not_applicable=False,
            note="",
            by=cast.internal_auditor,
        )
    base = live_server.url
    element = last.sub_section.element

    # The internal auditor: French audit page, progress chart and element page.
    log_in_fr(page, base, "ia")
    page.goto(f"{base}/audits/{audit.pk}/")
    expect(page.get_by_role("heading", name="Éléments")).to_be_visible()
    expect(page.locator("figure.chart figcaption")).to_have_text("Critères remplis, par élément")
    # The audit's start date, in the short Canadian French form (ISO: 2026-12-02).
    expect(page.locator("main")).to_contain_text("2026-12-02")
    assert_french(page, "audit page")
    page.goto(f"{base}/audits/{audit.pk}/elements/{element.number}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Élément {element.number}")
    page.get_by_label(f"Points obtenus pour le critère {last.number}", exact=True).select_option(
        str(last.points)
    )
    page.get_by_role("button", name=f"Enregistrer le critère {last.number}", exact=True).click()
    expect(page.locator(f"#item-{last.pk} [role=status]")).to_have_text(
        f"Critère {last.number} enregistré."
    )
    # The score uses the French decimal comma.
    expect(page.get_by_test_id("overall-pct")).to_have_text("100,00")
    assert_french(page, "element page")
    page.goto(f"{base}/audits/{audit.pk}/submit/")
    mail.outbox.clear()
    page.get_by_role("button", name="Aviser le RHD qu'elle est prête pour l'approbation").click()
    expect(page.get_by_role("status")).to_contain_text("RHD")
    log_out_fr(page)

    # The SMR's e-mail is in French.
    to_smr = [m for m in mail.outbox if cast.smr.email in m.to]
    assert to_smr, [m.subject for m in mail.outbox]
    message = to_smr[0]
    assert message.subject.startswith(
        "[Portail COR] Vérification interne prête pour votre approbation"
    ), message.subject
    assert "Review" not in message.body and "internal audit" not in message.body
    assert "vérification interne" in message.body, message.body

    # The SMR signs off and submits, in French.
    log_in_fr(page, base, "smr")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Revoir et soumettre").click()
    expect(page.get_by_text("Prête à soumettre")).to_be_visible()
    page.get_by_label(re.compile("j'approuve")).check()
    page.get_by_role("button", name="Soumettre la vérification").click()
    expect(page.locator(".lead .badge")).to_have_text("Soumise")
    assert_french(page, "submitted audit")
    log_out_fr(page)

    # The reviewer, in French: accept, assign, complete, download the report.
    log_in_fr(page, base, "reviewer")
    page.get_by_role("link", name="Examens des vérifications").click()
    assert_french(page, "review queue")
    page.get_by_role("link", name="0456789").click()
    page.get_by_role("button", name="Accepter pour l'examen documentaire").click()
    page.locator("select[name=reviewer]").select_option(str(reviewer.pk))
    page.get_by_role("button", name="Assigner l'examinateur").click()
    expect(page.locator(".lead .badge")).to_have_text("En examen documentaire")
    log_out_fr(page)

    # Desktop QA releases the desk review: the administrator, who kept English.
    log_in(page, base, "admin")
    qa_release(page, base, organization=ORGANIZATION, result=DESK_REVIEW)
    log_out(page)

    log_in_fr(page, base, "reviewer")
    page.goto(f"{base}/audits/{audit.pk}/")
    page.get_by_role("link", name="Faire l'examen documentaire").click()
    assert_french(page, "desk review")
    page.get_by_role("button", name="Terminer l'examen").click()
    page.get_by_role("button", name="Oui, terminer l'examen").click()
    expect(page.locator(".lead .badge")).to_have_text("Seuils confirmés")
    assert_french(page, "reviewed audit")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le rapport d'examen (PDF)").click()
    download = download_info.value
    text = " ".join(pdf_text(Path(download.path()).read_bytes(), tmp_path).split())
    assert "Rapport d'examen documentaire de la vérification interne" in text, text[:400]
    assert "Seuils confirmés" in text
    assert "2 décembre 2026" in text  # the letterhead's long date
    assert "100,00" in text  # the French decimal comma
    assert "À l'attention de" in text and "représentant de la haute direction" in text
    for english in ("review report", "Benchmarks confirmed", "Issued on", "Overall", "Element"):
        assert english not in text, english
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.CONFIRMED
