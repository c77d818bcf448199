"""One standing, shown the same everywhere [SPEC §4, §9]: an account whose COR certificate
lapsed and that then holds an ISO 45001 equivalency certificate is `equivalent (1 year)` on
its account page, the API, the published registry (listed with its equivalency certificate)
and the verification page of its old certificate (which itself says "lapsed")."""

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from certification.models import Certificate, RegistryEntry
from certification.services.registry import registry_publish
from certification.standing_facts import standing_of
from equivalency.models import EquivalencyCertificate
from tests.maintenance.helpers import issue, sweep_on

from .helpers import at, lead, submitted_request
from .test_equivalency import decide

pytestmark = pytest.mark.django_db
A = date(2026, 3, 1)
LAPSED = A + timedelta(days=365 + 91)  # year 2's LGS never came: lapsed on A2 + 91
DAY = LAPSED + timedelta(days=10)


def test_equivalent_standing_is_the_same_on_every_reader(cast, client):
    certificate = issue(cast.admin, A, organization=cast.organization)
    account = certificate.wsib_account
    sweep_on(LAPSED)
    assert Certificate.objects.get(pk=certificate.pk).status == "lapsed"
    with at(DAY):
        request = submitted_request(cast, account=account)
        decide(request, lead())
        equivalency = EquivalencyCertificate.objects.get(wsib_account=account)
        result = standing_of(account, DAY)
        assert (str(result.standing), result.label) == ("equivalent", "Equivalent (1 year)")
        # The account page.
        client.force_login(cast.smr)
        page = client.get(f"/wsib-accounts/{account.pk}/").content.decode()
        assert "<dt>COR standing</dt><dd>Equivalent (1 year)</dd>" in page
        # The API (the account's recertification row is gone with the lapsed certificate;
        # its timeline's standing reads the same function).
        api = APIClient()
        api.force_authenticate(cast.smr)
        timeline = api.get(f"/api/v1/wsib-accounts/{account.pk}/timeline/")
        assert timeline.status_code == 200
        assert timeline.json()["standing"] == "equivalent"
        # The published registry lists the equivalency certificate as equivalent.
        registry_publish(by=cast.admin)
        entry = RegistryEntry.objects.get(wsib_account_number=account.account_number)
        assert (entry.certificate_number, entry.standing, entry.removed) == (
            equivalency.number,
            "equivalent",
            False,
        )
        registry = client.get("/registry/").content.decode()
        assert equivalency.number in registry
        # The old certificate's verification page: lapsed itself, the account equivalent.
        verify = client.get(f"/verify/{certificate.number}/").content.decode()
        assert "has lapsed" in verify
        assert '<dd data-testid="standing">Equivalent (1 year)</dd>' in verify


def test_an_active_cor_certificate_lists_the_account_once(cast):
    certificate = issue(cast.admin, A, organization=cast.organization)
    with at(A + timedelta(days=30)):
        registry_publish(by=cast.admin)
    entries = RegistryEntry.objects.filter(
        wsib_account_number=certificate.wsib_account.account_number
    )
    assert list(entries.values_list("certificate_number", "standing")) == [
        (certificate.number, "certified")
    ]
