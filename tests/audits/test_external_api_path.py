"""The whole way from a confirmed registration to a certificate through the API only: the
internal audit and its desk review, then the SMR chooses the auditor, the auditor accepts
and plans, the reviewer approves the plan, the auditor scores and reports, the reviewer
approves the report, the SMR downloads the certificate."""

import pytest
from rest_framework.test import APIClient

from audits.enums import AuditKind
from tests.audits.external import PLAN, make_external


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ok(response, code=200):
    assert response.status_code == code, response.content
    return response.json()


@pytest.mark.django_db
def test_confirmed_registration_to_certificate(flow, django_capture_on_commit_callbacks):
    ext = make_external(flow)
    cast = flow.cast
    ia, smr, reviewer = _client(cast.internal_auditor), _client(cast.smr), _client(cast.reviewer)
    admin, auditor = _client(cast.admin), _client(ext.auditor.user)
    audit = _ok(
        ia.post(
            "/api/v1/audits/",
            {
                "wsib_account": cast.wsib_account.pk,
                "kind": AuditKind.INITIAL_INTERNAL,
                "internal_auditor": flow.ia.pk,
            },
            format="json",
        ),
        201,
    )
    for item in flow.items.values():
        saved = ia.post(
            f"/api/v1/audits/{audit['id']}/responses/",
            {"item": item.pk, "points_earned": 10, "not_applicable": False, "note": ""},
            format="json",
        )
        assert saved.status_code in (200, 201), saved.content
    _ok(smr.post(f"/api/v1/audits/{audit['id']}/submit/", {"sign_off": True}, format="json"))
    _ok(
        reviewer.post(
            f"/api/v1/audits/{audit['id']}/pre-assess/",
            {"complete": True, "declared_score_meets_benchmarks": True, "reasons": ""},
            format="json",
        )
    )
    _ok(
        admin.post(
            f"/api/v1/audits/{audit['id']}/assign-reviewer/",
            {"reviewer": cast.reviewer.pk},
            format="json",
        )
    )
    # Desktop QA releases the desk review before its reviewer completes it.
    from audits.models import Audit
    from audits.selectors import open_review

    round_id = open_review(Audit.objects.get(pk=audit["id"])).pk
    _qa_release(admin, {"review": round_id})
    _ok(
        reviewer.post(
            f"/api/v1/audits/{audit['id']}/review/",
            {"items": [], "complete": True, "findings": [], "summary": "Good."},
            format="json",
        )
    )
    # The external audit
    auditors = _ok(smr.get("/api/v1/auditors/"))
    names = (
        [a["id"] for a in auditors["results"]]
        if "results" in auditors
        else [a["id"] for a in auditors]
    )
    assert ext.auditor.pk in names
    refused = smr.post(
        "/api/v1/engagements/",
        {"wsib_account": cast.wsib_account.pk, "auditor": 999999},
        format="json",
    )
    assert refused.status_code == 400 and "auditor" in refused.json()
    engagement = _ok(
        smr.post(
            "/api/v1/engagements/",
            {"wsib_account": cast.wsib_account.pk, "auditor": ext.auditor.pk},
            format="json",
        ),
        201,
    )
    eid = engagement["id"]
    assert auditor.post(f"/api/v1/engagements/{eid}/accept/", {}, format="json").status_code == 400
    engagement = _ok(
        auditor.post(f"/api/v1/engagements/{eid}/accept/", {"no_conflict": True}, format="json")
    )
    plan_id = engagement["plan"]
    body = {**PLAN, "starts_on": "2026-10-01", "ends_on": "2026-10-03", "audit_days": "3.0"}
    _ok(auditor.patch(f"/api/v1/audit-plans/{plan_id}/", body, format="json"))
    # the audit cannot start before the plan is approved
    early = auditor.post(f"/api/v1/engagements/{eid}/start/", {}, format="json")
    assert early.status_code == 400 and "plan" in early.json()
    plan = _ok(auditor.post(f"/api/v1/audit-plans/{plan_id}/submit/", {}, format="json"))
    assert plan["status"] == "submitted" and plan["approval_due_on"]
    assert smr.post(f"/api/v1/audit-plans/{plan_id}/approve/").status_code == 403
    _ok(reviewer.post(f"/api/v1/audit-plans/{plan_id}/approve/"))
    engagement = _ok(auditor.post(f"/api/v1/engagements/{eid}/start/", {}, format="json"))
    external_audit = engagement["audit"]
    for item in flow.items.values():
        response = auditor.post(
            f"/api/v1/audits/{external_audit}/responses/",
            {"item": item.pk, "points_earned": 10, "not_applicable": False, "note": ""},
            format="json",
        )
        assert response.status_code in (200, 201), response.content
    _ok(
        auditor.post(
            f"/api/v1/engagements/{eid}/findings/",
            {"kind": "strength", "text": "Clear records.", "item_number": "1.1"},
            format="json",
        ),
        201,
    )
    with django_capture_on_commit_callbacks(execute=True):
        engagement = _ok(
            auditor.post(f"/api/v1/engagements/{eid}/submit-report/", {}, format="json")
        )
    assert engagement["status"] == "report_submitted" and engagement["report_url"]
    assert smr.post(f"/api/v1/engagements/{eid}/approve-report/").status_code == 403
    refused = reviewer.post(f"/api/v1/engagements/{eid}/approve-report/")
    assert refused.status_code == 400 and "Desktop QA has not cleared" in str(refused.json())
    # Desktop QA's release approves the report (its outcome goes to the employer).
    with django_capture_on_commit_callbacks(execute=True):
        _qa_release(admin, {"engagement": eid})
    engagement = _ok(reviewer.get(f"/api/v1/engagements/{eid}/"))
    assert engagement["status"] == "passed"
    twice = reviewer.post(f"/api/v1/engagements/{eid}/approve-report/")
    assert twice.status_code == 400 and "already approved" in str(twice.json())
    certificates = _ok(smr.get("/api/v1/certificates/"))
    rows = certificates.get("results", certificates)
    [certificate] = rows
    pdf = smr.get(f"/api/v1/certificates/{certificate['id']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def _qa_release(client, subject: dict) -> dict:
    qa = client.post("/api/v1/qa-reviews/", subject, format="json")
    assert qa.status_code == 201, qa.json()
    qa = qa.json()
    answers = [{"code": c["code"], "answer": "no_concern"} for c in qa["checks"]]
    url = f"/api/v1/qa-reviews/{qa['id']}/"
    _ok(client.post(url + "checks/", {"checks": answers}, format="json"))
    return _ok(client.post(url + "release/", {}, format="json"))
