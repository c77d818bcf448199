"""One failed-login limit for the login page and POST /api/v1/auth/token/ (issue 7 items 2
and 7): failures, not attempts; per account from one address, so an attacker elsewhere
cannot lock the real user out; a higher per-account cap that a known address passes; a
per-address cap; wrong second-factor codes counted per user; the client address from one
trusted-proxy setting shared by allauth and DRF."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
ATTACKER = "203.0.113.66"
DIRECTOR_HOME = "198.51.100.7"
LOCKED = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def limits_on(settings, monkeypatch):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
    settings.LOGIN_FAILURE_LIMITS = {
        "account_address": (5, 900),
        "account": (12, 3600),
        "address": (20, 900),
    }
    # DRF's per-address throttle of the token endpoint is tested on its own below.
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "token", "1000/min")
    yield
    cache.clear()


def page_login(client, login, password, address):
    response = client.post(LOGIN, {"login": login, "password": password}, REMOTE_ADDR=address)
    return "_auth_user_id" in client.session, response


def api_token(login, password, address, **extra):
    return APIClient().post(
        TOKEN, {"username": login, "password": password, **extra}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_account_from_that_address_only(client, cast):
    director = cast.admin
    for _ in range(5):
        assert page_login(client, director.username, "guess", ATTACKER)[0] is False
    ok, response = page_login(client, director.username, PASSWORD, ATTACKER)
    assert ok is False
    assert LOCKED in response.content.decode()
    # The real user, elsewhere, is not locked out — on the page or the API.
    assert page_login(client, director.username, PASSWORD, DIRECTOR_HOME)[0] is True
    assert api_token(director.email, PASSWORD, DIRECTOR_HOME).status_code == 200


def test_page_and_api_share_the_counter_whatever_identifier_is_typed(client, cast):
    smr = cast.smr
    for _ in range(3):
        assert api_token(smr.username, "guess", ATTACKER).status_code == 400
    for _ in range(2):
        assert page_login(client, smr.email.upper(), "guess", ATTACKER)[0] is False
    locked = api_token(smr.email, PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert locked.json() == {"non_field_errors": [LOCKED]}
    assert page_login(client, smr.username, PASSWORD, ATTACKER)[0] is False


def test_failures_are_limited_not_attempts(client, cast):
    smr = cast.smr
    for _ in range(10):
        assert api_token(smr.username, PASSWORD, ATTACKER).status_code == 200
    for _ in range(4):
        assert page_login(client, smr.username, "typo", ATTACKER)[0] is False
    # The right password clears this address's failures for the account.
    assert page_login(client, smr.username, PASSWORD, ATTACKER)[0] is True
    client.logout()
    for _ in range(4):
        assert page_login(client, smr.username, "typo", ATTACKER)[0] is False
    assert page_login(client, smr.username, PASSWORD, ATTACKER)[0] is True


def test_guessing_spread_over_addresses_hits_the_account_cap_but_a_known_address_passes(
    client, cast
):
    director = cast.admin
    assert page_login(client, director.username, PASSWORD, DIRECTOR_HOME)[0] is True
    client.logout()
    for n in range(12):
        api_token(director.username, "guess", f"203.0.113.{n}")
    assert api_token(director.username, PASSWORD, "203.0.113.200").status_code == 429
    # From the address the director logged in from before, the right password still works.
    assert page_login(client, director.username, PASSWORD, DIRECTOR_HOME)[0] is True


def test_one_address_guessing_many_accounts_is_capped(client, cast):
    from tests.factories import UserFactory

    users = UserFactory.create_batch(5)
    for user in users:
        for _ in range(4):
            api_token(user.username, "guess", ATTACKER)
    assert api_token(cast.viewer.username, PASSWORD, ATTACKER).status_code == 429
    assert api_token(cast.viewer.username, PASSWORD, DIRECTOR_HOME).status_code == 200


def test_unknown_accounts_are_limited_like_real_ones():
    for _ in range(5):
        assert api_token("nobody", "guess", ATTACKER).status_code == 400
    assert api_token("nobody", "guess", ATTACKER).status_code == 429


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


def test_wrong_mfa_codes_are_counted_per_user_on_the_token_endpoint(cast):
    secret = _totp_for(cast.reviewer)
    for n in range(5):
        # Spread over addresses: the count is the user's, not the address's.
        wrong = api_token(cast.reviewer.username, PASSWORD, f"192.0.2.{n}", code="000000")
        assert wrong.status_code == 400
    right = api_token(cast.reviewer.username, PASSWORD, "192.0.2.99", code=_current_code(secret))
    assert right.status_code == 429
    assert right.json() == {"non_field_errors": [LOCKED]}


def test_a_right_mfa_code_resets_the_code_counter(cast):
    secret = _totp_for(cast.reviewer)
    for _ in range(4):
        api_token(cast.reviewer.username, PASSWORD, ATTACKER, code="000000")
    ok = api_token(cast.reviewer.username, PASSWORD, ATTACKER, code=_current_code(secret))
    assert ok.status_code == 200
    for _ in range(4):
        assert api_token(cast.reviewer.username, PASSWORD, ATTACKER, code="1").status_code == 400


def test_a_spoofed_forwarded_for_does_not_change_the_address_without_a_trusted_proxy(cast):
    for n in range(5):
        response = APIClient().post(
            TOKEN,
            {"username": cast.smr.username, "password": "guess"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}",
        )
        assert response.status_code == 400
    assert api_token(cast.smr.username, PASSWORD, ATTACKER).status_code == 429


def test_behind_one_trusted_proxy_the_forwarded_address_is_the_client(cast, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        APIClient().post(
            TOKEN,
            {"username": cast.smr.username, "password": "guess"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ATTACKER}",
        )
    # Another client behind the same proxy is not locked out; the attacker is.
    other = APIClient().post(
        TOKEN,
        {"username": cast.smr.username, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=DIRECTOR_HOME,
    )
    assert other.status_code == 200
    again = APIClient().post(
        TOKEN,
        {"username": cast.smr.username, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert again.status_code == 429


def test_drf_throttle_ignores_a_spoofed_forwarded_for(cast, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "token", "3/min")
    codes = [
        APIClient()
        .post(
            TOKEN,
            {"username": "x", "password": "y"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.1.1.{n}",
        )
        .status_code
        for n in range(4)
    ]
    assert codes[3] == 429


def test_one_proxy_setting_feeds_allauth_and_drf(monkeypatch):
    import importlib

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    from cor_portal.settings import base

    base = importlib.reload(base)
    try:
        assert base.TRUSTED_PROXY_COUNT == 2
        assert base.ALLAUTH_TRUSTED_PROXY_COUNT == 2
        assert base.REST_FRAMEWORK["NUM_PROXIES"] == 2
    finally:
        monkeypatch.delenv("TRUSTED_PROXY_COUNT")
        importlib.reload(base)


def test_the_refusal_rule():
    from cor_portal.accounts.lockout import FailureCounts, FailureLimits, Limit, login_refused

    limits = FailureLimits(Limit(5, 900), Limit(50, 3600), Limit(30, 900))
    assert not login_refused(FailureCounts(4, 49, 29), limits, known_address=False)
    assert login_refused(FailureCounts(5, 0, 0), limits, known_address=True)
    assert login_refused(FailureCounts(0, 50, 0), limits, known_address=False)
    assert not login_refused(FailureCounts(0, 50, 0), limits, known_address=True)
    assert login_refused(FailureCounts(0, 0, 30), limits, known_address=False)
    assert not login_refused(FailureCounts(0, 0, 30), limits, known_address=True)


def test_a_password_reset_ends_the_accounts_lockout_everywhere(cast, rf, settings):
    from cor_portal.accounts import lockout
    from cor_portal.accounts.adapter import AccountAdapter

    settings.LOGIN_FAILURE_LIMITS = {**settings.LOGIN_FAILURE_LIMITS, "account": (3, 3600)}
    for n in range(3):
        lockout.begin(rf.post("/", REMOTE_ADDR=f"203.0.113.{n}"), cast.smr.username)
    with pytest.raises(lockout.LoginLocked):
        lockout.begin(rf.post("/", REMOTE_ADDR="198.51.100.1"), cast.smr.username)
    request = rf.post("/", REMOTE_ADDR="198.51.100.1")
    AccountAdapter(request)._delete_login_attempts_cached_email(request, email=cast.smr.email)
    lockout.begin(request, cast.smr.username)  # not locked any more
