"""The pages around the external audit: every role's home, audit list and engagement page
render once an external audit exists (its Audit has no internal review), and the employer's
external-audit page carries the October 1 advisory."""

import pytest

from tests.audits.external import make_external


@pytest.fixture
def ext(flow):
    return make_external(flow)


def test_pages_render_after_a_passed_external_audit(client, ext):
    ext.confirmed()
    engagement = ext.decided()
    for user in (
        ext.cast.smr,
        ext.cast.internal_auditor,
        ext.cast.viewer,
        ext.cast.reviewer,
        ext.cast.admin,
        ext.auditor.user,
    ):
        client.force_login(user)
        cap = engagement.audit.cap
        for url in (
            "/",
            "/audits/",
            "/external/",
            f"/external/{engagement.pk}/",
            f"/audits/caps/{cap.pk}/",
            f"/api/v1/corrective-action-plans/{cap.pk}/",
        ):
            response = client.get(url, follow=True)
            assert response.status_code in (200, 404), (user, url)
    client.force_login(ext.cast.smr)
    html = client.get("/external/").content.decode()
    assert "October 1 of the year before" in html


def test_auditor_workspace_in_french(client, ext):
    ext.confirmed()
    engagement = ext.accepted()
    ext.auditor.user.language = "fr-ca"
    ext.auditor.user.save()
    client.force_login(ext.auditor.user)
    html = client.get(f"/external/{engagement.pk}/").content.decode()
    assert "Plan de vérification" in html
