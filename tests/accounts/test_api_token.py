"""POST /api/v1/auth/token/ → {"token", "id", "expiry"}; then Authorization: Token …
[SPEC §12]. Tokens are django-rest-knox tokens stored hashed (accounts.ApiToken)."""

import pytest
from django.core.cache import cache

from cor_portal.accounts.models import ApiToken as Token
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The endpoint's per-address history lives in Redis for a minute: start each test
    # without what an earlier test or run (or another xdist worker) left for 127.0.0.1.
    cache.delete("throttle_token_127.0.0.1")


@pytest.mark.parametrize("by", ["username", "email"])
def test_token_by_username_or_email_then_token_auth_works(api_client, cast, by):
    user = cast.smr
    response = api_client.post(
        URL, {"username": getattr(user, by), "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    stored = Token.objects.get(user=user)
    assert str(stored.public_id) == response.json()["id"]
    assert token not in (stored.digest, stored.token_key)  # only its hash is stored
    assert api_client.get("/api/v1/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    root = api_client.get("/api/v1/")
    assert root.status_code == 200
    assert isinstance(root.json(), dict)


def test_a_new_token_on_each_request(api_client, cast):
    # Changed with issue 7 (knox): each call issues a token of its own, so one can be revoked
    # without the others; the old "same token forever" behaviour is gone.
    first = api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD})
    second = api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD})
    assert first.json()["token"] != second.json()["token"]
    assert Token.objects.filter(user=cast.smr).count() == 2


def test_wrong_password_is_400_with_a_message(api_client, cast):
    response = api_client.post(
        URL, {"username": cast.smr.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The username or password is not correct."]}
    assert not Token.objects.filter(user=cast.smr).exists()


def test_missing_fields_are_named(api_client):
    response = api_client.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_inactive_user_gets_no_token(api_client, cast):
    cast.smr.is_active = False
    cast.smr.save(update_fields=["is_active"])
    response = api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD})
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get("/api/v1/").status_code == 401


def test_token_endpoint_is_throttled(api_client, cast, settings):
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    assert ScopedRateThrottle.THROTTLE_RATES["token"] == "10/min"
    codes = [
        api_client.post(URL, {"username": cast.smr.username, "password": "nope"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    # Even the right password waits.
    ok = api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD})
    assert ok.status_code == 429
    cache.clear()


def _totp_for(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _current_code(secret):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_user_with_mfa_must_send_the_code(api_client, cast):
    secret = _totp_for(cast.reviewer)
    creds = {"username": cast.reviewer.username, "password": PASSWORD}
    missing = api_client.post(URL, creds, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"code": ["Enter the code from your authenticator app."]}
    wrong = api_client.post(URL, {**creds, "code": "000000"}, format="json")
    assert wrong.status_code == 400
    assert not Token.objects.exists()
    ok = api_client.post(URL, {**creds, "code": _current_code(secret)}, format="json")
    assert ok.status_code == 200
    assert str(Token.objects.get(user=cast.reviewer).public_id) == ok.json()["id"]


def test_staff_without_mfa_get_no_token_when_mfa_is_required(api_client, cast, settings):
    settings.REQUIRE_STAFF_MFA = True
    response = api_client.post(URL, {"username": cast.reviewer.username, "password": PASSWORD})
    assert response.status_code == 400
    assert "two-factor" in response.json()["non_field_errors"][0]
    assert not Token.objects.exists()
    # Employers (and registry clients) are not asked for a second factor.
    assert (
        api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD}).status_code
        == 200
    )
