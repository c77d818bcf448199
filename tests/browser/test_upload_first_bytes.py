"""In the browser, the evidence form reads the first bytes of the chosen file (File.slice) and
refuses, in words and before anything is sent, a file that cannot be an accepted type — here
a program renamed "Policy.pdf" (issue 8: the type was checked only after a 30 MB upload had
completed). A real PDF chosen next is sent and attached."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from audits.models import Evidence, Item
from tests.browser.conftest import check_axe
from tests.browser.test_internal_audit_flow import _setup, log_in

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 4096


@pytest.mark.browser
def test_a_file_of_the_wrong_type_is_refused_before_it_is_sent(
    live_server, page: Page, transactional_db, tmp_path
):
    tool, _cast, _reviewer, audit = _setup()
    base = live_server.url
    first = Item.objects.filter(tool=tool).order_by("order").first()
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r.url) if r.method == "POST" and "/evidence/" in r.url else None,
    )
    log_in(page, base, "ia")
    page.goto(f"{base}/audits/{audit.pk}/elements/{first.sub_section.element.number}/")

    program = tmp_path / "Policy.pdf"
    program.write_bytes(EXE)
    page.get_by_label(f"Evidence file for item {first.number}").set_input_files(str(program))
    page.get_by_label(f"Document date for item {first.number} evidence").fill(
        timezone.localdate().isoformat()
    )
    page.get_by_role("button", name="Upload evidence").first.click()

    refusal = page.locator(f"#file-{first.pk}-refused")
    expect(refusal).to_be_visible()
    expect(refusal).to_have_attribute("role", "alert")
    expect(refusal).to_contain_text("Policy.pdf is not a type the portal accepts")
    expect(refusal).to_contain_text("Nothing was uploaded.")
    expect(page.get_by_label(f"Evidence file for item {first.number}")).to_be_focused()
    check_axe(page)
    assert sent == []
    assert Evidence.objects.count() == 0

    policy = tmp_path / "Health and safety policy.pdf"
    policy.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label(f"Evidence file for item {first.number}").set_input_files(str(policy))
    expect(refusal).to_be_hidden()
    page.get_by_role("button", name="Upload evidence").first.click()
    expect(page.get_by_role("status")).to_contain_text("Health and safety policy.pdf was attached.")
    assert len(sent) == 1
    assert Evidence.objects.count() == 1


@pytest.mark.browser
def test_every_upload_form_checks_first_bytes_the_exemption_request_too(
    live_server, page: Page, transactional_db, tmp_path
):
    """The same check on a plain (non-evidence) upload form: the training-exemption request
    refuses a renamed program as its transcript before the form is sent; with real PDFs it
    is sent and the request is made."""
    from certification.models import TrainingExemption
    from tests.factories import PersonFactory

    _tool, cast, _reviewer, _audit = _setup()
    person = PersonFactory(organization=cast.organization, first_name="Morgan")
    base = live_server.url
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r.url) if r.method == "POST" and "/exemptions/" in r.url else None,
    )
    log_in(page, base, "smr")
    page.goto(f"{base}/people/{person.pk}/exemptions/request/")
    program = tmp_path / "transcript.pdf"
    program.write_bytes(EXE)
    outline = tmp_path / "outline.pdf"
    outline.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_transcript").set_input_files(str(program))
    page.locator("#id_course_outline").set_input_files(str(outline))
    page.get_by_role("button", name="Send the request").click()

    refusal = page.locator("#id_transcript-refused")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("transcript.pdf is not a type the portal accepts")
    expect(page.locator("#id_transcript")).to_be_focused()
    expect(page.locator("#id_course_outline-refused")).to_be_hidden()
    check_axe(page)
    assert sent == []
    assert TrainingExemption.objects.count() == 0

    # A real PDF chosen next clears the refusal; the form is then sent, once (the server
    # decides on the rest of the fields).
    page.locator("#id_transcript").set_input_files(str(outline))
    expect(refusal).to_be_hidden()
    with page.expect_request(lambda r: r.method == "POST" and "/exemptions/" in r.url):
        page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    assert len(sent) == 1
