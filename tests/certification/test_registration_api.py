"""The API for organizations, WSIB accounts and registrations: the cast against every
endpoint, errors per field, and other organizations' objects answering 404."""

import pytest
from rest_framework.test import APIClient

from certification.models import Organization, Registration, WsibAccount
from tests.factories import CAST_ROLES as ROLES
from tests.factories import RegistrationFactory, WsibAccountFactory

pytestmark = pytest.mark.django_db

FACTS = {
    "applicant_name": "Pat Applicant",
    "applicant_email": "pat@applicant.test",
    "workers": 9,
    "declaration_accepted": True,
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _submitted(cast) -> Registration:
    return RegistrationFactory(
        wsib_account=cast.wsib_account,
        status="submitted",
        submitted_at="2026-11-10T15:00Z",
        received_on="2026-11-10",
        created_by=cast.smr,
    )


def _expect(table: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(c) for c in table.split()), strict=True))


READ = _expect("200 200 200 404 404 200 200")


@pytest.mark.parametrize("role", ROLES)
def test_organization_list_shows_only_what_the_user_may_see(cast, role):
    response = client_for(cast.all()[role]).get("/api/v1/organizations/")
    assert response.status_code == 200
    names = {o["legal_name"] for o in response.json()["results"]}
    expected = {
        "smr": {cast.organization.legal_name},
        "internal_auditor": {cast.organization.legal_name},
        "viewer": {cast.organization.legal_name},
        "outsider": {cast.other_organization.legal_name},
        "auditor": set(),
        "reviewer": {cast.organization.legal_name, cast.other_organization.legal_name},
        "admin": {cast.organization.legal_name, cast.other_organization.legal_name},
    }[role]
    assert names == expected


@pytest.mark.parametrize("role", ROLES)
def test_organization_retrieve_and_patch(cast, role):
    client = client_for(cast.all()[role])
    url = f"/api/v1/organizations/{cast.organization.pk}/"
    assert client.get(url).status_code == READ[role]
    response = client.patch(url, {"workers": 77}, format="json")
    expected = _expect("200 403 403 404 404 403 403")[role]
    assert response.status_code == expected
    workers = Organization.objects.get(pk=cast.organization.pk).workers
    assert workers == (77 if expected == 200 else 40)
    if expected == 200:
        assert response.json()["workers"] == 77


def test_organization_patch_bad_value_names_field(cast):
    response = client_for(cast.smr).patch(
        f"/api/v1/organizations/{cast.organization.pk}/", {"sector": "mining"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["sector"]


@pytest.mark.parametrize("role", ROLES)
def test_wsib_account_retrieve(cast, role):
    response = client_for(cast.all()[role]).get(f"/api/v1/wsib-accounts/{cast.wsib_account.pk}/")
    assert response.status_code == READ[role]
    if READ[role] == 200:
        assert response.json()["account_number"] == cast.wsib_account.account_number


@pytest.mark.parametrize("role", ROLES)
def test_wsib_account_create(cast, role):
    response = client_for(cast.all()[role]).post(
        "/api/v1/wsib-accounts/",
        {"account_number": "0456789", "firm_number": "0000321"},
        format="json",
    )
    expected = _expect("201 403 403 201 403 403 403")[role]
    assert response.status_code == expected
    created = WsibAccount.objects.filter(account_number="0456789").first()
    if expected == 201:
        assert response.json()["account_number"] == "0456789"
        own = cast.organization if role == "smr" else cast.other_organization
        assert created.organization == own
    else:
        assert created is None


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"account_number": "12a4567", "firm_number": "1234567"},
            {"account_number": ["Use digits only (0–9), no letters or punctuation."]},
        ),
        (
            {"account_number": "123 4567", "firm_number": "1234567"},
            {"account_number": ["Enter the number without spaces."]},
        ),
        (
            {"account_number": "1234567", "firm_number": "123456"},
            {"firm_number": ["The number must be exactly 7 digits; this one has 6."]},
        ),
    ],
)
def test_wsib_account_create_bad_numbers(cast, body, errors):
    before = WsibAccount.objects.count()
    response = client_for(cast.smr).post("/api/v1/wsib-accounts/", body, format="json")
    assert (response.status_code, response.json()) == (400, errors)
    assert WsibAccount.objects.count() == before


def test_wsib_account_create_already_registered(cast):
    response = client_for(cast.smr).post(
        "/api/v1/wsib-accounts/",
        {"account_number": cast.other_wsib_account.account_number, "firm_number": "1234567"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "account_number": ["This WSIB account number is already registered."]
    }


def test_registration_create_submit_confirm_through_the_api(
    cast, django_capture_on_commit_callbacks
):
    smr, admin = client_for(cast.smr), client_for(cast.admin)
    response = smr.post(
        "/api/v1/registrations/", {"wsib_account": cast.wsib_account.pk, **FACTS}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert response.json()["confirmation_letter_url"] is None
    response = smr.patch(f"/api/v1/registrations/{pk}/", {"workers": 10}, format="json")
    assert (response.status_code, response.json()["workers"]) == (200, 10)
    response = smr.post(f"/api/v1/registrations/{pk}/submit/")
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
    assert response.json()["received_on"] is not None
    # Not editable once submitted.
    response = smr.patch(f"/api/v1/registrations/{pk}/", {"workers": 11}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ["A submitted registration cannot be edited."]}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/api/v1/registrations/{pk}/confirm/")
    assert (response.status_code, response.json()["status"]) == (200, "confirmed")
    assert response.json()["confirmation_letter_url"] == (
        f"http://testserver/registrations/{pk}/confirmation-letter.pdf"
    )


def test_second_registration_in_flight_via_api(cast):
    RegistrationFactory(wsib_account=cast.wsib_account, created_by=cast.smr)
    response = client_for(cast.smr).post(
        "/api/v1/registrations/", {"wsib_account": cast.wsib_account.pk, **FACTS}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "wsib_account": ["This WSIB account already has a registration in progress."]
    }


def test_registration_for_another_organizations_account_is_refused(cast):
    response = client_for(cast.smr).post(
        "/api/v1/registrations/",
        {"wsib_account": cast.other_wsib_account.pk, **FACTS},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["wsib_account"]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_registration_retrieve_and_list(cast, role):
    registration = _submitted(cast)
    other = RegistrationFactory(wsib_account=cast.other_wsib_account)
    client = client_for(cast.all()[role])
    assert client.get(f"/api/v1/registrations/{registration.pk}/").status_code == READ[role]
    ids = {r["id"] for r in client.get("/api/v1/registrations/").json()["results"]}
    expected = {
        "smr": {registration.pk},
        "internal_auditor": {registration.pk},
        "viewer": {registration.pk},
        "outsider": {other.pk},
        "auditor": set(),
        "reviewer": {registration.pk, other.pk},
        "admin": {registration.pk, other.pk},
    }[role]
    assert ids == expected


@pytest.mark.parametrize("role", ROLES)
def test_submit_action_cast(cast, role):
    registration = RegistrationFactory(wsib_account=cast.wsib_account, created_by=cast.smr)
    response = client_for(cast.all()[role]).post(f"/api/v1/registrations/{registration.pk}/submit/")
    expected = _expect("200 403 403 404 404 403 403")[role]
    assert response.status_code == expected
    status = Registration.objects.get(pk=registration.pk).status
    assert status == ("submitted" if expected == 200 else "draft")


@pytest.mark.parametrize("role", ROLES)
def test_confirm_action_cast(cast, role):
    registration = _submitted(cast)
    response = client_for(cast.all()[role]).post(
        f"/api/v1/registrations/{registration.pk}/confirm/"
    )
    expected = _expect("403 403 403 404 404 403 200")[role]
    assert response.status_code == expected
    status = Registration.objects.get(pk=registration.pk).status
    assert status == ("confirmed" if expected == 200 else "submitted")


def test_employer_confirming_other_organizations_registration_gets_404(cast):
    other = RegistrationFactory(
        wsib_account=cast.other_wsib_account,
        status="submitted",
        submitted_at="2026-11-10T15:00Z",
    )
    response = client_for(cast.smr).post(f"/api/v1/registrations/{other.pk}/confirm/")
    assert response.status_code == 404
    assert Registration.objects.get(pk=other.pk).status == "submitted"


def test_confirming_a_draft_via_api_is_a_clear_400(cast):
    registration = RegistrationFactory(wsib_account=cast.wsib_account)
    response = client_for(cast.admin).post(f"/api/v1/registrations/{registration.pk}/confirm/")
    assert response.status_code == 400
    assert response.json() == {
        "status": [
            "Only a submitted or resubmitted registration can be confirmed; this one is draft."
        ]
    }
    assert Registration.objects.get(pk=registration.pk).status == "draft"


@pytest.mark.parametrize("role", ROLES)
def test_request_reregistration_cast(cast, role):
    registration = _submitted(cast)
    response = client_for(cast.all()[role]).post(
        f"/api/v1/registrations/{registration.pk}/request-reregistration/",
        {"reason": "Firm number mismatch"},
        format="json",
    )
    expected = _expect("403 403 403 404 404 403 200")[role]
    assert response.status_code == expected
    registration.refresh_from_db()
    if expected == 200:
        assert registration.status == "reregistration_requested"
        assert registration.reregistration_reason == "Firm number mismatch"
    else:
        assert registration.status == "submitted"


def test_request_reregistration_without_reason(cast):
    registration = _submitted(cast)
    response = client_for(cast.admin).post(
        f"/api/v1/registrations/{registration.pk}/request-reregistration/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["Say what was wrong so the organization can correct it."]}
    assert Registration.objects.get(pk=registration.pk).status == "submitted"


def test_registration_list_query_count_is_constant(cast, django_assert_max_num_queries):
    for _ in range(30):
        RegistrationFactory(
            wsib_account=WsibAccountFactory(organization=cast.organization), created_by=cast.smr
        )
    client = client_for(cast.admin)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/registrations/")
    assert response.json()["count"] == 30
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/wsib-accounts/")
    assert len(response.json()["results"]) == 32  # keyset pages: no count


def test_filtering_by_another_organizations_account_looks_like_an_unknown_id(cast):
    RegistrationFactory(wsib_account=cast.other_wsib_account)
    client = client_for(cast.smr)
    theirs = client.get("/api/v1/registrations/", {"wsib_account": cast.other_wsib_account.pk})
    unknown = client.get("/api/v1/registrations/", {"wsib_account": 999999})
    assert (theirs.status_code, theirs.json()["count"]) == (200, 0)
    assert (unknown.status_code, unknown.json()["count"]) == (200, 0)
    accounts = client.get("/api/v1/wsib-accounts/", {"organization": cast.other_organization.pk})
    assert (accounts.status_code, accounts.json()["results"]) == (200, [])
    mine = client.get("/api/v1/wsib-accounts/", {"organization": cast.organization.pk})
    assert [a["id"] for a in mine.json()["results"]] == [cast.wsib_account.pk]
