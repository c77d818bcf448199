"""The API of what the administrators' registry and certificate pages do: publishing the
registry, registry clients and their keys, revoking a certificate — the same services, with
permission before input and bad input refused with nothing changed."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from certification.enums import CertificateStatus
from certification.models import Certificate, RegistryClient, RegistryPublication
from certification.services.registry import (
    LATEST_PUBLICATION_CACHE_KEY,
    registry_client_create,
)
from cor_portal.accounts.enums import ApiTokenScope, UserRole
from cor_portal.accounts.models import ApiToken
from cor_portal.history.services import history_of
from tests.certification.certified import certified
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = "2026-06-15 12:00 -04:00"


@pytest.fixture
def admin(db):
    cache.delete(LATEST_PUBLICATION_CACHE_KEY)  # not clear(): Redis is shared by workers
    return UserFactory(role=UserRole.ADMINISTRATOR, first_name="Alex", last_name="Admin")


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@time_machine.travel(NOW, tick=False)
def test_administrator_publishes_through_the_api(admin):
    cert = certified(admin, date(2026, 1, 5), legal_name="Alpha Inc.")
    response = api(admin).post("/api/v1/registry-publications/publish/")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["listed"] == 1 and body["published_by_name"] == "Alex Admin"
    publication = RegistryPublication.objects.get()
    assert publication.pk == body["id"]
    assert publication.entries.get().certificate_number == cert.number
    feed = api().get("/api/v1/public/certified/").json()
    assert [r["certificate_number"] for r in feed["results"]] == [cert.number]
    listed = api(admin).get("/api/v1/registry-publications/").json()
    assert [p["id"] for p in listed["results"]] == [publication.pk]


@pytest.mark.parametrize("role", [UserRole.REVIEWER, UserRole.PROGRAM_MANAGER, None])
def test_only_administrators_publish_through_the_api(admin, role):
    user = UserFactory(role=role) if role else None
    for method, path in [
        ("post", "/api/v1/registry-publications/publish/"),
        ("get", "/api/v1/registry-publications/"),
    ]:
        response = getattr(api(user), method)(path)
        assert response.status_code == (403 if user else 401), (path, response.content)
    assert RegistryPublication.objects.count() == 0


def test_an_employer_is_refused_too(admin):
    from certification.enums import MemberRole
    from tests.factories import MembershipFactory

    smr = MembershipFactory(organization=OrganizationFactory(), role=MemberRole.SMR).user
    assert api(smr).post("/api/v1/registry-publications/publish/").status_code == 403
    assert api(smr).get("/api/v1/registry-clients/").status_code == 403


def test_registry_clients_through_the_api(admin):
    created = api(admin).post(
        "/api/v1/registry-clients/",
        {"name": "Contractor Check", "contact_email": "api@check.test", "rate_per_minute": 30},
        format="json",
    )
    assert created.status_code == 201, created.content
    client_id = created.json()["id"]
    assert created.json()["key"] is None
    client = RegistryClient.objects.get(pk=client_id)
    assert client.rate_per_minute == 30

    issued = api(admin).post(f"/api/v1/registry-clients/{client_id}/issue-key/")
    assert issued.status_code == 201, issued.content
    secret = issued.json()["secret"]
    token = ApiToken.objects.get(user=client.service_user)
    assert token.scope == ApiTokenScope.REGISTRY and str(token.public_id) == issued.json()["key_id"]
    # The secret opens the feed and bulk verification (read-only), never the admin API.
    keyed = APIClient()
    keyed.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert keyed.get("/api/v1/registry/verify/", {"numbers": "1234567"}).status_code == 200
    assert keyed.get("/api/v1/registry-clients/").status_code in (401, 403)
    assert keyed.post("/api/v1/registry-publications/publish/").status_code in (401, 403)

    listed = api(admin).get("/api/v1/registry-clients/").json()["results"]
    assert [(c["name"], c["key"]["id"]) for c in listed] == [
        ("Contractor Check", str(token.public_id))
    ]
    assert "secret" not in str(listed)

    revoked = api(admin).post(f"/api/v1/registry-clients/{client_id}/revoke-key/")
    assert revoked.status_code == 200 and revoked.json()["revoked"] >= 1
    assert keyed.get("/api/v1/registry/verify/", {"numbers": "1234567"}).status_code == 401
    actions = [h.action for h in history_of(client)]
    assert "registry_key_issued" in actions and "registry_key_revoked" in actions


def test_registry_client_bad_input_changes_nothing(admin):
    registry_client_create(name="Contractor Check", by=admin)
    for payload, field in [
        ({"name": ""}, "name"),
        ({"name": "contractor check"}, "name"),  # the same name, any case
        ({"name": "X", "rate_per_minute": 0}, "rate_per_minute"),
        ({"name": "X", "contact_email": "not-an-email"}, "contact_email"),
    ]:
        response = api(admin).post("/api/v1/registry-clients/", payload, format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), response.json()
    assert RegistryClient.objects.count() == 1


def test_registry_clients_are_refused_to_anyone_but_administrators(admin):
    client = registry_client_create(name="Contractor Check", by=admin)
    reviewer = UserFactory(role=UserRole.REVIEWER)
    for path in [
        "/api/v1/registry-clients/",
        f"/api/v1/registry-clients/{client.pk}/issue-key/",
        f"/api/v1/registry-clients/{client.pk}/revoke-key/",
    ]:
        method = "get" if path.endswith("clients/") else "post"
        assert getattr(api(reviewer), method)(path).status_code == 403
        assert getattr(api(), method)(path).status_code == 401
    assert api(reviewer).post("/api/v1/registry-clients/", {"name": "Y"}).status_code == 403
    assert RegistryClient.objects.count() == 1
    assert not ApiToken.objects.filter(user=client.service_user).exists()
    assert api(admin).post("/api/v1/registry-clients/999999/issue-key/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_certificate_revoke_through_the_api(admin):
    cert = certified(admin, date(2026, 1, 5))
    response = api(admin).post(
        f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "Appeal upheld"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CertificateStatus.REVOKED
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED and cert.end_reason == "Appeal upheld"
    verified = api().get(f"/verify/{cert.number}/")
    assert verified.status_code == 200

    # Twice: a clear refusal, nothing changed.
    again = api(admin).post(
        f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "Again"}, format="json"
    )
    assert again.status_code == 400
    assert "only an active one can be revoked" in str(again.json())
    cert.refresh_from_db()
    assert cert.end_reason == "Appeal upheld"


@time_machine.travel(NOW, tick=False)
def test_certificate_revoke_bad_input_and_permission(admin):
    cert = certified(admin, date(2026, 1, 5))
    for payload in [{}, {"reason": ""}, {"reason": "   "}]:
        response = api(admin).post(
            f"/api/v1/certificates/{cert.pk}/revoke/", payload, format="json"
        )
        assert response.status_code == 400, payload
        assert "reason" in response.json()
    too_long = api(admin).post(
        f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "x" * 2001}, format="json"
    )
    assert too_long.status_code == 400
    # Staff who are not administrators: 403 (they see it); another organization's SMR: 404.
    reviewer = UserFactory(role=UserRole.REVIEWER)
    assert (
        api(reviewer).post(f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "x"}).status_code
        == 403
    )
    from certification.enums import MemberRole
    from tests.factories import MembershipFactory

    outsider = MembershipFactory(organization=OrganizationFactory(), role=MemberRole.SMR).user
    own_smr = MembershipFactory(
        organization=cert.wsib_account.organization, role=MemberRole.SMR
    ).user
    assert (
        api(outsider).post(f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "x"}).status_code
        == 404
    )
    assert (
        api(own_smr).post(f"/api/v1/certificates/{cert.pk}/revoke/", {"reason": "x"}).status_code
        == 403
    )
    assert api().post(f"/api/v1/certificates/{cert.pk}/revoke/").status_code == 401
    assert Certificate.objects.get(pk=cert.pk).status == CertificateStatus.ACTIVE


def test_the_schema_documents_the_new_actions():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in [
        "/api/v1/registry-publications/publish/",
        "/api/v1/registry-clients/",
        "/api/v1/registry-clients/{id}/issue-key/",
        "/api/v1/registry-clients/{id}/revoke-key/",
        "/api/v1/certificates/{id}/revoke/",
    ]:
        assert path in paths, path
    assert "post" in paths["/api/v1/certificates/{id}/revoke/"]
