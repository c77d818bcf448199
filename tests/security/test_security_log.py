"""The security log (issue 7, "make it automatic"): logins and failed logins, lockouts, wrong
second-factor codes, API tokens issued and revoked, refused access, role changes in admin;
append-only; read by administrators in Django admin."""

import pytest
from django.db import DatabaseError, connection
from rest_framework.test import APIClient

from cor_portal.security.models import SecurityEvent, SecurityEventKind
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ADDRESS = "192.0.2.47"


def kinds() -> list[str]:
    return list(SecurityEvent.objects.order_by("at", "id").values_list("kind", flat=True))


@pytest.fixture(autouse=True)
def _no_throttle(monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "token", "1000/min")


def test_page_login_and_failure_are_logged(client, cast):
    client.post("/accounts/login/", {"login": cast.smr.username, "password": "nope"})
    client.post("/accounts/login/", {"login": cast.smr.username, "password": PASSWORD})
    failed, ok = SecurityEvent.objects.order_by("at", "id")
    assert (failed.kind, failed.login, failed.user) == ("login_failed", cast.smr.username, None)
    assert failed.address == "127.0.0.1"
    assert (ok.kind, ok.user) == ("login_succeeded", cast.smr)


def test_token_issue_revoke_and_api_failures_are_logged(cast):
    api = APIClient()
    api.post(
        "/api/v1/auth/token/", {"username": cast.smr.username, "password": "x"}, REMOTE_ADDR=ADDRESS
    )
    issued = api.post(
        "/api/v1/auth/token/",
        {"username": cast.smr.username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    ).json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued['token']}")
    api.post("/api/v1/auth/logout/")
    assert kinds() == ["login_failed", "token_issued", "token_revoked"]
    issued_event = SecurityEvent.objects.get(kind="token_issued")
    assert issued_event.details["token"] == issued["id"]
    assert issued["token"] not in str(issued_event.details)


def test_a_lockout_is_logged(cast, settings):
    from django.core.cache import cache

    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
    for _ in range(6):
        APIClient().post(
            "/api/v1/auth/token/", {"username": "director", "password": "x"}, REMOTE_ADDR=ADDRESS
        )
    assert kinds()[-1] == SecurityEventKind.LOGIN_LOCKED
    cache.clear()


def test_refused_access_is_logged(client, cast, settings):
    settings.REQUIRE_STAFF_MFA = True
    client.force_login(cast.reviewer)
    assert client.get("/api/v1/audits/").status_code == 403
    event = SecurityEvent.objects.get(kind="access_denied")
    assert (event.user, event.method, event.path) == (cast.reviewer, "GET", "/api/v1/audits/")


def test_a_role_change_in_admin_is_logged(client, cast):
    from tests.security.test_admin_containment import change_form_data

    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    data = change_form_data(client, cast.reviewer)
    data["role"] = "program_director"
    assert client.post(f"/admin/accounts/user/{cast.reviewer.pk}/change/", data).status_code == 302
    event = SecurityEvent.objects.get(kind="role_changed")
    assert event.user == cast.reviewer
    assert event.details["changes"]["role"] == ["reviewer", "program_director"]
    assert event.details["by"] == cast.admin.pk


def test_the_log_is_append_only_even_in_raw_sql(cast):
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, login="x")
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("UPDATE security_securityevent SET login = 'y'")


def test_administrators_read_the_log_and_cannot_change_it(client, cast):
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILED, login="mallory")
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    client.force_login(cast.admin)
    page = client.get("/admin/security/securityevent/")
    assert page.status_code == 200
    assert "mallory" in page.content.decode()
    event = SecurityEvent.objects.get(login="mallory")
    assert (
        client.post(
            f"/admin/security/securityevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    client.force_login(cast.reviewer)
    assert client.get("/admin/security/securityevent/").status_code == 302


def test_a_wrong_code_at_the_login_pages_second_factor_is_logged(client, cast):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.urls import reverse

    TOTP.activate(cast.reviewer, generate_totp_secret())
    response = client.post(
        reverse("account_login"), {"login": cast.reviewer.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    event = SecurityEvent.objects.get(kind="mfa_failed")
    assert event.user == cast.reviewer
