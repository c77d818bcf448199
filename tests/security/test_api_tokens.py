"""API tokens (issue 7 item 5 of the issue, lane item 4): stored hashed, expire, rotated on
password change and second-factor set-up, revoked on logout, listed and revoked by their
owner only, refused for staff without the second factor their role requires."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.utils import timezone
from rest_framework.test import APIClient

from cor_portal.accounts.models import ApiToken
from cor_portal.history.models import HistoryEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
# An address of these tests' own, so their many token requests leave no throttle history
# for 127.0.0.1, which tests/accounts/test_api_token.py counts on.
ADDRESS = "192.0.2.44"


@pytest.fixture(autouse=True)
def _no_throttle(monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    # The endpoint's 10/min per address is tested in tests/accounts; here tokens are issued a lot.
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "token", "1000/min")


def issue(user, name="") -> dict:
    response = APIClient().post(
        TOKEN,
        {"username": user.username, "password": PASSWORD, "name": name},
        format="json",
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 200, response.content
    return response.json()


def with_token(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def works(secret: str) -> bool:
    return with_token(secret).get("/api/v1/audits/").status_code == 200


def test_only_a_hash_is_stored(cast):
    secret = issue(cast.smr)["token"]
    row = ApiToken.objects.get(user=cast.smr)
    assert secret not in row.digest
    assert len(row.digest) == 128  # SHA-512
    assert works(secret)


def test_a_token_expires(cast, settings):
    issued = issue(cast.smr)
    assert issued["expiry"] is not None
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    with time_machine.travel(timezone.now() + ttl - timedelta(minutes=1), tick=False):
        assert works(issued["token"])
    with time_machine.travel(timezone.now() + ttl + timedelta(minutes=1), tick=False):
        assert with_token(issued["token"]).get("/api/v1/audits/").status_code == 401
    assert not ApiToken.objects.exists()


def test_a_password_change_ends_older_tokens_however_it_is_changed(cast, client):
    secret = issue(cast.smr)["token"]
    client.force_login(cast.smr)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    refused = with_token(secret).get("/api/v1/audits/")
    assert refused.status_code == 401
    assert "password or two-factor change" in refused.json()["detail"]
    # Set directly (Django admin, manage.py changepassword): the same.
    cast.viewer.set_password("another long passphrase")
    viewer_secret = issue_with(cast.viewer, "another long passphrase")
    cast.viewer.set_password("yet another passphrase")
    cast.viewer.save()
    assert with_token(viewer_secret).get("/api/v1/audits/").status_code == 401


def issue_with(user, password):
    user.save()
    response = APIClient().post(
        TOKEN, {"username": user.username, "password": password}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200
    return response.json()["token"]


def test_setting_up_a_second_factor_ends_older_tokens(cast):
    secret = issue(cast.reviewer)["token"]
    assert works(secret)
    Authenticator.objects.create(user=cast.reviewer, type=Authenticator.Type.TOTP, data={})
    assert with_token(secret).get("/api/v1/audits/").status_code == 401


def test_a_token_without_the_required_second_factor_is_refused(cast, settings):
    secret = issue(cast.reviewer)["token"]
    settings.REQUIRE_STAFF_MFA = True
    refused = with_token(secret).get("/api/v1/audits/")
    assert refused.status_code == 401
    assert "two-factor" in refused.json()["detail"]


def test_api_logout_revokes_the_token_used_only(cast):
    first, second = issue(cast.smr)["token"], issue(cast.smr)["token"]
    assert with_token(first).post("/api/v1/auth/logout/").status_code == 204
    assert with_token(first).get("/api/v1/audits/").status_code == 401
    assert works(second)


def test_page_logout_revokes_every_token_of_the_user(cast, client):
    secret = issue(cast.smr)["token"]
    other = issue(cast.viewer)["token"]
    client.force_login(cast.smr)
    client.post("/accounts/logout/")
    assert with_token(secret).get("/api/v1/audits/").status_code == 401
    assert works(other)


def test_owner_lists_their_tokens_without_secrets(cast):
    a = issue(cast.smr, name="nightly export")
    issue(cast.smr, name="laptop")
    issue(cast.viewer)
    listing = with_token(a["token"]).get("/api/v1/auth/tokens/")
    assert listing.status_code == 200
    rows = listing.json()
    assert sorted(r["name"] for r in rows) == ["laptop", "nightly export"]
    assert [r["current"] for r in rows if r["id"] == a["id"]] == [True]
    assert a["token"] not in listing.content.decode()
    assert set(rows[0]) == {"id", "name", "scope", "created", "expiry", "current"}


def test_owner_revokes_a_token_and_nobody_else_can(cast):
    mine = issue(cast.smr)
    theirs = issue(cast.viewer)
    client = with_token(mine["token"])
    assert client.delete(f"/api/v1/auth/tokens/{theirs['id']}/").status_code == 404
    assert works(theirs["token"])
    assert client.delete(f"/api/v1/auth/tokens/{mine['id']}/").status_code == 204
    assert client.get("/api/v1/audits/").status_code == 401
    entry = HistoryEntry.objects.filter(action="api_token_revoked").get()
    assert entry.actor == cast.smr
    assert entry.reason == "revoked"


def test_a_user_holds_a_bounded_number_of_tokens(cast, settings):
    settings.API_TOKENS_PER_USER = 3
    secrets = [issue(cast.smr)["token"] for _ in range(4)]
    assert ApiToken.objects.filter(user=cast.smr).count() == 3
    assert with_token(secrets[0]).get("/api/v1/audits/").status_code == 401
    assert all(works(s) for s in secrets[1:])


def test_issuing_is_recorded(cast):
    issued = issue(cast.smr, name="script")
    entry = HistoryEntry.objects.get(action="api_token_issued")
    assert entry.actor == cast.smr
    assert entry.changes["token"] == [None, issued["id"]]
