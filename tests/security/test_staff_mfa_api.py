"""Staff MFA holds on the session-authenticated API too (issue 7 item 3): a reviewer or an
external auditor logged in with a password only, without a second factor set up, gets 403
from every /api/v1/ endpoint — reading and writing — once REQUIRE_STAFF_MFA is on."""

import pytest
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db
MESSAGE = "Set up two-factor authentication in the portal before using the API."


@pytest.fixture
def required(settings):
    settings.REQUIRE_STAFF_MFA = True


@pytest.mark.parametrize("who", ["reviewer", "admin", "auditor"])
@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/audits/", "/api/v1/organizations/"])
def test_session_api_without_a_second_factor_is_refused(client, cast, required, who, url):
    client.force_login(getattr(cast, who))
    response = client.get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": MESSAGE}


def test_session_api_writes_are_refused_too(client, cast, required):
    client.force_login(cast.reviewer)
    response = client.post("/api/v1/audits/1/pre-assess/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": MESSAGE}


def test_with_a_second_factor_the_session_api_answers(client, cast, required):
    Authenticator.objects.create(user=cast.reviewer, type=Authenticator.Type.TOTP, data={})
    client.force_login(cast.reviewer)
    assert client.get("/api/v1/audits/").status_code == 200


def test_employers_are_not_asked_for_a_second_factor(client, cast, required):
    client.force_login(cast.smr)
    assert client.get("/api/v1/audits/").status_code == 200


def test_off_by_setting_the_session_api_answers_staff(client, cast, settings):
    settings.REQUIRE_STAFF_MFA = False
    client.force_login(cast.reviewer)
    assert client.get("/api/v1/audits/").status_code == 200


def test_the_token_endpoint_stays_reachable(client, cast, required):
    # Anonymous by definition; it answers with its own two-factor message.
    response = client.post(
        "/api/v1/auth/token/",
        {"username": cast.reviewer.username, "password": "correct horse battery staple"},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.46",
    )
    assert response.status_code == 400
    assert "two-factor" in response.json()["non_field_errors"][0]
