"""Pages for organizations, WSIB accounts and registrations: the permission cast against
every page, forms with clear errors, nothing changing on refusal, and constant queries."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from certification.models import Organization, Registration, WsibAccount
from cor_portal.documents.models import GeneratedDocument
from tests.factories import CAST_ROLES as ROLES
from tests.factories import RegistrationFactory, WsibAccountFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, folder: Path) -> str:
    """The text of a PDF, as poppler's pdftotext reads it."""
    pdf = folder / "document.pdf"
    pdf.write_bytes(data)
    command = [shutil.which("pdftotext") or "/usr/bin/pdftotext", "-layout", str(pdf), "-"]
    # Our own temporary file and a fixed command: nothing untrusted reaches the shell.
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def _expect(table: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(c) for c in table.split()), strict=True))


def _registration(cast, status: str) -> Registration:
    extra = {}
    if status != "draft":
        extra |= {"submitted_at": "2026-11-10T15:00Z", "received_on": "2026-11-10"}
    if status == "confirmed":
        extra |= {"confirmed_at": "2026-11-12T15:00Z", "confirmed_by": cast.admin}
    if status == "reregistration_requested":
        extra["reregistration_reason"] = "Firm number mismatch"
    return RegistrationFactory(
        wsib_account=cast.wsib_account, status=status, created_by=cast.smr, **extra
    )


# (url builder, expected codes for ROLES in order)
GET_PAGES = {
    "own organization": (
        lambda c, r: reverse("organization_detail"),
        "200 200 200 200 404 404 404",
    ),
    "organization by id": (
        lambda c, r: reverse("organization_detail", args=[c.organization.pk]),
        "200 200 200 404 404 200 200",
    ),
    "organization edit": (lambda c, r: reverse("organization_edit"), "200 403 403 200 404 404 404"),
    "account list": (lambda c, r: reverse("wsib_account_list"), "200 200 200 200 200 200 200"),
    "account add": (lambda c, r: reverse("wsib_account_create"), "200 403 403 200 403 403 403"),
    "account detail": (
        lambda c, r: reverse("wsib_account_detail", args=[c.wsib_account.pk]),
        "200 200 200 404 404 200 200",
    ),
    "account edit": (
        lambda c, r: reverse("wsib_account_edit", args=[c.wsib_account.pk]),
        "200 403 403 404 404 403 403",
    ),
    "registration detail": (
        lambda c, r: reverse("registration_detail", args=[r.pk]),
        "200 200 200 404 404 200 200",
    ),
    "registration edit": (
        lambda c, r: reverse("registration_edit", args=[r.pk]),
        "200 403 403 404 404 403 403",
    ),
    "registration submit": (
        lambda c, r: reverse("registration_submit", args=[r.pk]),
        "200 403 403 404 404 403 403",
    ),
    "queue": (lambda c, r: reverse("registration_queue"), "403 403 403 403 403 200 200"),
}


@pytest.mark.parametrize("page", list(GET_PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_get_pages_cast(client, cast, page, role):
    registration = _registration(cast, "draft")
    url_of, table = GET_PAGES[page]
    client.force_login(cast.all()[role])
    response = client.get(url_of(cast, registration))
    assert response.status_code == _expect(table)[role]


def test_registration_create_page_cast(client, cast):
    url = reverse("registration_create", args=[cast.wsib_account.pk])
    for role, code in _expect("200 403 403 404 404 403 403").items():
        client.force_login(cast.all()[role])
        assert client.get(url).status_code == code, role


def test_content_of_the_account_list_is_scoped(client, cast):
    for role, sees_ours, sees_theirs in [
        ("smr", True, False),
        ("viewer", True, False),
        ("outsider", False, True),
        ("auditor", False, False),
        ("reviewer", True, True),
        ("admin", True, True),
    ]:
        client.force_login(cast.all()[role])
        html = client.get(reverse("wsib_account_list")).content.decode()
        assert (cast.wsib_account.account_number in html) is sees_ours, role
        assert (cast.other_wsib_account.account_number in html) is sees_theirs, role


@pytest.mark.parametrize(
    ("role", "edit", "submit", "verify"),
    [
        ("smr", True, True, False),
        ("internal_auditor", False, False, False),
        ("viewer", False, False, False),
        ("reviewer", False, False, False),
        ("admin", False, False, True),
    ],
)
def test_detail_shows_only_allowed_actions(client, cast, role, edit, submit, verify):
    draft = _registration(cast, "draft")
    client.force_login(cast.all()[role])
    html = client.get(reverse("registration_detail", args=[draft.pk])).content.decode()
    assert (reverse("registration_edit", args=[draft.pk]) in html) is edit
    assert (reverse("registration_submit", args=[draft.pk]) in html) is submit
    Registration.objects.filter(pk=draft.pk).update(
        status="submitted", submitted_at="2026-11-10T15:00Z", received_on="2026-11-10"
    )
    html = client.get(reverse("registration_detail", args=[draft.pk])).content.decode()
    assert (reverse("registration_confirm", args=[draft.pk]) in html) is verify
    assert (reverse("registration_edit", args=[draft.pk]) in html) is False


@pytest.mark.parametrize("role", ["internal_auditor", "viewer"])
def test_posts_by_readers_are_refused_and_change_nothing(client, cast, role):
    draft = _registration(cast, "draft")
    client.force_login(cast.all()[role])
    posts = [
        (
            reverse("organization_edit"),
            {"legal_name": "Hijacked", "sector": "construction", "province": "ON", "workers": 1},
        ),
        (reverse("wsib_account_create"), {"account_number": "0111111", "firm_number": "0222222"}),
        (
            reverse("wsib_account_edit", args=[cast.wsib_account.pk]),
            {"account_number": "0111111", "firm_number": "0222222"},
        ),
        (
            reverse("registration_edit", args=[draft.pk]),
            {"applicant_name": "X", "applicant_email": "x@x.test", "workers": 3},
        ),
        (reverse("registration_submit", args=[draft.pk]), {}),
        (reverse("registration_confirm", args=[draft.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Organization.objects.get(pk=cast.organization.pk).legal_name != "Hijacked"
    assert not WsibAccount.objects.filter(account_number="0111111").exists()
    draft.refresh_from_db()
    assert (draft.status, draft.applicant_name) == ("draft", "Pat Applicant")


def test_smr_adds_an_account_and_lands_on_the_registration_form(client, cast):
    client.force_login(cast.smr)
    response = client.post(
        reverse("wsib_account_create"),
        {
            "account_number": "0034567",
            "firm_number": "0076543",
            "ohsms_in_place_since": "2024-02-01",
        },
    )
    account = WsibAccount.objects.get(account_number="0034567")
    assert account.organization == cast.organization
    assert response.status_code == 302
    assert response["Location"] == reverse("registration_create", args=[account.pk])


@pytest.mark.parametrize(
    ("account_number", "message"),
    [
        ("12a4567", "Use digits only (0–9), no letters or punctuation."),
        ("123 4567", "Enter the number without spaces."),
        ("123456", "The number must be exactly 7 digits; this one has 6."),
        ("already", "This WSIB account number is already registered."),
    ],
)
def test_account_form_errors_are_shown_beside_the_field(client, cast, account_number, message):
    if account_number == "already":
        account_number = cast.other_wsib_account.account_number
    client.force_login(cast.smr)
    before = WsibAccount.objects.count()
    response = client.post(
        reverse("wsib_account_create"), {"account_number": account_number, "firm_number": "1234567"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"account_number": [message]}
    assert message in response.content.decode()
    assert cast.other_organization.legal_name not in response.content.decode()
    assert WsibAccount.objects.count() == before


def test_registration_start_edit_submit_pages(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.smr)
    facts = {"applicant_name": "Pat", "applicant_email": "pat@a.test", "workers": 5}
    response = client.post(reverse("registration_create", args=[cast.wsib_account.pk]), facts)
    registration = Registration.objects.get(wsib_account=cast.wsib_account)
    assert response["Location"] == reverse("registration_detail", args=[registration.pk])
    # Without the declaration the submit page says what is missing and submitting is refused.
    submit_url = reverse("registration_submit", args=[registration.pk])
    html = client.get(submit_url).content.decode()
    assert "Confirm that the application is complete and accurate before submitting." in html
    response = client.post(submit_url)
    assert response.status_code == 400
    assert Registration.objects.get(pk=registration.pk).status == "draft"
    client.post(
        reverse("registration_edit", args=[registration.pk]),
        {**facts, "declaration_accepted": "on"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "submitted"
    assert "pat@a.test" in [m.to[0] for m in mailoutbox]
    # A second registration for the same account is refused with a clear message.
    response = client.post(reverse("registration_create", args=[cast.wsib_account.pk]), facts)
    assert response.status_code == 400
    assert "This WSIB account already has a registration in progress." in response.content.decode()


def test_queue_is_sorted_by_received_date_and_admin_confirms_from_it(client, cast):
    late = RegistrationFactory(
        wsib_account=cast.wsib_account,
        status="submitted",
        submitted_at="2026-11-15T15:00Z",
        received_on="2026-11-15",
    )
    early = RegistrationFactory(
        wsib_account=cast.other_wsib_account,
        status="resubmitted",
        submitted_at="2026-11-02T15:00Z",
        received_on="2026-11-02",
    )
    RegistrationFactory(wsib_account=WsibAccountFactory(organization=cast.organization))  # draft
    client.force_login(cast.admin)
    response = client.get(reverse("registration_queue"))
    assert [r.pk for r in response.context["page"].object_list] == [early.pk, late.pk]
    html = response.content.decode()
    assert reverse("registration_confirm", args=[early.pk]) in html
    response = client.post(
        reverse("registration_confirm", args=[early.pk]), {"next": reverse("registration_queue")}
    )
    assert response["Location"] == reverse("registration_queue")
    assert Registration.objects.get(pk=early.pk).status == "confirmed"
    # Re-registration needs a reason.
    url = reverse("registration_request_reregistration", args=[late.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Say what was wrong so the organization can correct it." in response.content.decode()
    assert Registration.objects.get(pk=late.pk).status == "submitted"
    client.post(url, {"reason": "Wrong firm number"})
    late.refresh_from_db()
    assert (late.status, late.reregistration_reason) == (
        "reregistration_requested",
        "Wrong firm number",
    )


def test_reviewer_sees_queue_without_decision_buttons(client, cast):
    registration = _registration(cast, "submitted")
    client.force_login(cast.reviewer)
    html = client.get(reverse("registration_queue")).content.decode()
    assert cast.wsib_account.account_number in html
    assert reverse("registration_confirm", args=[registration.pk]) not in html


def test_reregistration_reason_is_shown_to_the_organization(client, cast):
    registration = _registration(cast, "reregistration_requested")
    client.force_login(cast.viewer)
    html = client.get(reverse("registration_detail", args=[registration.pk])).content.decode()
    assert "Firm number mismatch" in html


@pytest.mark.parametrize("role", ROLES)
def test_confirmation_letter_download_cast(client, cast, role):
    registration = _registration(cast, "confirmed")
    client.force_login(cast.all()[role])
    response = client.get(reverse("registration_confirmation_letter", args=[registration.pk]))
    assert response.status_code == _expect("200 200 200 404 404 200 200")[role]
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "RCL-2026-000001.pdf" in response["Content-Disposition"]


def test_letter_is_generated_once_and_contains_the_facts(client, cast, tmp_path):
    registration = _registration(cast, "confirmed")
    client.force_login(cast.smr)
    url = reverse("registration_confirmation_letter", args=[registration.pk])
    first = b"".join(client.get(url).streaming_content)
    second = b"".join(client.get(url).streaming_content)
    assert first == second
    assert GeneratedDocument.objects.filter(kind="registration_confirmation").count() == 1
    text = pdf_text(first, tmp_path)
    account = cast.wsib_account
    for fact in (
        account.account_number,
        account.firm_number,
        cast.organization.legal_name,
        cast.organization.operating_name,
        "2026-11-12",
        "RCL-2026-000001",  # the first of the kind this year
        "bidding",
    ):
        assert fact in text, fact


def test_no_letter_before_confirmation(client, cast):
    registration = _registration(cast, "submitted")
    client.force_login(cast.smr)
    response = client.get(reverse("registration_confirmation_letter", args=[registration.pk]))
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_queue_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    for i in range(40):
        account = WsibAccountFactory(
            organization=cast.organization if i % 2 else cast.other_organization
        )
        RegistrationFactory(
            wsib_account=account,
            status="submitted",
            submitted_at="2026-11-10T15:00Z",
            received_on="2026-11-10",
        )
    client.force_login(cast.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registration_queue"))
    assert len(response.context["page"].object_list) == 40


@pytest.mark.parametrize("role", ["smr", "admin"])
def test_account_list_query_count_does_not_grow(client, cast, role, django_assert_max_num_queries):
    for _ in range(40):
        account = WsibAccountFactory(organization=cast.organization)
        RegistrationFactory(wsib_account=account, status="draft")
    client.force_login(cast.all()[role])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("wsib_account_list"))
    assert len(response.context["page"].object_list) == (41 if role == "smr" else 42)


def test_organization_edit_records_history_shown_on_the_page(client, cast):
    client.force_login(cast.smr)
    response = client.post(
        reverse("organization_edit"),
        {
            "legal_name": cast.organization.legal_name,
            "operating_name": "Renamed Ops",
            "sector": "construction",
            "province": "ON",
            "workers": 40,
            "city": "Toronto",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("organization_detail")).content.decode()
    assert "Renamed Ops" in html
    assert "Organization updated" in html


@pytest.mark.parametrize(
    ("role", "manages"),
    [("smr", True), ("internal_auditor", False), ("viewer", False), ("admin", False)],
)
def test_readers_see_no_edit_links_on_organization_and_account(client, cast, role, manages):
    client.force_login(cast.all()[role])
    org_url = (
        reverse("organization_detail")
        if role != "admin"
        else reverse("organization_detail", args=[cast.organization.pk])
    )
    html = client.get(org_url).content.decode()
    assert (reverse("organization_edit") in html) is manages
    assert (reverse("wsib_account_create") in html) is manages
    html = client.get(reverse("wsib_account_detail", args=[cast.wsib_account.pk])).content.decode()
    assert (reverse("wsib_account_edit", args=[cast.wsib_account.pk]) in html) is manages
    assert (reverse("registration_create", args=[cast.wsib_account.pk]) in html) is manages


def test_staff_search_the_account_list(client, cast):
    client.force_login(cast.reviewer)
    response = client.get(reverse("wsib_account_list"), {"q": cast.wsib_account.account_number})
    assert [a.pk for a in response.context["page"].object_list] == [cast.wsib_account.pk]
    response = client.get(reverse("wsib_account_list"), {"q": cast.other_organization.legal_name})
    assert [a.pk for a in response.context["page"].object_list] == [cast.other_wsib_account.pk]


def test_numbers_locked_message_on_the_account_form(client, cast):
    _registration(cast, "submitted")
    client.force_login(cast.smr)
    response = client.post(
        reverse("wsib_account_edit", args=[cast.wsib_account.pk]),
        {"account_number": cast.wsib_account.account_number, "firm_number": "0000009"},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["firm_number"]
    assert WsibAccount.objects.get(pk=cast.wsib_account.pk).firm_number != "0000009"


@pytest.mark.parametrize("role", ROLES)
def test_confirm_and_reregistration_posts_cast(client, cast, role):
    registration = _registration(cast, "submitted")
    client.force_login(cast.all()[role])
    expected = _expect("403 403 403 404 404 403 302")[role]
    url = reverse("registration_request_reregistration", args=[registration.pk])
    assert client.post(url, {"reason": "Wrong number"}).status_code == expected
    assert Registration.objects.get(pk=registration.pk).status == (
        "reregistration_requested" if expected == 302 else "submitted"
    )
    Registration.objects.filter(pk=registration.pk).update(status="submitted")
    response = client.post(reverse("registration_confirm", args=[registration.pk]))
    assert response.status_code == expected
    assert Registration.objects.get(pk=registration.pk).status == (
        "confirmed" if expected == 302 else "submitted"
    )
    # The method is refused before any lookup, so 405 says nothing about the object.
    assert client.get(reverse("registration_confirm", args=[registration.pk])).status_code == 405
