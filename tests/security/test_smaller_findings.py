"""Issue 7 item 9, the findings in accounts, settings and the API plumbing: each refused or
closed, with nothing changed."""

import json
from pathlib import Path

import pytest
import yaml
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from certification.models import Organization
from certification.services.organization import organization_update
from cor_portal.accounts.models import ApiToken, User
from cor_portal.errors import DomainError
from tests.factories import PASSWORD
from tests.test_security import DEPLOY_ENV, _manage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
ADDRESS = "192.0.2.45"  # not 127.0.0.1: see tests/security/test_api_tokens.py


def test_no_token_for_an_unverified_address(cast):
    EmailAddress.objects.filter(user=cast.smr).update(verified=False)
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": cast.smr.username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 400
    assert "Verify your e-mail address" in response.json()["non_field_errors"][0]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("depth", [33, 5000, 100_000])
def test_deeply_nested_json_is_400_not_500(cast, depth):
    body = "[" * depth + "]" * depth
    anonymous = APIClient().post(
        "/api/v1/auth/token/", body, content_type="application/json", REMOTE_ADDR=ADDRESS
    )
    assert anonymous.status_code == 400
    assert "nested deeper than 32 levels" in anonymous.json()["detail"]
    client = APIClient()
    client.force_authenticate(cast.smr)
    org = f"/api/v1/organizations/{cast.organization.pk}/"
    nested = '{"city": ' + "[" * depth + "]" * depth + "}"
    assert client.patch(org, nested, content_type="application/json").status_code == 400


def test_ordinary_json_still_parses(cast):
    body = json.dumps({"username": cast.smr.username, "password": PASSWORD, "name": "[{x}]"})
    response = APIClient().post(
        "/api/v1/auth/token/", body, content_type="application/json", REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200


def test_an_anonymous_large_body_is_refused_before_it_is_parsed(client, settings):
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 1000
    response = client.post("/accounts/login/", {"login": "x", "password": "y", "junk": "z" * 5000})
    assert response.status_code == 413


def test_a_logged_in_body_over_the_limit_is_refused(client, cast, settings):
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 1000
    settings.REQUEST_MAX_BYTES = 20_000
    client.force_login(cast.smr)
    ok = client.post("/accounts/me/", {"junk": "z" * 5000})
    assert ok.status_code != 413
    assert client.post("/accounts/me/", {"junk": "z" * 30_000}).status_code == 413


def test_limits_are_configured_as_documented(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * 1024 * 1024
    assert settings.REQUEST_MAX_BYTES > settings.EVIDENCE_MAX_BYTES
    assert settings.ANONYMOUS_REQUEST_MAX_BYTES <= 1024 * 1024


def test_confidential_answers_are_not_cached(client, cast):
    client.force_login(cast.smr)
    for url in ("/", "/api/v1/audits/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    api = APIClient()
    api.force_authenticate(cast.smr)
    assert "no-store" in api.get("/api/v1/audits/")["Cache-Control"]


def test_healthz_for_anonymous_writes_nothing_and_names_no_exception(client, monkeypatch):
    default_storage.exists("x")  # the lazy storage is set up before its class is patched

    def no_writes(*args, **kwargs):
        raise AssertionError("healthz wrote to storage")

    monkeypatch.setattr(type(default_storage._wrapped), "save", no_writes)
    assert client.get("/healthz").json()["storage"] == "ok"

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("s3.internal:9000")

    monkeypatch.setattr(type(default_storage._wrapped), "exists", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"] == "error"
    assert "ConnectionRefused" not in response.content.decode()


def test_healthz_for_staff_probes_storage_and_names_the_failure(client, cast, monkeypatch):
    client.force_login(cast.reviewer)
    assert client.get("/healthz").json()["storage"] == "ok"
    default_storage.exists("x")

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(type(default_storage._wrapped), "save", broken)
    assert client.get("/healthz").json()["storage"] == "error: ConnectionRefusedError"


def test_language_cookie_is_secure_and_same_site_in_production():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE,"
        " s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_HTTPONLY)",
        env={**DEPLOY_ENV, "DJANGO_SECRET_KEY": "x" * 60},
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "Lax", "True"], result.stderr


def test_compose_healthcheck_asks_as_the_proxy_would():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "'Host': host" in check and "DJANGO_ALLOWED_HOSTS" in check
    assert "'X-Forwarded-Proto': 'https'" in check


def test_compose_healthcheck_passes_against_production_settings(client, settings):
    # What the healthcheck sends, against the production redirect and host settings.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["cor.example.org"]
    response = client.get("/healthz", HTTP_HOST="cor.example.org", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert client.get("/healthz", HTTP_HOST="cor.example.org").status_code == 301


def test_province_zz_is_refused_and_nothing_changes(cast):
    with pytest.raises(DomainError) as exc:
        organization_update(organization=cast.organization, values={"province": "ZZ"}, by=cast.smr)
    assert exc.value.field == "province"
    assert "province or territory" in exc.value.message
    client = APIClient()
    client.force_authenticate(cast.smr)
    response = client.patch(
        f"/api/v1/organizations/{cast.organization.pk}/", {"province": "ZZ"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["province"]
    assert Organization.objects.get(pk=cast.organization.pk).province == "ON"
    organization_update(organization=cast.organization, values={"province": "QC"}, by=cast.smr)
    assert Organization.objects.get(pk=cast.organization.pk).province == "QC"


def test_signup_does_not_tell_which_usernames_or_addresses_exist(
    client, cast, django_capture_on_commit_callbacks
):
    from django.core import mail

    page = client.get("/accounts/signup/").content.decode()
    assert 'name="username"' not in page
    answers = []
    for email in (cast.smr.email, "brand.new@example.test"):
        client.logout()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/accounts/signup/",
                {
                    "email": email,
                    "username": cast.smr.username,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                },
            )
        answers.append((response.status_code, response.get("Location")))
        assert "already exists" not in response.content.decode()
    assert answers[0] == answers[1]
    assert User.objects.filter(email__iexact=cast.smr.email).count() == 1
    new = User.objects.get(email="brand.new@example.test")
    assert new.username != cast.smr.username
    # The owner of the address already in use is told by e-mail, nobody else.
    assert any(cast.smr.email in m.to for m in mail.outbox)


@pytest.mark.parametrize("field", ["legal_name", "operating_name"])
def test_organization_names_are_one_line_so_subjects_stay_one_line(cast, field):
    before = Organization.objects.get(pk=cast.organization.pk)
    with pytest.raises(DomainError) as exc:
        organization_update(
            organization=cast.organization,
            values={field: "Acme\r\nBcc: everyone@example.test"},
            by=cast.smr,
        )
    assert exc.value.field == field
    assert "one line" in exc.value.message
    client = APIClient()
    client.force_authenticate(cast.smr)
    response = client.patch(
        f"/api/v1/organizations/{cast.organization.pk}/", {field: "A\nB"}, format="json"
    )
    assert response.status_code == 400
    assert getattr(Organization.objects.get(pk=before.pk), field) == getattr(before, field)


def test_a_made_up_authorization_header_does_not_lift_the_page_limit(client, settings):
    settings.ANONYMOUS_REQUEST_MAX_BYTES = 1000
    response = client.post(
        "/accounts/login/",
        {"login": "x", "password": "y", "junk": "z" * 5000},
        HTTP_AUTHORIZATION="Token made-up",
    )
    assert response.status_code == 413
