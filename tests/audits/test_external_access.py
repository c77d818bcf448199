"""The engagement-auditor grant: an external auditor sees the engagements they are chosen
for, and — only once they accepted — what the engagement needs (the account, its audits,
evidence, CAPs), never another account, another organization, or another auditor's
engagement. Two auditors of two companies."""

import pytest
from rest_framework.test import APIClient

from audits.models import (
    Audit,
    AuditPlan,
    CorrectiveActionPlan,
    Evidence,
    ExternalEngagement,
    InternalReview,
    Review,
)
from certification.models import Organization, Person, Registration, WsibAccount
from cor_portal.access import visible
from tests.audits.external import make_external
from tests.factories import WsibAccountFactory


@pytest.fixture
def ext(flow):
    return make_external(flow)


def _sees(user):
    return {
        "engagements": set(visible(ExternalEngagement, user).values_list("pk", flat=True)),
        "accounts": set(visible(WsibAccount, user).values_list("pk", flat=True)),
        "audits": set(visible(Audit, user).values_list("pk", flat=True)),
        "caps": set(visible(CorrectiveActionPlan, user).values_list("pk", flat=True)),
        "plans": set(visible(AuditPlan, user).values_list("pk", flat=True)),
        "reviews": visible(InternalReview, user).count(),
        "evidence": visible(Evidence, user).count(),
        "people": visible(Person, user).count(),
        "registrations": visible(Registration, user).count(),
        "desk_reviews": visible(Review, user).count(),
        "organizations": visible(Organization, user).count(),
    }


def test_nothing_before_acceptance_then_only_the_engagement(ext):
    internal = ext.confirmed()
    second_account = WsibAccountFactory(organization=ext.cast.organization)
    engagement = ext.chosen()
    chosen = _sees(ext.auditor.user)
    assert chosen["engagements"] == {engagement.pk}
    assert chosen["accounts"] == set() and chosen["audits"] == set()
    assert _sees(ext.other.user)["engagements"] == set()

    from audits.services.engagement import engagement_accept

    engagement_accept(engagement=engagement, by=ext.auditor.user, no_conflict=True)
    seen = _sees(ext.auditor.user)
    assert seen["accounts"] == {ext.cast.wsib_account.pk}
    assert second_account.pk not in seen["accounts"]
    assert seen["audits"] == {internal.audit.pk}
    assert seen["caps"] == {internal.plan.pk}
    assert seen["plans"] == {engagement.plan.pk}
    assert seen["reviews"] == 1
    # ...and nothing the engagement does not need
    assert seen["people"] == seen["registrations"] == seen["desk_reviews"] == 0
    assert seen["organizations"] == 0
    # the other company's auditor sees none of it
    other = _sees(ext.other.user)
    assert not any(other[k] for k in ("engagements", "accounts", "audits", "caps", "plans"))


def test_declined_engagement_is_gone(ext):
    from audits.services.engagement import engagement_decline

    ext.confirmed()
    engagement = ext.chosen()
    engagement_decline(engagement=engagement, by=ext.auditor.user, reason="Busy")
    assert _sees(ext.auditor.user)["engagements"] == set()


def test_api_other_auditor_gets_404(ext):
    internal = ext.confirmed()
    engagement = ext.accepted()
    client = APIClient()
    client.force_authenticate(ext.other.user)
    assert client.get(f"/api/v1/engagements/{engagement.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/engagements/{engagement.pk}/decline/", {"reason": "x"}).status_code
        == 404
    )
    assert client.get(f"/api/v1/audits/{internal.audit.pk}/").status_code == 404
    assert client.get(f"/api/v1/audit-plans/{engagement.plan.pk}/").status_code == 404
    client.force_authenticate(ext.auditor.user)
    assert client.get(f"/api/v1/engagements/{engagement.pk}/").status_code == 200
    assert client.get(f"/api/v1/audits/{internal.audit.pk}/").status_code == 200
    assert client.get(f"/api/v1/corrective-action-plans/{internal.plan.pk}/").status_code == 200


def test_pages_other_auditor_gets_404(client, ext):
    ext.confirmed()
    engagement = ext.accepted()
    client.force_login(ext.other.user)
    assert client.get(f"/external/{engagement.pk}/").status_code == 404
    client.force_login(ext.auditor.user)
    response = client.get(f"/external/{engagement.pk}/")
    assert response.status_code == 200
    assert "Audit plan" in response.content.decode()
