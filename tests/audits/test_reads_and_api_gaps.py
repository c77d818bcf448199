"""The audits read side and the API gaps: a missed D1 keeps its date (home page and API), the
desk review in progress never reaches the employer (API review POST, history), filters over
the caller's own scope, the SMR's sign-off and the length limits checked behind the API,
a too-long review summary refused with nothing changed (bug a), the assignable reviewers,
evidence removal and the 12-month flag through the API."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audits.enums import InternalReviewStatus
from audits.limits import CAP_OWNER_MAX_LENGTH, NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from audits.models import Audit, Evidence, InternalReview
from audits.services.audit import evidence_attach
from audits.services.review import desk_review_save_item, review_complete
from cor_portal.deadlines.models import Deadline
from cor_portal.errors import DomainError
from tests.audits.conftest import PDF, Flow, db_state, qa_cleared
from tests.audits.test_pages_review import _more_accounts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def as_(flow: Flow, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(getattr(flow.cast, who))
    return client


def _miss_d1(audit: Audit, days_late: int = 3):
    """The audit's 60 days ended `days_late` days ago and the sweep recorded D1 missed."""
    from cor_portal.deadlines.services import sweep

    today = timezone.localdate()
    due = today - timedelta(days=days_late)
    Deadline.objects.filter(subject_id=str(audit.pk), kind="D1").update(
        due_on=due, opened_on=due - timedelta(days=60)
    )
    # The internal review's stored copy of D1's due date moves with it (as in the demo).
    InternalReview.objects.filter(audit=audit).update(review_due_on=due)
    sweep(today)
    d1 = Deadline.objects.get(subject_id=str(audit.pk), kind="D1")
    assert d1.state == Deadline.State.MISSED
    return due


# --- bug b: a missed D1 keeps its date ---------------------------------------------------------


def test_reviewer_home_shows_a_missed_review_as_overdue_and_first(client, flow: Flow):
    late = flow.submitted()
    _more_accounts(1, flow.tool)  # another audit, due in 60 days
    on_time = Audit.objects.exclude(pk=late.pk).get()
    due = _miss_d1(late)
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("home")).content.decode()
    assert f"review due {due.isoformat()} (3 days overdue)" in html
    assert "review due —" not in html
    first = html.index(f"WSIB account {late.wsib_account.account_number}:")
    second = html.index(f"WSIB account {on_time.wsib_account.account_number}:")
    assert first < second


def test_api_review_due_on_keeps_the_missed_d1_date(flow: Flow):
    audit = flow.submitted()
    due = _miss_d1(audit)
    client = as_(flow, "reviewer")
    assert client.get(f"{API}/audits/{audit.pk}/").json()["review_due_on"] == due.isoformat()
    listed = client.get(f"{API}/audits/").json()["results"]
    assert [row["review_due_on"] for row in listed] == [due.isoformat()]


# --- issue 7 item 4: the open review is the certifying body's ----------------------------------


@pytest.mark.parametrize("who", ["viewer", "smr", "internal_auditor"])
def test_employer_posting_to_review_gets_403_and_no_draft(flow: Flow, who):
    audit = flow.under_review()
    desk_review_save_item(
        audit=audit,
        item=flow.items["1.2"],
        points_earned=3,
        not_applicable=False,
        note="Draft note for the reviewer only",
        by=flow.cast.reviewer,
    )
    before = db_state()
    response = as_(flow, who).post(f"{API}/audits/{audit.pk}/review/", {}, format="json")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Draft note" not in body
    assert "points_earned" not in body and "items" not in body and "score" not in body
    assert db_state() == before


def test_history_api_hides_the_review_in_progress_from_the_employer(flow: Flow):
    audit = flow.under_review()
    desk_review_save_item(
        audit=audit,
        item=flow.items["1.2"],
        points_earned=3,
        not_applicable=False,
        note="Draft",
        by=flow.cast.reviewer,
    )
    employer = [
        e["action"] for e in as_(flow, "smr").get(f"{API}/audits/{audit.pk}/history/").json()
    ]
    staff = [
        e["action"] for e in as_(flow, "admin").get(f"{API}/audits/{audit.pk}/history/").json()
    ]
    assert "review_item_scored" not in employer
    assert "review_item_scored" in staff
    assert set(employer) < set(staff)
    assert as_(flow, "outsider").get(f"{API}/audits/{audit.pk}/history/").status_code == 404


# --- issue 7 item 8: filters over the caller's own scope ---------------------------------------


def test_reviewer_filter_reads_another_organizations_id_like_an_unknown_one(flow: Flow):
    audit = flow.under_review()
    reviewer = flow.cast.reviewer.pk
    outsider = as_(flow, "outsider")
    for value in (reviewer, 999_999):
        response = outsider.get(f"{API}/audits/", {"reviewer": value})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
    own = as_(flow, "smr").get(f"{API}/audits/", {"reviewer": reviewer}).json()["results"]
    assert [row["id"] for row in own] == [audit.pk]
    assert as_(flow, "smr").get(f"{API}/audits/", {"reviewer": 999_999}).json()["results"] == []


def test_cap_audit_filter_reads_another_organizations_id_like_an_unknown_one(flow: Flow):
    plan = flow.reviewed(reviewer_points={"2.1": 0}).plan
    outsider = as_(flow, "outsider")
    for value in (plan.audit_id, 999_999):
        response = outsider.get(f"{API}/corrective-action-plans/", {"audit": value})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
    own = as_(flow, "smr").get(f"{API}/corrective-action-plans/", {"audit": plan.audit_id})
    assert [row["id"] for row in own.json()["results"]] == [plan.pk]


# --- rules behind the API: sign-off and length limits ------------------------------------------


def test_api_submit_without_sign_off_is_refused_naming_the_field(flow: Flow):
    audit = flow.start()
    flow.answer(audit)
    before = db_state()
    for payload in ({}, {"sign_off": False}):
        response = as_(flow, "smr").post(f"{API}/audits/{audit.pk}/submit/", payload, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["sign_off"]
    assert db_state() == before
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.IN_PROGRESS


def test_api_too_long_note_is_refused_naming_the_field(flow: Flow):
    audit = flow.start()
    before = db_state()
    response = as_(flow, "internal_auditor").post(
        f"{API}/audits/{audit.pk}/responses/",
        {"item": flow.items["1.2"].pk, "points_earned": 5, "note": "x" * (NOTE_MAX_LENGTH + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    assert db_state() == before


def test_api_too_long_cap_owner_is_refused_naming_the_field(flow: Flow):
    plan = flow.reviewed(reviewer_points={"2.1": 0}).plan
    cap_item = plan.items.first()
    before = db_state()
    response = as_(flow, "smr").patch(
        f"{API}/corrective-action-plans/{plan.pk}/items/{cap_item.pk}/",
        {"owner": "o" * (CAP_OWNER_MAX_LENGTH + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["owner"]
    assert db_state() == before


# --- bug a: a too-long summary is a field error, nothing changed --------------------------------


def test_review_complete_refuses_a_too_long_summary(flow: Flow):
    audit = flow.under_review()
    qa_cleared(audit, by=flow.cast.admin)
    before = db_state()
    with pytest.raises(DomainError) as refused:
        review_complete(audit=audit, by=flow.cast.reviewer, summary="s" * (SUMMARY_MAX_LENGTH + 1))
    assert refused.value.field == "summary"
    assert db_state() == before


def test_api_too_long_summary_is_refused_naming_the_field(flow: Flow):
    audit = flow.under_review()
    qa_cleared(audit, by=flow.cast.admin)
    before = db_state()
    response = as_(flow, "reviewer").post(
        f"{API}/audits/{audit.pk}/review/",
        {"complete": True, "summary": "s" * (SUMMARY_MAX_LENGTH + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["summary"]
    assert db_state() == before


def test_page_too_long_summary_is_a_field_error_and_the_review_stays_open(client, flow: Flow):
    audit = flow.under_review()
    qa_cleared(audit, by=flow.cast.admin)
    client.force_login(flow.cast.reviewer)
    before = db_state()
    response = client.post(
        reverse("audits:review_complete", args=[audit.pk]),
        {"summary": "s" * (SUMMARY_MAX_LENGTH + 1)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="summary-error"' in html
    assert f"at most {SUMMARY_MAX_LENGTH:,}".replace(",", "") in html.replace(",", "")
    assert db_state() == before
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.UNDER_REVIEW


# --- gap: assignable reviewers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("reviewer", 200),
        ("admin", 200),
        ("smr", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("auditor", 403),
    ],
)
def test_reviewers_list_is_staff_only(flow: Flow, who, expected):
    UserFactory(role="reviewer", is_active=False)
    response = as_(flow, who).get(f"{API}/reviewers/")
    assert response.status_code == expected
    if expected == 200:
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [flow.cast.reviewer.pk]  # active reviewers only, no admin, no employer
    else:
        assert "results" not in response.json()


def test_reviewers_list_needs_a_login():
    assert APIClient().get(f"{API}/reviewers/").status_code == 401


def test_assign_form_offers_the_same_reviewers(client, flow: Flow):
    audit = flow.accepted()
    inactive = UserFactory(role="reviewer", is_active=False, first_name="Gone", last_name="Away")
    client.force_login(flow.cast.admin)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert f'<option value="{flow.cast.reviewer.pk}"' in html
    assert f'<option value="{inactive.pk}"' not in html
    assert f'<option value="{flow.cast.admin.pk}"' not in html


# --- gap: evidence through the API --------------------------------------------------------------


def _attach(flow: Flow, audit: Audit, name: str, days_old: int) -> Evidence:
    return evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile(name, PDF),
        document_date=timezone.localdate() - timedelta(days=days_old),
        by=flow.cast.internal_auditor,
    )


def test_api_evidence_list_flags_files_outside_the_12_month_window(flow: Flow):
    audit = flow.start()
    _attach(flow, audit, "old.pdf", 800)
    _attach(flow, audit, "new.pdf", 3)
    rows = as_(flow, "viewer").get(f"{API}/audits/{audit.pk}/evidence/").json()
    assert {r["original_name"]: r["outside_window"] for r in rows} == {
        "old.pdf": True,
        "new.pdf": False,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [("viewer", 403), ("reviewer", 403), ("outsider", 404), ("auditor", 404)],
)
def test_api_evidence_removal_refused_changes_nothing(flow: Flow, who, expected):
    audit = flow.start()
    evidence = _attach(flow, audit, "a.pdf", 3)
    before = db_state()
    response = as_(flow, who).delete(f"{API}/audits/{audit.pk}/evidence/{evidence.pk}/")
    assert response.status_code == expected
    assert db_state() == before


def test_api_evidence_removal(flow: Flow):
    audit = flow.start()
    evidence = _attach(flow, audit, "a.pdf", 3)
    client = as_(flow, "internal_auditor")
    assert client.delete(f"{API}/audits/{audit.pk}/evidence/999999/").status_code == 404
    response = client.delete(f"{API}/audits/{audit.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert client.delete(f"{API}/audits/{audit.pk}/evidence/{evidence.pk}/").status_code == 404


def test_api_evidence_removal_after_submission_is_refused(flow: Flow):
    audit = flow.start()
    flow.answer(audit)
    evidence = _attach(flow, audit, "a.pdf", 3)
    from audits.services.audit import audit_submit

    audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    before = db_state()
    response = as_(flow, "smr").delete(f"{API}/audits/{audit.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 400
    assert list(response.json()) == ["audit"]
    assert db_state() == before
