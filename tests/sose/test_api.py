"""The whole SOSE job through /api/v1/action-plans/ (start → pre-filled objectives →
milestones → proposal → Lead Auditor → verification plan → evidence → sign-off → 100 %
verification → Ministry package), refusals as JSON naming the field, and the list's and
detail's queries pinned (constant in rows)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sose.enums import PlanKind
from tests.audits.conftest import PDF

pytestmark = pytest.mark.django_db


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_sose_through_the_api(sose, lead, api_client):
    cast = sose.cast
    client = _as(api_client, cast.smr)
    started = client.post(
        "/api/v1/action-plans/",
        {"kind": PlanKind.SOSE_SAP, "wsib_account": cast.wsib_account.pk},
        format="json",
    )
    assert started.status_code == 201, started.json()
    plan = started.json()
    url = f"/api/v1/action-plans/{plan['id']}/"
    assert [o["statement"] for o in plan["objectives"]] == [
        "Update the hazard register",
        "Train JHSC",
    ]
    # refused while objectives have no milestones: every problem named, nothing changed
    refused = client.post(url + "submit-proposal/", {}, format="json")
    assert refused.status_code == 400
    assert "milestone_count" in refused.json()["rules"]
    today = timezone.localdate()
    for objective in plan["objectives"]:
        changed = client.patch(
            f"{url}objectives/{objective['id']}/",
            {"measure": "Register reviewed", "starts_on": today, "ends_on": today + timedelta(60)},
            format="json",
        )
        assert changed.status_code == 200, changed.json()
        for n in (1, 2):
            added = client.post(
                f"{url}objectives/{objective['id']}/milestones/",
                {"description": f"Step {n}", "assignee": "JHSC", "target_date": today},
                format="json",
            )
            assert added.status_code == 201, added.json()
    bad_weight = client.post(
        f"{url}objectives/{plan['objectives'][0]['id']}/milestones/",
        {"description": "x", "assignee": "y", "weight": "10"},
        format="json",
    )
    assert bad_weight.status_code == 400 and "weight" in bad_weight.json()
    assert client.post(url + "submit-proposal/", {}, format="json").status_code == 200
    assert _as(api_client, cast.reviewer).post(url + "approve/").status_code == 403
    assert _as(api_client, lead).post(url + "approve/").status_code == 200
    auditor = sose.extras["engagement"].auditor.user
    client = _as(api_client, auditor)
    planned = client.post(
        url + "verification-plan/", {"scope": "Every objective", "cost": "1800.00"}, format="json"
    )
    assert planned.status_code == 200, planned.json()
    client = _as(api_client, cast.smr)
    detail = client.get(url).json()
    milestones = [m for o in detail["objectives"] for m in o["milestones"]]
    for m in milestones:
        done = client.patch(f"{url}milestones/{m['id']}/", {"completed_on": today}, format="json")
        assert done.status_code == 200, done.json()
        undated = client.post(
            f"{url}milestones/{m['id']}/deliverables/",
            {"file": SimpleUploadedFile("e.pdf", PDF), "title": "Register"},
            format="multipart",
        )
        assert undated.status_code == 400 and "document_date" in undated.json()
        attached = client.post(
            f"{url}milestones/{m['id']}/deliverables/",
            {"file": SimpleUploadedFile("e.pdf", PDF), "title": "Register", "document_date": today},
            format="multipart",
        )
        assert attached.status_code == 201, attached.json()
    assert client.get(url).json()["progress"]["overall"] == "100.00"
    final = client.post(url + "submit-final/", {"signed_name": "Sam Smr"}, format="json")
    assert final.status_code == 200, final.json()
    client = _as(api_client, auditor)
    verified = client.post(
        url + "verify/",
        {
            "achieved": {str(m["id"]): True for m in milestones},
            "results": "Fully implemented",
            "strengths": "Leadership",
            "recommendations": "Keep the register current",
        },
        format="json",
    )
    assert verified.status_code == 200, verified.json()
    assert (verified.json()["status"], verified.json()["score_pct"]) == ("passed", "100.00")
    package = _as(api_client, cast.smr).post(url + "package/")
    assert package.status_code == 200
    assert package["Content-Type"] == "application/pdf"
    assert b"".join(package.streaming_content).startswith(b"%PDF")


def test_list_and_detail_queries_constant(sose, api_client, django_assert_max_num_queries):
    from sose.services.plan import plan_start

    cast = sose.cast
    plan = plan_start(kind=PlanKind.SOSE_SAP, wsib_account=cast.wsib_account, by=cast.smr)
    client = _as(api_client, cast.smr)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/action-plans/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/action-plans/{plan.pk}/").status_code == 200
