"""Reviewer assignment decides who may act before it reads the input: an employer's empty
POST answered like staff's (the page's "choose a reviewer" redirect, the API's 400), found by
the access matrix. Now 403 from both, and nothing changes."""

import pytest

from audits.models import InternalReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(flow):
    return flow.accepted()


@pytest.mark.parametrize("role", ["smr", "internal_auditor", "viewer"])
def test_an_employer_is_refused_before_its_input_is_read(client, api_client, flow, accepted, role):
    user = getattr(flow.cast, role)
    client.force_login(user)
    api_client.force_authenticate(user)
    before = list(InternalReview.objects.values_list("pk", "status", "reviewer_id"))

    page = client.post(f"/audits/{accepted.pk}/assign-reviewer/", {})
    api = api_client.post(f"/api/v1/audits/{accepted.pk}/assign-reviewer/", {}, format="json")
    named = api_client.post(
        f"/api/v1/audits/{accepted.pk}/assign-reviewer/",
        {"reviewer": flow.cast.reviewer.pk},
        format="json",
    )

    assert page.status_code == 403
    assert (api.status_code, named.status_code) == (403, 403)
    assert api.json() == {"detail": "Only certifying-body staff assign reviewers."}
    assert list(InternalReview.objects.values_list("pk", "status", "reviewer_id")) == before


def test_staff_still_get_the_input_error_and_can_assign(client, api_client, flow, accepted):
    client.force_login(flow.cast.admin)
    api_client.force_authenticate(flow.cast.admin)

    assert client.post(f"/audits/{accepted.pk}/assign-reviewer/", {}).status_code == 302
    empty = api_client.post(f"/api/v1/audits/{accepted.pk}/assign-reviewer/", {}, format="json")
    assert empty.status_code == 400
    done = api_client.post(
        f"/api/v1/audits/{accepted.pk}/assign-reviewer/",
        {"reviewer": flow.cast.reviewer.pk},
        format="json",
    )
    assert done.status_code == 200
    assert InternalReview.objects.get(audit=accepted).reviewer_id == flow.cast.reviewer.pk
