import pytest

from certification.models import Organization
from certification.services.organization import organization_update
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import history_of

pytestmark = pytest.mark.django_db


def test_smr_edits_facts_with_field_diffs_in_history(cast):
    org = cast.organization
    old_name = org.operating_name
    organization_update(
        organization=org, values={"operating_name": "New Name", "workers": 41}, by=cast.smr
    )
    org.refresh_from_db()
    assert (org.operating_name, org.workers) == ("New Name", 41)
    [entry] = history_of(org)
    assert entry.actor == cast.smr
    assert entry.changes == {"operating_name": [old_name, "New Name"], "workers": [40, 41]}


def test_no_change_records_nothing(cast):
    organization_update(
        organization=cast.organization, values={"workers": cast.organization.workers}, by=cast.smr
    )
    assert history_of(cast.organization).count() == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"legal_name": ""}, "legal_name"),
        ({"sector": "mining"}, "sector"),
        ({"contact_email": "not-an-address"}, "contact_email"),
    ],
)
def test_bad_values_name_the_field_and_change_nothing(cast, values, field):
    before = Organization.objects.get(pk=cast.organization.pk).__dict__.copy()
    with pytest.raises(DomainError) as err:
        organization_update(organization=cast.organization, values=values, by=cast.smr)
    assert err.value.field == field
    after = Organization.objects.get(pk=cast.organization.pk).__dict__
    assert {k: v for k, v in after.items() if k != "_state"} == {
        k: v for k, v in before.items() if k != "_state"
    }
    assert history_of(cast.organization).count() == 0


@pytest.mark.parametrize("who", ["internal_auditor", "viewer", "outsider", "reviewer", "admin"])
def test_only_own_smr_edits(cast, who):
    with pytest.raises(NotAllowed):
        organization_update(
            organization=cast.organization, values={"workers": 3}, by=getattr(cast, who)
        )
    assert Organization.objects.get(pk=cast.organization.pk).workers == 40
