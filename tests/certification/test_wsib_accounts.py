"""WSIB accounts: the number rules, uniqueness without leaking whose number it is, and when
the verified numbers may change."""

from datetime import date

import pytest

from certification.models import WsibAccount
from certification.services.organization import wsib_account_create, wsib_account_update
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _create(cast, account_number="0012345", firm_number="0098765", by=None):
    return wsib_account_create(
        organization=cast.organization,
        account_number=account_number,
        firm_number=firm_number,
        ohsms_in_place_since=date(2024, 5, 1),
        by=by or cast.smr,
    )


def test_create_keeps_leading_zeros_and_records_history(cast):
    account = _create(cast)
    account.refresh_from_db()
    assert (account.account_number, account.firm_number) == ("0012345", "0098765")
    [entry] = history_of(account)
    assert entry.action == "wsib_account_created"
    assert entry.changes["account_number"] == ["", "0012345"]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12a4567", "Use digits only (0–9), no letters or punctuation."),
        ("123-456", "Use digits only (0–9), no letters or punctuation."),
        ("123 4567", "Enter the number without spaces."),
        ("123456", "The number must be exactly 7 digits; this one has 6."),
        ("12345678", "The number must be exactly 7 digits; this one has 8."),
        ("", "Enter the number."),
        ("١٢٣٤٥٦٧", "Use digits only (0–9), no letters or punctuation."),
    ],
)
@pytest.mark.parametrize("field", ["account_number", "firm_number"])
def test_bad_numbers_are_refused_with_the_field_and_nothing_is_saved(cast, number, message, field):
    before = WsibAccount.objects.count()
    kwargs = {"account_number": "7654321", "firm_number": "1234567", field: number}
    with pytest.raises(DomainError) as err:
        _create(cast, **kwargs)
    assert (err.value.field, err.value.message) == (field, message)
    assert WsibAccount.objects.count() == before


def test_already_registered_number_does_not_reveal_the_owner(cast):
    before = WsibAccount.objects.count()
    with pytest.raises(DomainError) as err:
        _create(cast, account_number=cast.other_wsib_account.account_number)
    assert err.value.message == "This WSIB account number is already registered."
    assert cast.other_organization.legal_name not in err.value.message
    assert err.value.field == "account_number"
    assert WsibAccount.objects.count() == before


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "outsider", "auditor", "admin"])
def test_only_the_organizations_smr_adds_accounts(cast, who):
    with pytest.raises(NotAllowed):
        _create(cast, by=getattr(cast, who))
    assert not WsibAccount.objects.filter(account_number="0012345").exists()


def test_update_numbers_without_registration_records_diff(cast):
    account = cast.wsib_account
    old = account.firm_number
    wsib_account_update(wsib_account=account, values={"firm_number": "0000001"}, by=cast.smr)
    account.refresh_from_db()
    assert account.firm_number == "0000001"
    entry = history_of(account).last()
    assert (entry.action, entry.changes) == (
        "wsib_account_updated",
        {"firm_number": [old, "0000001"]},
    )


@pytest.mark.parametrize(
    ("status", "numbers_editable"),
    [
        ("draft", True),
        ("reregistration_requested", True),
        ("submitted", False),
        ("resubmitted", False),
        ("confirmed", False),
    ],
)
def test_numbers_are_locked_while_verified_or_being_verified(cast, status, numbers_editable):
    RegistrationFactory(
        wsib_account=cast.wsib_account,
        status=status,
        submitted_at="2026-11-01T10:00Z",
        reregistration_reason="wrong firm number",
        confirmed_at="2026-11-02T10:00Z",
        confirmed_by=cast.admin,
    )
    old = cast.wsib_account.firm_number
    if numbers_editable:
        wsib_account_update(
            wsib_account=cast.wsib_account, values={"firm_number": "0000002"}, by=cast.smr
        )
        assert WsibAccount.objects.get(pk=cast.wsib_account.pk).firm_number == "0000002"
    else:
        with pytest.raises(DomainError, match="cannot be changed while a registration") as err:
            wsib_account_update(
                wsib_account=cast.wsib_account, values={"firm_number": "0000002"}, by=cast.smr
            )
        assert err.value.field == "firm_number"
        assert WsibAccount.objects.get(pk=cast.wsib_account.pk).firm_number == old
    # The OHSMS date is not verified at registration: always correctable.
    wsib_account_update(
        wsib_account=cast.wsib_account,
        values={"ohsms_in_place_since": date(2023, 1, 2)},
        by=cast.smr,
    )
    assert WsibAccount.objects.get(pk=cast.wsib_account.pk).ohsms_in_place_since == date(2023, 1, 2)


def test_update_to_a_taken_number_is_refused(cast):
    with pytest.raises(DomainError, match="already registered"):
        wsib_account_update(
            wsib_account=cast.wsib_account,
            values={"account_number": cast.other_wsib_account.account_number},
            by=cast.smr,
        )


def test_outsider_cannot_update(cast):
    with pytest.raises(NotAllowed):
        wsib_account_update(
            wsib_account=cast.wsib_account, values={"firm_number": "0000003"}, by=cast.outsider
        )
