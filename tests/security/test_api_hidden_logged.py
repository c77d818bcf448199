"""An API detail lookup outside the caller's scope (another organization's id) answers 404
and is written to the security log as a failed authorization, as the pages' 404s are
(tests/security/test_item9_rest.py): the API's object lookups did not go through
get_visible_or_404, so these refusals went unrecorded."""

import pytest
from rest_framework.test import APIClient

from cor_portal.accounts.tokens import api_token_issue
from cor_portal.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def _hidden():
    return list(SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_HIDDEN).order_by("id"))


def _token_client(user) -> APIClient:
    _token, secret = api_token_issue(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_another_organizations_id_is_logged_for_detail_and_action_routes(flow):
    audit = flow.start()
    outsider = _token_client(flow.cast.outsider)

    detail = outsider.get(f"/api/v1/audits/{audit.pk}/")
    action = outsider.post(f"/api/v1/audits/{audit.pk}/submit/", {}, format="json")

    assert (detail.status_code, action.status_code) == (404, 404)
    first, second = _hidden()
    assert (first.user, first.method, first.path) == (
        flow.cast.outsider,
        "GET",
        f"/api/v1/audits/{audit.pk}/",
    )
    assert first.details == {"model": "audits.Audit"}
    assert (second.method, second.path) == ("POST", f"/api/v1/audits/{audit.pk}/submit/")


def test_the_own_organizations_object_and_ordinary_404s_write_nothing(flow):
    audit = flow.start()
    smr = _token_client(flow.cast.smr)

    assert smr.get(f"/api/v1/audits/{audit.pk}/").status_code == 200
    # a forged keyset cursor: a 404 of the list, not of an object
    assert smr.get("/api/v1/audits/?cursor=forged").status_code == 404
    assert APIClient().get(f"/api/v1/audits/{audit.pk}/").status_code == 401
    assert _hidden() == []


def test_other_scoped_resources_are_logged_with_their_model(flow):
    from tests.factories import PersonFactory

    person = PersonFactory(organization=flow.cast.organization)
    outsider = _token_client(flow.cast.outsider)

    assert outsider.get(f"/api/v1/people/{person.pk}/").status_code == 404
    (event,) = _hidden()
    assert event.details == {"model": "certification.Person"}
