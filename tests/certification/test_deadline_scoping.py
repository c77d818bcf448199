"""Certification tells the deadline engine who belongs to which organization: employer users
see the deadlines that bind their organization, and nobody else's."""

from datetime import date

import pytest

from cor_portal.access import visible
from cor_portal.deadlines import scoping
from cor_portal.deadlines.models import Deadline
from cor_portal.deadlines.services import deadline_open


@pytest.mark.django_db
def test_employer_users_see_their_organizations_deadlines_only(cast):
    ours = deadline_open(
        kind="D2",
        subject=cast.wsib_account,
        due_on=date(2027, 5, 21),
        opened_on=date(2026, 11, 21),
        title="Complete the external audit",
        organization_id=cast.organization.pk,
        wsib_account_id=cast.wsib_account.pk,
    )
    theirs = deadline_open(
        kind="D2",
        subject=cast.other_wsib_account,
        due_on=date(2027, 5, 21),
        opened_on=date(2026, 11, 21),
        title="Complete the external audit",
        organization_id=cast.other_organization.pk,
        wsib_account_id=cast.other_wsib_account.pk,
    )

    def seen(user):
        return set(visible(Deadline, user).values_list("pk", flat=True))

    assert seen(cast.smr) == {ours.pk}
    assert seen(cast.viewer) == {ours.pk}
    assert seen(cast.outsider) == {theirs.pk}
    assert seen(cast.auditor) == set()
    assert seen(cast.reviewer) == {ours.pk, theirs.pk}


@pytest.mark.django_db
def test_members_of_lists_active_members_per_organization(cast):
    cast.viewer.is_active = False
    cast.viewer.save(update_fields=["is_active"])

    members = scoping.members_of({cast.organization.pk})

    assert {u.username for u in members[cast.organization.pk]} == {
        cast.smr.username,
        cast.internal_auditor.username,
    }
