"""Audit permissions take the object: who (role on this audit's organization, the assigned
reviewer, certifying-body staff) & when (the audit's or plan's state). Pages and services ask
the same permissions; the "who" half alone is what services check before their own state
checks."""

import pytest

from audits.rules import require_role
from cor_portal.errors import NotAllowed
from tests.audits.conftest import Flow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_preparing_takes_the_audits_organization_and_its_state(flow: Flow):
    audit = flow.start()
    cast = flow.cast
    assert cast.internal_auditor.has_perm("audits.prepare_audit", audit)
    assert cast.smr.has_perm("audits.submit_audit", audit)
    # The SMR of another organization is an SMR, but not of this audit's organization.
    assert not cast.outsider.has_perm("audits.prepare_audit", audit)
    assert not cast.outsider.has_perm("audits.submit_audit", audit)
    assert not cast.viewer.has_perm("audits.prepare_audit", audit)
    assert not cast.internal_auditor.has_perm("audits.submit_audit", audit)
    # Starting takes the organization or the account.
    assert cast.smr.has_perm("audits.start_audit", cast.wsib_account)
    assert cast.smr.has_perm("audits.start_audit", cast.organization)
    assert not cast.outsider.has_perm("audits.start_audit", cast.wsib_account)
    assert not cast.smr.has_perm("audits.start_audit", cast.other_wsib_account)


def test_the_state_half_follows_the_audit(flow: Flow):
    audit = flow.submitted()
    cast = flow.cast
    assert not cast.smr.has_perm("audits.submit_audit", audit)
    assert not cast.internal_auditor.has_perm("audits.prepare_audit", audit)
    assert cast.reviewer.has_perm("audits.pre_assess_audit", audit)
    assert not cast.reviewer.has_perm("audits.assign_reviewer", audit)
    # The "who" half alone still holds: a service answers the state with its own message.
    require_role(cast.smr, "audits.submit_audit", audit, "no")
    with pytest.raises(NotAllowed):
        require_role(cast.viewer, "audits.submit_audit", audit, "no")


def test_review_is_the_assigned_reviewers_while_under_review(flow: Flow):
    audit = flow.under_review()
    other = UserFactory(role="reviewer")
    assert flow.cast.reviewer.has_perm("audits.review_audit", audit)
    assert not other.has_perm("audits.review_audit", audit)
    assert not flow.cast.admin.has_perm("audits.review_audit", audit)
    assert other.has_perm("audits.view_desk_review", audit)
    assert not flow.cast.smr.has_perm("audits.view_desk_review", audit)


def test_plan_permissions(flow: Flow):
    plan = flow.reviewed(reviewer_points={"2.1": 0}).plan
    cast = flow.cast
    assert cast.internal_auditor.has_perm("audits.edit_cap", plan)
    assert cast.smr.has_perm("audits.submit_cap", plan)
    assert not cast.outsider.has_perm("audits.edit_cap", plan)
    assert not cast.reviewer.has_perm("audits.decide_cap", plan)  # not submitted yet
    assert not cast.reviewer.has_perm("audits.review_audit", plan.audit)  # review completed
