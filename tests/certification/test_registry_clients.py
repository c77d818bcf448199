"""Registry clients [SPEC §1, §9; issue 7 item 5]: scoped, read-only keys issued by an
administrator; bulk verification; the per-key rate limit."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from certification.models import RegistryClient
from certification.services.certificates import certificate_revoke, certificate_supersede
from certification.services.registry import (
    LATEST_PUBLICATION_CACHE_KEY,
    registry_client_create,
    registry_key_issue,
    registry_key_revoke,
    registry_publish,
)
from cor_portal.accounts.enums import ApiTokenScope, UserRole
from cor_portal.accounts.models import ApiToken
from cor_portal.accounts.tokens import api_token_issue
from cor_portal.errors import DomainError, NotAllowed
from tests.certification.certified import certified, confirmed_account
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/registry/verify/"
NOW = "2026-06-15 12:00 -04:00"


@pytest.fixture
def admin(db):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)  # not clear(): Redis is shared by workers
    return UserFactory(role=UserRole.ADMINISTRATOR)


@pytest.fixture
def key(admin):
    client = registry_client_create(name="Safety Registry", rate_per_minute=100, by=admin)
    _token, secret = registry_key_issue(client=client, by=admin)
    return secret


def keyed(secret) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return api


def test_only_administrators_add_clients_and_issue_keys(admin):
    reviewer = UserFactory(role=UserRole.REVIEWER)
    with pytest.raises(NotAllowed):
        registry_client_create(name="X", by=reviewer)
    client = registry_client_create(name="X", by=admin)
    with pytest.raises(NotAllowed):
        registry_key_issue(client=client, by=reviewer)
    assert ApiToken.objects.filter(user=client.service_user).count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"name": "  "}, "name"), ({"name": "Y", "rate_per_minute": 0}, "rate_per_minute")],
)
def test_client_input_is_checked_and_nothing_is_created(admin, kwargs, field):
    with pytest.raises(DomainError) as err:
        registry_client_create(by=admin, **kwargs)
    assert err.value.field == field
    assert RegistryClient.objects.count() == 0


def test_a_registry_key_is_scoped_expires_in_a_year_and_replaces_the_last(admin):
    client = registry_client_create(name="R", by=admin)
    _first, _ = registry_key_issue(client=client, by=admin)
    second, _ = registry_key_issue(client=client, by=admin)
    tokens = list(ApiToken.objects.filter(user=client.service_user))
    assert tokens == [second]
    assert second.scope == ApiTokenScope.REGISTRY
    assert 364 <= (second.expiry - second.created).days <= 365
    assert not client.service_user.has_usable_password()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/organizations/"),
        ("get", "/api/v1/wsib-accounts/"),
        ("get", "/api/v1/certificates/"),
        ("get", "/api/v1/auth/tokens/"),
        ("get", "/api/v1/deadlines/"),
        ("post", "/api/v1/auth/logout/"),
        ("post", "/api/v1/registrations/"),
        ("post", VERIFY),
        ("post", "/api/v1/public/certified/"),
        ("delete", "/api/v1/public/certified/"),
    ],
)
def test_a_registry_key_is_refused_everywhere_else_and_for_writing(key, method, path):
    response = getattr(keyed(key), method)(path)
    assert response.status_code == 403
    assert "detail" in response.json()


@time_machine.travel(NOW, tick=False)
def test_a_registry_key_reads_the_feed(admin, key):
    certified(admin, date(2026, 1, 5))
    registry_publish(by=admin)
    assert keyed(key).get("/api/v1/public/certified/").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_user_token_is_not_a_registry_key(admin):
    _token, secret = api_token_issue(user=admin)
    response = keyed(secret).get(VERIFY, {"numbers": "1234567"})
    assert response.status_code == 403
    assert APIClient().get(VERIFY, {"numbers": "1234567"}).status_code == 401


@time_machine.travel(NOW, tick=False)
def test_a_revoked_key_stops_working(admin):
    client = registry_client_create(name="R", by=admin)
    _token, secret = registry_key_issue(client=client, by=admin)
    assert keyed(secret).get(VERIFY, {"numbers": "1234567"}).status_code == 200
    registry_key_revoke(client=client, by=admin)
    assert keyed(secret).get(VERIFY, {"numbers": "1234567"}).status_code == 401


@time_machine.travel(NOW, tick=False)
def test_bulk_verification_answers_each_number(admin, key):
    valid = certified(admin, date(2026, 1, 5), legal_name="Valid Inc.")
    revoked = certified(admin, date(2026, 2, 5))
    certificate_revoke(certificate=revoked, by=admin, reason="Appeal")
    old = certified(admin, date(2023, 7, 1))
    new = certificate_supersede(
        certificate=old, anniversary_date=date(2026, 6, 1), by=admin, reason="Recertified"
    )
    uncertified = confirmed_account(admin)
    numbers = [
        valid.wsib_account.account_number,
        revoked.number,
        old.number,
        new.number,
        uncertified.account_number,
        "COR-2026-999999",
        valid.number.lower(),
    ]
    response = keyed(key).get(VERIFY, {"numbers": ",".join(numbers)})
    assert response.status_code == 200
    body = response.json()
    assert body["checked_on"] == "2026-06-15"
    got = [(r["number"], r["found"], r["status"], r.get("standing")) for r in body["results"]]
    assert got == [
        (valid.wsib_account.account_number, True, "valid", "certified"),
        (revoked.number, True, "revoked", None),
        (old.number, True, "superseded", None),
        (new.number, True, "valid", "certified"),
        (uncertified.account_number, False, "not_found", None),
        ("COR-2026-999999", False, "not_found", None),
        (valid.number, True, "valid", "certified"),
    ]
    first = body["results"][0]
    assert first == {
        "number": valid.wsib_account.account_number,
        "found": True,
        "status": "valid",
        "standing": "certified",
        "certificate_number": valid.number,
        "wsib_account_number": valid.wsib_account.account_number,
        "organization": "Valid Inc.",
        "operating_name": valid.wsib_account.organization.operating_name,
        "anniversary_date": "2026-01-05",
        "expiry_date": "2029-01-05",
    }


@time_machine.travel(NOW, tick=False)
def test_bulk_verification_of_100_numbers_in_fixed_queries(
    admin, key, django_assert_max_num_queries
):
    numbers = [f"{1000000 + n:07d}" for n in range(50)] + [f"COR-2026-{n:06d}" for n in range(50)]
    api = keyed(key)
    # 7: one of them reads the programs' account-number formats the numbers are checked
    # against (WSIB: 7 digits; WCB: 7 to 9), whatever the count of numbers.
    with django_assert_max_num_queries(7):
        response = api.get(VERIFY, {"numbers": ",".join(numbers)})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


@time_machine.travel(NOW, tick=False)
def test_bulk_verification_refuses_101_numbers(key):
    numbers = ",".join(f"{1000000 + n:07d}" for n in range(101))
    response = keyed(key).get(VERIFY, {"numbers": numbers})
    assert response.status_code == 400
    assert response.json() == {"numbers": ["At most 100 numbers per request; this one has 101."]}


@time_machine.travel(NOW, tick=False)
def test_bulk_verification_names_malformed_numbers(key):
    response = keyed(key).get(VERIFY, {"numbers": "1234567,12AB,COR-26-1,<script>"})
    assert response.status_code == 400
    message = response.json()["numbers"][0]
    assert "12AB, COR-26-1, <SCRIPT>" in message
    assert "1234567" not in message
    assert keyed(key).get(VERIFY).status_code == 400


@time_machine.travel(NOW, tick=False)
def test_repeated_number_parameter_is_accepted(key):
    response = keyed(key).get(VERIFY + "?numbers=1234567&numbers=7654321")
    assert [r["number"] for r in response.json()["results"]] == ["1234567", "7654321"]


@time_machine.travel(NOW, tick=False)
def test_per_key_rate_limit_answers_429_with_retry_after(admin):
    slow = registry_client_create(name="Slow", rate_per_minute=2, by=admin)
    _t, slow_key = registry_key_issue(client=slow, by=admin)
    other = registry_client_create(name="Other", rate_per_minute=2, by=admin)
    _t, other_key = registry_key_issue(client=other, by=admin)
    api = keyed(slow_key)
    assert [api.get(VERIFY, {"numbers": "1234567"}).status_code for _ in range(2)] == [200, 200]
    limited = api.get(VERIFY, {"numbers": "1234567"})
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    # The feed shares the key's budget; another key has its own.
    assert api.get("/api/v1/public/certified/").status_code == 429
    assert keyed(other_key).get(VERIFY, {"numbers": "1234567"}).status_code == 200
