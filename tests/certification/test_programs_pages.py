"""What the pages, the API and the demo call an employer's account comes from its program:
"WSIB" for IHSA (CSPAAT in French), "WCB" for ACSA, with the program's number format."""

import pytest
from django.urls import reverse
from django.utils import translation

from certification.models import Organization, WsibAccount
from certification.services.organization import wsib_account_create
from tests.factories import OrganizationFactory, member


@pytest.fixture
def alberta(db):
    org = OrganizationFactory(program_id="acsa", province="AB", city="Calgary")
    smr = member(org, "smr")
    account = wsib_account_create(
        organization=org,
        account_number="630000999",
        firm_number="730000999",
        ohsms_in_place_since=None,
        by=smr,
    )
    return org, smr, account


def test_an_alberta_account_page_says_wcb(client, alberta):
    _org, smr, account = alberta
    client.force_login(smr)
    page = client.get(reverse("wsib_account_detail", args=[account.pk])).content.decode()
    assert "WCB account 630000999" in page
    assert "WCB account number" in page
    assert "WSIB account number" not in page and "WSIB firm number" not in page


def test_an_ontario_account_page_still_says_wsib_and_cspaat_in_french(client, cast):
    client.force_login(cast.smr)
    url = reverse("wsib_account_detail", args=[cast.wsib_account.pk])
    assert "WSIB account number" in client.get(url).content.decode()
    with translation.override("fr-ca"):
        assert cast.wsib_account.account_label == "CSPAAT"
        assert str(cast.wsib_account).startswith("CSPAAT ")


def test_the_add_form_takes_the_programs_label_and_format(client, alberta):
    org, smr, _account = alberta
    client.force_login(smr)
    url = reverse("wsib_account_create")
    page = client.get(url).content.decode()
    assert "WCB account number" in page and "7 to 9 digits" in page
    refused = client.post(url, {"account_number": "6300001234", "firm_number": "7300001"})
    assert refused.status_code == 400
    assert "7 to 9 digits" in refused.content.decode()
    assert not WsibAccount.objects.filter(account_number="6300001234").exists()
    added = client.post(url, {"account_number": "630000123", "firm_number": "7300001"})
    assert added.status_code == 302
    assert WsibAccount.objects.get(account_number="630000123").organization == org


def test_the_api_takes_a_wcb_number_and_names_the_account(api_client, alberta):
    _org, smr, _account = alberta
    api_client.force_authenticate(smr)
    answer = api_client.post(
        "/api/v1/wsib-accounts/",
        {"account_number": "630000124", "firm_number": "7300001"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["account_label"] == "WCB"
    too_long = api_client.post(
        "/api/v1/wsib-accounts/",
        {"account_number": "6300001250", "firm_number": "7300001"},
        format="json",
    )
    assert too_long.status_code == 400
    assert "7 to 9 digits" in str(too_long.json())


def test_an_ontario_api_number_still_needs_seven_digits(api_client, cast):
    api_client.force_authenticate(cast.smr)
    answer = api_client.post(
        "/api/v1/wsib-accounts/",
        {"account_number": "123456789", "firm_number": "1234567"},
        format="json",
    )
    assert answer.status_code == 400
    assert "exactly 7 digits" in str(answer.json())


@pytest.mark.django_db
def test_the_demo_has_an_alberta_employer_on_acsa_with_wcb_accounts():
    from django.core.management import call_command

    call_command("seed_demo")
    prairie = Organization.objects.get(legal_name="Prairie Summit Builders Ltd.")
    assert prairie.program_id == "acsa"
    numbers = sorted(prairie.wsib_accounts.values_list("account_number", flat=True))
    # Two WCB accounts of 9 digits, and one account per maintenance action plan stage
    # (sose.demo_acsa: 7 digits, as the public registry keeps them).
    assert numbers == ["630000101", "630000102"] + [f"630011{n}" for n in range(1, 7)]
    assert prairie.memberships.get().user.username == "absmr"
    # No demo WSIB number of another lane's range is used for Alberta.
    assert not any("4810000" <= n <= "4829999" for n in numbers)
