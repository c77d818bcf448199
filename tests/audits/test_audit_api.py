"""API of internal audits and CAPs: the permission cast on every endpoint, bad input as
{field: [message]} with nothing changed, score format, and constant query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audits.enums import AuditKind, CapStatus, InternalReviewStatus
from audits.models import Audit, Evidence, InternalReview, ItemResponse
from tests.audits.conftest import PDF, db_state, qa_cleared
from tests.factories import CAST_ROLES as ROLES
from tests.factories import WsibAccountFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
VISIBLE = {"smr", "internal_auditor", "viewer", "reviewer", "admin"}
SIGNED = {"sign_off": True}  # the SMR's sign-off tick, checked by the submit service


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def as_(flow, who) -> APIClient:
    return client_for(getattr(flow.cast, who))


# --- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_list_and_retrieve_cast(flow, who):
    audit = flow.start()
    client = as_(flow, who)
    listing = client.get(f"{API}/audits/")
    assert listing.status_code == 200
    ids = [row["id"] for row in listing.json()["results"]]
    assert ids == ([audit.pk] if who in VISIBLE else [])
    detail = client.get(f"{API}/audits/{audit.pk}/")
    assert detail.status_code == (200 if who in VISIBLE else 404)
    for sub in ("responses", "evidence", "score", "review"):
        assert client.get(f"{API}/audits/{audit.pk}/{sub}/").status_code == (
            200 if who in VISIBLE else 404
        ), sub


def test_anonymous_gets_nothing(flow):
    audit = flow.start()
    client = client_for(None)
    assert client.get(f"{API}/audits/").status_code == 401
    assert client.get(f"{API}/audits/{audit.pk}/").status_code == 401
    assert client.post(f"{API}/audits/{audit.pk}/submit/").status_code == 401


def test_retrieve_shows_the_audit_and_its_review_due_date(flow):
    audit = flow.submitted()
    data = as_(flow, "reviewer").get(f"{API}/audits/{audit.pk}/").json()
    assert data["status"] == "submitted"
    assert data["account_number"] == flow.cast.wsib_account.account_number
    assert data["received_on"] == audit.internal_review.received_on.isoformat()
    assert data["review_due_on"] is not None
    assert data["tool_label"] == str(flow.tool)


# --- start ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("smr", 201),
        ("internal_auditor", 201),
        ("viewer", 403),
        ("outsider", 400),  # not one of their accounts: same answer as an unknown id
        ("auditor", 403),  # starts no audit at all: refused before the input is read
        ("reviewer", 403),
        ("admin", 403),
    ],
)
def test_start_cast(flow, who, expected):
    payload = {
        "wsib_account": flow.cast.wsib_account.pk,
        "kind": AuditKind.INITIAL_INTERNAL,
        "internal_auditor": flow.ia.pk,
    }
    response = as_(flow, who).post(f"{API}/audits/", payload, format="json")
    assert response.status_code == expected, response.content
    assert Audit.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["status"] == "in_progress"
    if expected == 400:
        assert response.json() == {"wsib_account": ["Choose one of your accounts."]}


@pytest.mark.parametrize("kind", [AuditKind.RECERTIFICATION_INTERNAL])
def test_start_refuses_kinds_without_a_lifecycle_and_never_creates_a_second(flow, kind):
    """Bug c: these kinds skipped the readiness check and the one-open rule; issue 11: the
    recertification internal audit is for a certified account with its recertification open."""
    payload = {
        "wsib_account": flow.cast.wsib_account.pk,
        "kind": kind,
        "internal_auditor": flow.ia.pk,
    }
    client = as_(flow, "smr")
    for _attempt in range(2):
        before = db_state()
        response = client.post(f"{API}/audits/", payload, format="json")
        assert response.status_code == 400, response.content
        assert response.json() == {
            "wsib_account": [
                f"WSIB account {flow.cast.wsib_account.account_number} has no recertification "
                "open: the recertification internal audit is for a certified account nearing "
                "the end of its 3 years."
            ]
        }
        assert db_state() == before
    assert Audit.objects.count() == 0


def test_second_start_of_an_initial_internal_audit_is_refused(flow):
    payload = {
        "wsib_account": flow.cast.wsib_account.pk,
        "kind": AuditKind.INITIAL_INTERNAL,
        "internal_auditor": flow.ia.pk,
    }
    client = as_(flow, "smr")
    assert client.post(f"{API}/audits/", payload, format="json").status_code == 201
    again = client.post(f"{API}/audits/", payload, format="json")
    assert again.status_code == 400
    assert "already has an initial internal audit" in again.json()["wsib_account"][0]
    assert Audit.objects.count() == InternalReview.objects.count() == 1


# --- responses and evidence ---------------------------------------------------------------


PREPARE = {
    "smr": 200,
    "internal_auditor": 200,
    "viewer": 403,
    "outsider": 404,
    "auditor": 404,
    "reviewer": 403,
    "admin": 403,
}


@pytest.mark.parametrize("who", ROLES)
def test_save_response_cast(flow, who):
    audit = flow.start()
    response = as_(flow, who).post(
        f"{API}/audits/{audit.pk}/responses/",
        {"item": flow.items["1.2"].pk, "points_earned": 8},
        format="json",
    )
    assert response.status_code == PREPARE[who]
    if PREPARE[who] == 200:
        assert response.json()["points_earned"] == 8
        assert response.json()["item_number"] == "1.2"
    assert ItemResponse.objects.count() == (1 if PREPARE[who] == 200 else 0)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"points_earned": 11},
            {"points_earned": ["Item 1.2: points earned (11) cannot exceed the item's 10 points."]},
        ),
        (
            {"points_earned": -1},
            {"points_earned": ["Item 1.2: points earned cannot be negative (got -1)."]},
        ),
        (
            {"not_applicable": True, "note": ""},
            {"note": ["Item 1.2: a not-applicable item needs a note saying why."]},
        ),
    ],
)
def test_bad_responses_answer_400_naming_the_item(flow, payload, errors):
    audit = flow.start()
    before = db_state()
    response = as_(flow, "internal_auditor").post(
        f"{API}/audits/{audit.pk}/responses/",
        {"item": flow.items["1.2"].pk, **payload},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == errors
    assert db_state() == before


@pytest.mark.parametrize("who", ROLES)
def test_upload_evidence_cast(flow, who):
    audit = flow.start()
    response = as_(flow, who).post(
        f"{API}/audits/{audit.pk}/evidence/",
        {
            "file": SimpleUploadedFile("policy.pdf", PDF),
            "document_date": "2026-01-05",
            "item": flow.items["1.1"].pk,
        },
        format="multipart",
    )
    expected = 201 if PREPARE[who] == 200 else PREPARE[who]
    assert response.status_code == expected
    assert Evidence.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        data = response.json()
        assert data["original_name"] == "policy.pdf"
        assert data["item_number"] == "1.1"
        assert len(data["sha256"]) == 64
        assert data["download_url"] == f"/audits/evidence/{data['id']}/download/"


def test_uploading_an_executable_renamed_pdf_answers_400(flow, settings):
    audit = flow.start()
    before = db_state()
    response = as_(flow, "smr").post(
        f"{API}/audits/{audit.pk}/evidence/",
        {
            "file": SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 300),
            "document_date": "2026-01-05",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "invoice.pdf is not an accepted type" in response.json()["file"][0]
    assert db_state() == before


# --- score --------------------------------------------------------------------------------


def test_score_reports_two_decimals_and_exact_fractions(flow):
    audit = flow.start()
    flow.answer(audit, {"1.2": 7, "2.1": 3, "2.2": None})
    data = as_(flow, "viewer").get(f"{API}/audits/{audit.pk}/score/").json()
    assert (data["answered"], data["total"], data["reviewer"]) == (4, 4, None)
    employer = data["employer"]
    # element 1: 17/20 = 85 %; element 2: 3/10 = 30 %; overall 20/30 = 66.66… %
    assert employer["overall_pct"] == "66.66"
    assert employer["overall_exact"] == "200/3"
    assert [(e["element"], e["pct"], e["exact"]) for e in employer["elements"]] == [
        (1, "85.00", "85/1"),
        (2, "30.00", "30/1"),
    ]
    assert [(f["kind"], f["element"], f["item"]) for f in employer["failures"]] == [
        ("overall", None, None),
        ("element", 2, None),
    ]
    assert employer["passed"] is False


# --- transitions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("internal_auditor", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("auditor", 404),
        ("reviewer", 403),
        ("admin", 403),
        ("smr", 200),
    ],
)
def test_submit_cast(flow, who, expected):
    audit = flow.start()
    flow.answer(audit)
    response = as_(flow, who).post(f"{API}/audits/{audit.pk}/submit/", SIGNED, format="json")
    assert response.status_code == expected
    audit.refresh_from_db()
    assert audit.internal_review.status == ("submitted" if expected == 200 else "in_progress")


def test_submit_lists_every_problem(flow):
    audit = flow.start()
    before = db_state()
    response = as_(flow, "smr").post(f"{API}/audits/{audit.pk}/submit/", SIGNED, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "audit": [
            f"Item {n}: not answered yet; enter the points earned or mark it N/A."
            for n in ("1.1", "1.2", "2.1", "2.2")
        ]
    }
    assert db_state() == before


def test_submit_twice_answers_400(flow):
    audit = flow.submitted()
    response = as_(flow, "smr").post(f"{API}/audits/{audit.pk}/submit/", SIGNED, format="json")
    assert response.status_code == 400
    assert "already submitted" in response.json()["audit"][0]


STAFF_ONLY = {
    "smr": 403,
    "internal_auditor": 403,
    "viewer": 403,
    "outsider": 404,
    "auditor": 404,
    "reviewer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("who", ROLES)
def test_pre_assess_cast(flow, who):
    audit = flow.submitted()
    response = as_(flow, who).post(
        f"{API}/audits/{audit.pk}/pre-assess/",
        {"complete": True, "declared_score_meets_benchmarks": True},
        format="json",
    )
    assert response.status_code == STAFF_ONLY[who]
    audit.refresh_from_db()
    assert audit.internal_review.status == ("accepted" if STAFF_ONLY[who] == 200 else "submitted")


def test_pre_assess_return_needs_reasons(flow):
    audit = flow.submitted()
    response = as_(flow, "reviewer").post(
        f"{API}/audits/{audit.pk}/pre-assess/",
        {"complete": False, "declared_score_meets_benchmarks": True, "reasons": ""},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reasons"]


@pytest.mark.parametrize("who", ROLES)
def test_assign_reviewer_cast(flow, who):
    audit = flow.accepted()
    response = as_(flow, who).post(
        f"{API}/audits/{audit.pk}/assign-reviewer/",
        {"reviewer": flow.cast.reviewer.pk},
        format="json",
    )
    assert response.status_code == STAFF_ONLY[who]
    audit.refresh_from_db()
    assert audit.internal_review.status == (
        "under_review" if STAFF_ONLY[who] == 200 else "accepted"
    )


def test_assigning_a_non_reviewer_answers_400(flow):
    audit = flow.accepted()
    response = as_(flow, "admin").post(
        f"{API}/audits/{audit.pk}/assign-reviewer/", {"reviewer": flow.cast.smr.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reviewer": ["Choose an active reviewer of the certifying body."]}


REVIEW = {
    "smr": 403,
    "internal_auditor": 403,
    "viewer": 403,
    "outsider": 404,
    "auditor": 404,
    "reviewer": 200,
    "admin": 403,  # staff, but the review is not assigned to them
}


@pytest.mark.parametrize("who", ROLES)
def test_review_cast(flow, who):
    audit = flow.under_review()
    qa_cleared(
        audit,
        by=flow.cast.admin,
        reviewer=flow.cast.reviewer,
        rescored={"2.1": (flow.items["2.1"], 0, "No records")},
    )
    response = as_(flow, who).post(
        f"{API}/audits/{audit.pk}/review/",
        {
            "items": [{"item": flow.items["2.1"].pk, "points_earned": 0, "note": "No records"}],
            "complete": True,
            "findings": [{"text": "Inspections not recorded.", "item_number": "2.1"}],
        },
        format="json",
    )
    assert response.status_code == REVIEW[who]
    audit.refresh_from_db()
    if REVIEW[who] == 200:
        data = response.json()
        # element 2 = 10/20 = 50 % < 65 %: not confirmed
        assert (data["status"], audit.internal_review.status) == ("not_confirmed", "not_confirmed")
    else:
        assert audit.internal_review.status == "under_review"
        if who == "admin":
            assert response.json() == {"detail": "This audit's desk review is not assigned to you."}


def test_review_by_api_not_confirmed_returns_the_score_and_cap(flow):
    audit = flow.under_review()
    qa_cleared(
        audit,
        by=flow.cast.admin,
        reviewer=flow.cast.reviewer,
        rescored={n: (flow.items[n], 0, "No records") for n in ("2.1", "2.2")},
    )
    response = as_(flow, "reviewer").post(
        f"{API}/audits/{audit.pk}/review/",
        {
            "items": [
                {"item": flow.items["2.1"].pk, "points_earned": 0, "note": "No records"},
                {"item": flow.items["2.2"].pk, "points_earned": 0, "note": "No records"},
            ],
            "complete": True,
            "findings": [{"text": "Inspections not recorded.", "element_number": 2}],
        },
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "not_confirmed"
    assert data["score"]["overall_pct"] == "50.00"
    assert data["findings"] == [
        {"text": "Inspections not recorded.", "element_number": 2, "item_number": None}
    ]
    assert data["cap"] is not None
    # The employer now sees the completed review.
    seen = as_(flow, "viewer").get(f"{API}/audits/{audit.pk}/review/").json()
    assert seen["review"]["outcome"] == "not_confirmed"
    assert len(seen["items"]) == 2


def test_a_bad_review_item_rolls_back_the_whole_request(flow):
    audit = flow.under_review()
    before = db_state()
    response = as_(flow, "reviewer").post(
        f"{API}/audits/{audit.pk}/review/",
        {
            "items": [
                {"item": flow.items["2.1"].pk, "points_earned": 5},
                {"item": flow.items["2.2"].pk, "points_earned": 50},
            ],
            "complete": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "points_earned": ["Item 2.2: points earned (50) cannot exceed the item's 10 points."]
    }
    assert db_state() == before


def test_employers_do_not_see_a_review_in_progress(flow):
    audit = flow.under_review()
    as_(flow, "reviewer").post(
        f"{API}/audits/{audit.pk}/review/",
        {"items": [{"item": flow.items["2.1"].pk, "points_earned": 5}]},
        format="json",
    )
    assert as_(flow, "smr").get(f"{API}/audits/{audit.pk}/review/").json()["review"] is None
    staff = as_(flow, "admin").get(f"{API}/audits/{audit.pk}/review/").json()
    assert staff["items"][0]["points_earned"] == 5
    score = as_(flow, "smr").get(f"{API}/audits/{audit.pk}/score/").json()
    assert score["reviewer"] is None
    assert as_(flow, "admin").get(f"{API}/audits/{audit.pk}/score/").json()["reviewer"] is not None


# --- corrective action plans ------------------------------------------------------------------


@pytest.fixture
def plan(flow):
    return flow.reviewed(reviewer_points={"2.1": 0, "2.2": 0}).plan


@pytest.mark.parametrize("who", ROLES)
def test_cap_read_cast(flow, plan, who):
    client = as_(flow, who)
    ids = [row["id"] for row in client.get(f"{API}/corrective-action-plans/").json()["results"]]
    assert ids == ([plan.pk] if who in VISIBLE else [])
    detail = client.get(f"{API}/corrective-action-plans/{plan.pk}/")
    assert detail.status_code == (200 if who in VISIBLE else 404)
    if who in VISIBLE:
        assert [i["failure_kind"] for i in detail.json()["items"]] == ["overall", "element"]


CAP_EDIT = {
    "smr": 200,
    "internal_auditor": 200,
    "viewer": 403,
    "outsider": 404,
    "auditor": 404,
    "reviewer": 403,
    "admin": 403,
}


@pytest.mark.parametrize("who", ROLES)
def test_cap_item_update_cast(flow, plan, who):
    item = plan.items.first()
    response = as_(flow, who).patch(
        f"{API}/corrective-action-plans/{plan.pk}/items/{item.pk}/",
        {"owner": "Pat Lee", "target_date": "2026-12-15"},
        format="json",
    )
    assert response.status_code == CAP_EDIT[who]
    item.refresh_from_db()
    assert item.owner == ("Pat Lee" if CAP_EDIT[who] == 200 else "")


def _fill(flow, plan):
    for item in plan.items.all():
        response = as_(flow, "internal_auditor").patch(
            f"{API}/corrective-action-plans/{plan.pk}/items/{item.pk}/",
            {"owner": "Pat Lee", "target_date": "2026-12-15", "action": "Fix"},
            format="multipart",
        )
        assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("internal_auditor", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("auditor", 404),
        ("reviewer", 403),
        ("admin", 403),
        ("smr", 200),
    ],
)
def test_cap_submit_cast(flow, plan, who, expected):
    _fill(flow, plan)
    response = as_(flow, who).post(f"{API}/corrective-action-plans/{plan.pk}/submit/")
    assert response.status_code == expected
    plan.refresh_from_db()
    assert plan.status == (CapStatus.SUBMITTED if expected == 200 else CapStatus.DRAFT)


@pytest.mark.parametrize("who", ROLES)
def test_cap_approve_and_return_cast(flow, plan, who):
    _fill(flow, plan)
    as_(flow, "smr").post(f"{API}/corrective-action-plans/{plan.pk}/submit/")
    client = as_(flow, who)
    returned = client.post(
        f"{API}/corrective-action-plans/{plan.pk}/return/", {"reason": "Too vague"}, format="json"
    )
    assert returned.status_code == STAFF_ONLY[who]
    plan.refresh_from_db()
    if STAFF_ONLY[who] == 200:
        assert (plan.status, plan.return_reason) == ("returned", "Too vague")
        as_(flow, "smr").post(f"{API}/corrective-action-plans/{plan.pk}/submit/")
    else:
        assert plan.status == "submitted"
    approved = client.post(f"{API}/corrective-action-plans/{plan.pk}/approve/")
    assert approved.status_code == STAFF_ONLY[who]
    plan.refresh_from_db()
    assert plan.status == ("approved" if STAFF_ONLY[who] == 200 else "submitted")


def test_cap_return_without_reason_answers_400(flow, plan):
    _fill(flow, plan)
    as_(flow, "smr").post(f"{API}/corrective-action-plans/{plan.pk}/submit/")
    response = as_(flow, "reviewer").post(f"{API}/corrective-action-plans/{plan.pk}/return/")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]


def test_cap_item_evidence_upload_and_add_item(flow, plan):
    item = plan.items.first()
    response = as_(flow, "smr").patch(
        f"{API}/corrective-action-plans/{plan.pk}/items/{item.pk}/",
        {"evidence": SimpleUploadedFile("fix.pdf", PDF), "evidence_document_date": "2026-11-01"},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["evidence_name"] == "fix.pdf"
    added = as_(flow, "smr").post(
        f"{API}/corrective-action-plans/{plan.pk}/items/",
        {"description": "Quarterly toolbox talks", "item": flow.items["2.1"].pk},
        format="json",
    )
    assert added.status_code == 201
    assert (added.json()["order"], added.json()["item_number"]) == (3, "2.1")


# --- query counts -------------------------------------------------------------------------


def _make_audits(flow, n: int) -> None:
    for _ in range(n):
        account = WsibAccountFactory(organization=flow.cast.organization)
        audit = Audit.objects.create(
            kind=AuditKind.INITIAL_INTERNAL,
            wsib_account=account,
            tool=flow.tool,
            internal_auditor=flow.ia,
            prepared_by=flow.cast.smr,
        )
        InternalReview.objects.create(
            audit=audit,
            wsib_account=account,
            kind=audit.kind,
            status=InternalReviewStatus.IN_PROGRESS,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["smr", "reviewer"])
def test_audit_list_queries_do_not_grow(flow, who):
    _make_audits(flow, 2)
    client = as_(flow, who)
    client.get(f"{API}/audits/")  # warm the per-user membership cache
    few = _queries(client, f"{API}/audits/")
    _make_audits(flow, 10)
    many = _queries(client, f"{API}/audits/")
    assert few == many
    assert many <= 6


def test_cap_list_queries_do_not_grow(flow, plan):
    client = as_(flow, "reviewer")
    few = _queries(client, f"{API}/corrective-action-plans/")
    order = 10
    for item in plan.items.all():
        for _ in range(5):
            order += 1
            item.pk = None
            item.order = order
            item.save()
    many = _queries(client, f"{API}/corrective-action-plans/")
    assert few == many <= 8
