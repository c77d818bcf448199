"""The administrators' roster pages: every external auditor with company, status (since
when, why), Code of Ethics signature and conflicts; approve / suspend / remove with a reason
through the roster services (history kept); the conflicts list; refused to anyone else."""

import pytest

from audits.enums import AuditAction, AuditorStatus, ConflictKind
from audits.services.roster import conflict_declare
from cor_portal.accounts.enums import UserRole
from cor_portal.history.services import history_of
from tests.audits.external import approved_auditor
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture
def roster(cast):
    approved = approved_auditor(
        cast.admin, "Northern Audit Co.", first_name="Nora", last_name="North"
    )
    pending = UserFactory(
        role=UserRole.EXTERNAL_AUDITOR,
        auditing_company="Lakeshore Safety Audits",
        first_name="Lee",
        last_name="Lake",
    ).auditor_profile
    conflict_declare(
        auditor=approved,
        organization=cast.organization,
        kind=ConflictKind.CONSULTING,
        description="Wrote their JHSC terms of reference in 2024.",
        by=approved.user,
    )
    return approved, pending


def test_roster_list_shows_company_status_ethics_and_conflicts(client, cast, roster):
    approved, _pending = roster
    client.force_login(cast.admin)
    html = client.get("/staff/auditors/").content.decode()
    assert html.count('data-testid="roster-row"') == 3  # with the cast's external auditor
    assert "Nora North" in html and "Northern Audit Co." in html
    assert "Lee Lake" in html and "Lakeshore Safety Audits" in html
    assert "Awaiting approval" in html and "Approved" in html
    assert "Not signed" in html and "Signed " in html
    assert str(cast.organization) in html
    filtered = client.get("/staff/auditors/", {"status": "pending"}).content.decode()
    assert "Lee Lake" in filtered and "Nora North" not in filtered
    detail = client.get(f"/staff/auditors/{approved.pk}/").content.decode()
    assert "Wrote their JHSC terms of reference" in detail
    assert 'data-testid="roster-suspend"' in detail and 'data-testid="roster-remove"' in detail
    assert 'data-testid="roster-approve"' not in detail
    conflicts = client.get("/staff/auditors/conflicts/").content.decode()
    assert conflicts.count('data-testid="conflict-row"') == 1
    assert "Consulting services to the organization" in conflicts


def test_the_navigation_links_the_roster_for_administrators_only(client, cast):
    client.force_login(cast.admin)
    assert 'href="/staff/auditors/"' in client.get("/").content.decode()
    client.force_login(cast.reviewer)
    assert 'href="/staff/auditors/"' not in client.get("/").content.decode()


def test_suspend_remove_and_approve_again_with_reasons(client, cast, roster):
    approved, _pending = roster
    client.force_login(cast.admin)
    url = f"/staff/auditors/{approved.pk}/"
    response = client.post(url + "suspend/", {"reason": "Complaint under review"}, follow=True)
    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.status == AuditorStatus.SUSPENDED
    assert approved.status_reason == "Complaint under review"
    assert approved.status_changed_on is not None
    assert "Complaint under review" in response.content.decode()
    client.post(url + "approve/", {"reason": "Complaint dismissed"})
    approved.refresh_from_db()
    assert approved.status == AuditorStatus.APPROVED
    client.post(url + "remove/", {"reason": "Certification lapsed"})
    approved.refresh_from_db()
    assert approved.status == AuditorStatus.REMOVED
    actions = [h.action for h in history_of(approved)]
    assert actions[-3:] == [
        AuditAction.AUDITOR_SUSPENDED,
        AuditAction.AUDITOR_APPROVED,
        AuditAction.AUDITOR_REMOVED,
    ]
    page = client.get(url).content.decode()
    assert 'data-testid="roster-' not in page  # removed: nothing more to do


def test_bad_input_is_refused_with_nothing_changed(client, cast, roster):
    approved, pending = roster
    client.force_login(cast.admin)
    before = approved.status, pending.status
    response = client.post(f"/staff/auditors/{approved.pk}/suspend/", {"reason": "  "}, follow=True)
    assert "Give the reason for the suspension." in response.content.decode()
    response = client.post(f"/staff/auditors/{approved.pk}/remove/", {"reason": ""}, follow=True)
    assert "Give the reason for the removal." in response.content.decode()
    # The pending auditor has not signed the Code of Ethics: approval refused, saying why.
    response = client.post(f"/staff/auditors/{pending.pk}/approve/", {}, follow=True)
    assert "Code of Ethics" in response.content.decode()
    # Suspending someone not approved: refused.
    response = client.post(f"/staff/auditors/{pending.pk}/suspend/", {"reason": "x"}, follow=True)
    assert "Only an approved auditor can be suspended" in response.content.decode()
    assert client.post(f"/staff/auditors/{approved.pk}/promote/", {}).status_code == 404
    assert client.post("/staff/auditors/999999/suspend/", {"reason": "x"}).status_code == 404
    approved.refresh_from_db()
    pending.refresh_from_db()
    assert (approved.status, pending.status) == before


@pytest.mark.parametrize("who", ["smr", "reviewer", "auditor", "outsider"])
def test_anyone_but_administrators_is_refused(client, cast, roster, who):
    approved, _pending = roster
    client.force_login(getattr(cast, who))
    for url in (
        "/staff/auditors/",
        "/staff/auditors/conflicts/",
        f"/staff/auditors/{approved.pk}/",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"/staff/auditors/{approved.pk}/suspend/", {"reason": "x"}).status_code == 403
    )
    approved.refresh_from_db()
    assert approved.status == AuditorStatus.APPROVED


def test_roster_pages_in_french(client, cast, roster):
    cast.admin.language = "fr-ca"
    cast.admin.save()
    client.force_login(cast.admin)
    html = client.get("/staff/auditors/").content.decode()
    assert "Vérificateurs externes" in html
    assert "Conflits déclarés" in client.get("/staff/auditors/conflicts/").content.decode()


def test_a_conflict_declared_for_another_organization_is_listed(client, cast, roster):
    approved, _ = roster
    other = OrganizationFactory(legal_name="Quarry Partners Ltd.", operating_name="")
    conflict_declare(auditor=approved, organization=other, kind=ConflictKind.OTHER, by=cast.admin)
    client.force_login(cast.admin)
    html = client.get("/staff/auditors/conflicts/").content.decode()
    assert "Quarry Partners Ltd." in html and "Other conflict of interest" in html


def test_the_api_gives_what_the_roster_pages_show(cast, roster):
    from rest_framework.test import APIClient

    approved, pending = roster
    api = APIClient()
    api.force_authenticate(cast.admin)
    api.post(f"/api/v1/auditors/{approved.pk}/suspend/", {"reason": "Complaint"}, format="json")
    rows = {r["id"]: r for r in api.get("/api/v1/auditors/").json()["results"]}
    assert rows[approved.pk]["status"] == AuditorStatus.SUSPENDED
    assert rows[approved.pk]["status_reason"] == "Complaint"
    assert rows[approved.pk]["code_of_ethics_signed_at"] is not None
    assert rows[pending.pk]["code_of_ethics_signed_at"] is None
    conflicts = api.get("/api/v1/auditor-conflicts/", {"auditor": approved.pk}).json()["results"]
    assert [(c["organization"], c["kind"]) for c in conflicts] == [
        (cast.organization.pk, ConflictKind.CONSULTING)
    ]
    # An employer sees neither the reasons nor anyone's conflicts.
    api.force_authenticate(cast.smr)
    assert api.get("/api/v1/auditor-conflicts/").json()["count"] == 0
    api.force_authenticate(cast.admin)
    api.post(f"/api/v1/auditors/{approved.pk}/approve/", {"reason": "Cleared"}, format="json")
    api.force_authenticate(cast.smr)
    seen = {r["id"]: r for r in api.get("/api/v1/auditors/").json()["results"]}
    assert seen[approved.pk]["status_reason"] == ""
    # The auditor sees their own conflicts.
    api.force_authenticate(approved.user)
    assert api.get("/api/v1/auditor-conflicts/").json()["count"] == 1
