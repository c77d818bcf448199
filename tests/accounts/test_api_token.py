"""POST /api/v1/auth/token/ → {"token"}; then Authorization: Token … [SPEC §12]."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


@pytest.mark.parametrize("by", ["username", "email"])
def test_token_by_username_or_email_then_token_auth_works(api_client, cast, by):
    user = cast.smr
    response = api_client.post(
        URL, {"username": getattr(user, by), "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token
    assert api_client.get("/api/v1/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    root = api_client.get("/api/v1/")
    assert root.status_code == 200
    assert isinstance(root.json(), dict)


def test_same_token_on_second_request(api_client, cast):
    first = api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD})
    second = api_client.post(URL, {"username": cast.smr.username, "password": PASSWORD})
    assert first.json()["token"] == second.json()["token"]


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
