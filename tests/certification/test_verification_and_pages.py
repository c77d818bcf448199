"""The public verification page /verify/<number>/, certificate pages and the certificates API."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from certification.services.certificates import (
    certificate_issue,
    certificate_revoke,
    certificate_supersede,
)
from certification.services.registry import LATEST_PUBLICATION_CACHE_KEY, registry_client_create
from cor_portal.accounts.tokens import api_token_issue
from tests.certification.certified import certified
from tests.factories import make_cast

pytestmark = pytest.mark.django_db
NOW = "2026-06-15 12:00 -04:00"


@pytest.fixture
def cast(db):
    from tests.certification.certified import confirmed_account

    cache.delete(LATEST_PUBLICATION_CACHE_KEY)  # not clear(): Redis is shared by workers
    cast = make_cast()
    from certification.models import Registration

    Registration.objects.filter(wsib_account=cast.wsib_account).delete()
    account = confirmed_account(cast.admin, organization=cast.organization)
    cast.certified_account = account
    return cast


def _verify(client, number):
    return client.get(f"/verify/{number}/")


@time_machine.travel(NOW, tick=False)
def test_verification_says_valid_and_nothing_confidential(cast, client):
    certificate = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2026, 3, 2), by=cast.admin
    )
    response = _verify(client, certificate.number)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Certificate {certificate.number} is valid today." in html
    assert cast.organization.legal_name in html
    assert "2029-03-02" in html
    # Nothing from the audit, people or contact details.
    for secret in (cast.organization.contact_email or "@", cast.smr.email, "firm"):
        assert secret not in html
    # A typed number in lower case finds it too.
    assert _verify(client, certificate.number.lower()).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_verification_of_superseded_and_revoked(cast, client):
    old = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2023, 7, 1), by=cast.admin
    )
    new = certificate_supersede(
        certificate=old, anniversary_date=date(2026, 6, 1), by=cast.admin, reason="Recertified"
    )
    html = _verify(client, old.number).content.decode()
    assert "has been replaced by a newer certificate" in html
    assert f"/verify/{new.number}/" in html
    certificate_revoke(certificate=new, by=cast.admin, reason="Appeal upheld")
    html = _verify(client, new.number).content.decode()
    assert "has been revoked" in html
    assert "Appeal upheld" not in html


@time_machine.travel(NOW, tick=False)
def test_verification_pending_then_lapsed(cast, client):
    certificate = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2023, 7, 1), by=cast.admin
    )
    # Issue 11: the sweep applies pending and lapse; the page shows the stored standing.
    from cor_portal.deadlines.services import sweep

    with time_machine.travel("2026-08-15 12:00 -04:00", tick=False):
        sweep(date(2026, 8, 15))
        assert "is pending" in _verify(client, certificate.number).content.decode()
    with time_machine.travel("2026-10-15 12:00 -04:00", tick=False):
        sweep(date(2026, 10, 15))
        assert "has lapsed" in _verify(client, certificate.number).content.decode()


@pytest.mark.parametrize(
    "path",
    ["/verify/COR-2026-999999/", "/verify/COR-26-1/", "/verify/%3Cscript%3E/", "/verify/x/"],
)
def test_unknown_or_malformed_numbers_are_a_plain_not_found(db, client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Traceback" not in html
    assert "<script>" not in html


@time_machine.travel(NOW, tick=False)
def test_verification_page_in_french(cast, client):
    certificate = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2026, 3, 2), by=cast.admin
    )
    response = client.get(f"/verify/{certificate.number}/", HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert 'lang="fr' in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_employer_sees_certificate_and_standing_on_the_account_page(cast, client):
    certificate = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2026, 3, 2), by=cast.admin
    )
    client.force_login(cast.viewer)
    html = client.get(f"/wsib-accounts/{cast.certified_account.pk}/").content.decode()
    assert certificate.number in html
    assert "Certified (year 1)" in html
    pdf = client.get(f"/certificates/{certificate.pk}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(cast.outsider)
    assert client.get(f"/certificates/{certificate.pk}/certificate.pdf").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_staff_certificate_list_and_revoke_page(cast, client):
    certificate = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2026, 3, 2), by=cast.admin
    )
    client.force_login(cast.smr)
    assert client.get("/certificates/").status_code == 403
    client.force_login(cast.reviewer)
    assert certificate.number in client.get("/certificates/").content.decode()
    assert client.post(f"/certificates/{certificate.pk}/", {"reason": "x"}).status_code == 403
    client.force_login(cast.admin)
    response = client.post(f"/certificates/{certificate.pk}/", {"reason": ""})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == "active"
    response = client.post(f"/certificates/{certificate.pk}/", {"reason": "Appeal upheld"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("accounts", [1, 6])
def test_certificates_api_is_scoped_with_fixed_queries(
    cast, accounts, django_assert_max_num_queries
):
    mine = certificate_issue(
        wsib_account=cast.certified_account, anniversary_date=date(2026, 3, 2), by=cast.admin
    )
    for _ in range(accounts):
        certified(cast.admin, date(2026, 3, 2))
    _t, secret = api_token_issue(user=cast.smr)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    body = api.get("/api/v1/certificates/").json()
    assert [c["number"] for c in body["results"]] == [mine.number]
    assert body["results"][0]["standing"] == "certified"
    assert api.get(f"/api/v1/certificates/{mine.pk}/pdf/").status_code == 200
    _t, staff = api_token_issue(user=cast.reviewer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {staff}")
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/certificates/").json()["count"] == accounts + 1


@time_machine.travel(NOW, tick=False)
def test_admin_registry_pages(cast, client):
    client.force_login(cast.reviewer)
    assert client.get("/staff/registry/").status_code == 403
    assert client.post("/staff/registry/publish/").status_code == 403
    client.force_login(cast.admin)
    assert client.get("/staff/registry/").status_code == 200
    assert client.post("/staff/registry/publish/").status_code == 302
    response = client.post(
        "/staff/registry/clients/add/", {"name": "Buyers Registry", "rate_per_minute": 30}
    )
    assert response.status_code == 302
    from certification.models import RegistryClient

    client_obj = RegistryClient.objects.get(name="Buyers Registry")
    issued = client.post(f"/staff/registry/clients/{client_obj.pk}/key/")
    assert issued.status_code == 200
    secret = issued.context["secret"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/registry/verify/", {"numbers": "1234567"}).status_code == 200
    assert client.post(f"/staff/registry/clients/{client_obj.pk}/key/revoke/").status_code == 302
    assert api.get("/api/v1/registry/verify/", {"numbers": "1234567"}).status_code == 401
    assert "Buyers Registry" in client.get("/staff/registry/").content.decode()
    registry_client_create(name="Second", by=cast.admin)
