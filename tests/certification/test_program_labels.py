"""Every page, PDF, e-mail and message names an employer's compensation-board account after
its organization's program [issue 13 item 1]: "WSIB" (CSPAAT in French) for IHSA, "WCB" for
ACSA, never a hard-coded WSIB; numbers are checked in each program's format; the label is
read once per request, so a changed label shows on the next request of any process."""

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from certification.documents import registration_confirmation_context
from certification.models import Organization, Program
from certification.models.programs import (
    account_label_of,
    account_label_text,
    close_label_memo,
    open_label_memo,
)
from certification.registry import parse_bulk_numbers
from certification.services.registration import (
    registration_confirm,
    registration_start,
    registration_submit,
)
from cor_portal.errors import DomainError
from cor_portal.notifications.models import InboxMessage
from tests.certification.test_registry_clients import VERIFY, keyed

pytestmark = pytest.mark.django_db

FACTS = {
    "applicant_name": "Pat Applicant",
    "applicant_title": "President",
    "applicant_email": "pat@applicant.test",
    "applicant_phone": "403-555-0100",
    "workers": 12,
    "declaration_accepted": True,
}
# (program, its label, the label in French, the other program's labels)
PROGRAMS = [("ihsa", "WSIB", "CSPAAT", ("WCB",)), ("acsa", "WCB", "WCB", ("WSIB", "CSPAAT"))]


@pytest.fixture(params=PROGRAMS, ids=[p[0] for p in PROGRAMS])
def on_program(request, cast):
    """The cast's organization on IHSA (Ontario) or on ACSA (Alberta)."""
    code, label, label_fr, others = request.param
    Organization.objects.filter(pk=cast.organization.pk).update(program_id=code)
    cast.organization.refresh_from_db()
    cast.wsib_account.refresh_from_db()
    return cast, label, label_fr, others


def _employer_pages(cast) -> list[str]:
    account = cast.wsib_account.pk
    return [
        reverse("home"),
        reverse("organization_detail"),
        reverse("wsib_account_list"),
        reverse("wsib_account_detail", args=[account]),
        reverse("wsib_account_readiness", args=[account]),
        reverse("people_list"),
        reverse("audits:audit_list"),
        reverse("registration_create", kwargs={"account_pk": account}),
    ]


def _absent(text: str, names) -> None:
    for name in names:
        assert name not in text, f"{name!r} shown"


def test_the_employers_pages_name_the_programs_account(client, on_program):
    cast, label, _label_fr, others = on_program
    client.force_login(cast.smr)
    for url in _employer_pages(cast):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert f"{label} account" in text, url
        _absent(text, others)


def test_the_employers_pages_in_french(client, on_program):
    cast, _label, label_fr, others = on_program
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    client.force_login(cast.smr)
    client.cookies["django_language"] = "fr-ca"
    for url in _employer_pages(cast):
        text = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-ca").content.decode()
        assert f"compte de la {label_fr}".lower() in text.lower().replace("comptes", "compte"), url
        _absent(text, [o for o in others if o != label_fr])


def test_the_registration_e_mails_and_letter_name_the_programs_account(
    on_program, django_capture_on_commit_callbacks
):
    cast, label, _label_fr, others = on_program
    number = cast.wsib_account.account_number
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
        registration_submit(registration=registration, by=cast.smr)
        registration_confirm(registration=registration, by=cast.admin)
    texts = [m.subject + "\n" + m.body for m in mail.outbox]
    texts += [m.subject + "\n" + m.body for m in InboxMessage.objects.all()]
    assert any(f"COR registration confirmed: {label} {number}" in t for t in texts)
    assert any(f"Registration received: {label} {number}" in t for t in texts)
    for text in texts:
        _absent(text, others)
    registration.refresh_from_db()
    with translation.override("en-ca"):
        letter = render_to_string(
            "certification/pdf/registration_confirmation.html",
            registration_confirmation_context(registration),
        )
    assert f"{label} account {number}" in letter and f"{label} account number" in letter
    _absent(letter, others)


def test_a_french_reader_of_an_ontario_e_mail_reads_cspaat(
    cast, django_capture_on_commit_callbacks
):
    cast.smr.language = "fr-ca"
    cast.smr.save(update_fields=["language"])
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    registration_submit(registration=registration, by=cast.smr)
    with django_capture_on_commit_callbacks(execute=True):
        registration_confirm(registration=registration, by=cast.admin)
    to_smr = [m for m in mail.outbox if m.to == [cast.smr.email]]
    assert to_smr and "CSPAAT" in to_smr[0].subject and "WSIB" not in to_smr[0].subject


def test_the_staff_registration_page_names_the_programs_account(client, on_program):
    cast, label, _label_fr, _others = on_program
    registration = registration_start(wsib_account=cast.wsib_account, facts=FACTS, by=cast.smr)
    registration_submit(registration=registration, by=cast.smr)
    client.force_login(cast.admin)
    text = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert f"Check the {label} account and firm numbers" in text
    assert f"{label} account number" in text


def test_a_changed_label_shows_on_the_next_request(client, cast):
    """The label is read per request: a change made elsewhere (another process; here an
    UPDATE that sends no signal) is on the very next page."""
    client.force_login(cast.smr)
    url = reverse("wsib_account_list")
    assert "WSIB accounts" in client.get(url).content.decode()
    Program.objects.filter(code="ihsa").update(account_label="WSIB-ON")
    assert "WSIB-ON accounts" in client.get(url).content.decode()
    Program.objects.filter(code="ihsa").update(account_label="WSIB")
    assert "WSIB-ON" not in client.get(url).content.decode()


def test_the_label_is_read_once_per_request_and_fresh_outside_one():
    open_label_memo()
    try:
        with CaptureQueriesContext(connection) as queries:
            for _ in range(5):
                account_label_of("acsa")
                account_label_text("ihsa")
        assert len(queries) == 1
        Program.objects.filter(code="acsa").update(account_label="WCB-AB")
        assert account_label_of("acsa") == "WCB"  # the same request: its memo
    finally:
        close_label_memo()
    assert account_label_of("acsa") == "WCB-AB"  # no request: read fresh
    with translation.override("fr-ca"):
        assert account_label_of("ihsa") == "CSPAAT"
        assert str(account_label_text("ihsa")) == "CSPAAT"


def _formats():
    from certification.models.programs import account_formats

    return account_formats()


def test_bulk_verification_takes_each_programs_numbers():
    parsed = parse_bulk_numbers(["1234567,630000101,COR-2026-000001"], _formats())
    assert parsed.wsib_numbers == ["1234567", "630000101"]
    assert parsed.certificate_numbers == ["COR-2026-000001"]


@pytest.mark.parametrize("bad", ["123456", "6300001010", "12AB567"])
def test_bulk_verification_refuses_a_number_of_no_program(bad):
    with pytest.raises(DomainError) as refused:
        parse_bulk_numbers([f"1234567,{bad}"], _formats())
    message = str(refused.value.message)
    assert "WSIB: 7 digits; WCB: 7 to 9 digits" in message
    assert message.endswith(f": {bad}.")


def test_bulk_verification_api_checks_each_programs_format(cast):
    from certification.services.registry import registry_client_create, registry_key_issue

    client = registry_client_create(name="Safety Registry", rate_per_minute=100, by=cast.admin)
    _token, secret = registry_key_issue(client=client, by=cast.admin)
    api = keyed(secret)
    answer = api.get(VERIFY, {"numbers": "630000101,1234567"})
    assert answer.status_code == 200
    assert [r["status"] for r in answer.json()["results"]] == ["not_found", "not_found"]
    refused = api.get(VERIFY, {"numbers": "6300001010"})
    assert refused.status_code == 400
    assert refused.json() == {
        "numbers": [
            "Not an account number (WSIB: 7 digits; WCB: 7 to 9 digits) or a certificate "
            "number (COR-YYYY-NNNNNN): 6300001010."
        ]
    }


def test_the_ohs_performance_import_takes_each_programs_numbers():
    from oversight.performance_csv import parse

    text = "wsib_account,year,hours_worked,lost_time_claims,modified_work_claims\n"
    text += "630000101,2025,1000,0,0\n6300001010,2025,1000,0,0\n"
    rows, errors = parse(text, None, _formats())
    assert [r.wsib_account for r in rows] == ["630000101"]
    assert len(errors) == 1 and "WCB: 7 to 9 digits" in errors[0].message
