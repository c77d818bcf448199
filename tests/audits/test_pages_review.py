"""Certifying-body pages: the reviewer queue (D1 order, days left, filters, constant queries),
pre-assessment, assigning a reviewer, the desk review (htmx item scores, findings,
completion) — each role of the cast, bad input with nothing changed."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.enums import InternalReviewStatus
from audits.models import Audit, InternalReview, ReviewFinding, ReviewItemScore
from cor_portal.deadlines.models import Deadline
from tests.audits.conftest import Flow, db_state, make_ready, make_tool, qa_cleared
from tests.factories import make_cast

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

QUEUE = {
    "smr": 403,
    "internal_auditor": 403,
    "viewer": 403,
    "outsider": 403,
    "auditor": 403,
    "reviewer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", QUEUE)
def test_queue_per_role(client, flow: Flow, role):
    audit = flow.submitted()
    client.force_login(getattr(flow.cast, role))
    response = client.get(reverse("audits:review_queue"))
    assert response.status_code == QUEUE[role]
    if QUEUE[role] == 200:
        html = response.content.decode()
        assert flow.cast.wsib_account.account_number in html
        assert (audit.internal_review.received_on + timedelta(days=60)).isoformat() in html
        assert "Unassigned" in html


def _more_accounts(n: int, tool):
    """n more organizations, each with a submitted audit on `tool`."""
    from audits.services.audit import audit_start, audit_submit, response_save

    for _ in range(n):
        cast = make_cast()
        _smr, ia = make_ready(cast)
        audit = audit_start(
            wsib_account=cast.wsib_account,
            kind="initial_internal",
            internal_auditor=ia,
            by=cast.internal_auditor,
        )
        for item in tool.items.all():
            response_save(
                audit=audit,
                item=item,
                points_earned=item.points,
                not_applicable=False,
                note="",
                by=cast.internal_auditor,
            )
        audit_submit(audit=audit, by=cast.smr, signed_off=True)


def test_queue_sorted_by_due_date_with_days_left_and_filters(client, flow: Flow):
    first = flow.submitted()
    _more_accounts(2, flow.tool)
    audits = list(Audit.objects.exclude(pk=first.pk).order_by("pk"))
    today = timezone.localdate()
    # Backdate: the first audit arrived 55 days ago (5 days left), another 70 days ago.
    for audit, due in ((first, today + timedelta(days=5)), (audits[1], today - timedelta(days=10))):
        Deadline.objects.filter(subject_id=str(audit.pk), kind="D1").update(
            due_on=due, opened_on=due - timedelta(days=60)
        )
        # The internal review's stored copy of D1's due date moves with it (as in the demo).
        InternalReview.objects.filter(audit=audit).update(review_due_on=due)
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("audits:review_queue")).content.decode()
    overdue = audits[1].wsib_account.account_number
    soon = first.wsib_account.account_number
    later = audits[0].wsib_account.account_number
    assert html.index(overdue) < html.index(soon) < html.index(later)
    assert "10 days overdue" in html
    assert '<span class="badge warn">5</span>' in html
    # Filters: mine shows none until assigned.
    assert soon not in client.get(reverse("audits:review_queue") + "?show=mine").content.decode()
    from audits.services.review import pre_assessment_record, reviewer_assign

    pre_assessment_record(
        audit=first, by=flow.cast.reviewer, complete=True, declared_score_meets_benchmarks=True
    )
    reviewer_assign(audit=first, reviewer=flow.cast.reviewer, by=flow.cast.reviewer)
    mine = client.get(reverse("audits:review_queue") + "?show=mine").content.decode()
    assert soon in mine and later not in mine
    unassigned = client.get(reverse("audits:review_queue") + "?show=unassigned").content.decode()
    assert soon not in unassigned and later in unassigned


def test_queue_queries_constant(client, flow: Flow, django_assert_max_num_queries):
    flow.submitted()
    _more_accounts(2, flow.tool)
    client.force_login(flow.cast.reviewer)
    url = reverse("audits:review_queue")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more_accounts(27, flow.tool)
    assert Audit.objects.count() == 30
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('href="/audits/') >= 30


# --- pre-assessment -----------------------------------------------------------------------


def test_pre_assessment_accept_from_audit_page(client, flow: Flow):
    audit = flow.submitted()
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Accept for desk review" in html and "Return with reasons" in html
    response = client.post(
        reverse("audits:pre_assess", args=[audit.pk]), {"decision": "accept"}, follow=True
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.ACCEPTED
    html = response.content.decode()
    assert "The audit was accepted for desk review." in html
    assert "Assign reviewer" in html


def test_pre_assessment_return_needs_reasons(client, flow: Flow):
    audit = flow.submitted()
    client.force_login(flow.cast.reviewer)
    before = db_state()
    response = client.post(
        reverse("audits:pre_assess", args=[audit.pk]),
        {"decision": "return", "score_short": "on"},
        follow=True,
    )
    assert "Give the reasons the audit is returned" in response.content.decode()
    assert db_state() == before
    client.post(
        reverse("audits:pre_assess", args=[audit.pk]),
        {
            "decision": "return",
            "score_short": "on",
            "reasons": "Declared score of element 3 is wrong.",
        },
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.RETURNED
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Returned at pre-assessment" in html
    assert "Declared score of element 3 is wrong." in html
    assert "Review and submit" in html


@pytest.mark.parametrize(
    "role, status", [("smr", 403), ("viewer", 403), ("outsider", 404), ("auditor", 404)]
)
def test_pre_assessment_refused_for_non_staff(client, flow: Flow, role, status):
    audit = flow.submitted()
    client.force_login(getattr(flow.cast, role))
    before = db_state()
    response = client.post(reverse("audits:pre_assess", args=[audit.pk]), {"decision": "accept"})
    assert response.status_code == status
    assert db_state() == before


# --- reviewer and desk review -------------------------------------------------------------


def test_assign_self_and_review_and_confirm(client, flow: Flow):
    audit = flow.accepted()
    client.force_login(flow.cast.reviewer)
    response = client.post(
        reverse("audits:assign_reviewer", args=[audit.pk]),
        {"reviewer": flow.cast.reviewer.pk},
        follow=True,
    )
    assert "is now the reviewer" in response.content.decode()
    audit.refresh_from_db()
    assert (
        audit.internal_review.status == InternalReviewStatus.UNDER_REVIEW
        and audit.internal_review.reviewer == flow.cast.reviewer
    )
    page = client.get(reverse("audits:desk_review", args=[audit.pk])).content.decode()
    assert "1. Element 1" in page and "Complete the review" in page
    element = client.get(reverse("audits:desk_review_element", args=[audit.pk, 1]))
    assert "Save my score of item 1.1" in element.content.decode()
    # htmx: one item re-scored.
    response = client.post(
        reverse("audits:review_item_save", args=[audit.pk, flow.items["1.2"].pk]),
        {"points_earned": "8", "note": "Minutes incomplete"},
        **HTMX,
    )
    assert "Your score of item 1.2 was saved." in response.content.decode()
    assert ReviewItemScore.objects.get().points_earned == 8
    qa_cleared(audit, by=flow.cast.admin)
    response = client.post(
        reverse("audits:review_complete", args=[audit.pk]),
        {
            "finding_1_element": "1",
            "finding_1_item": "1.2",
            "finding_1_text": "Meeting minutes are missing two months.",
            "summary": "Good programme.",
            "confirm": "1",
        },
        follow=True,
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.CONFIRMED
    assert "The desk review is complete: benchmarks confirmed." in response.content.decode()
    assert ReviewFinding.objects.get().text == "Meeting minutes are missing two months."
    assert audit.cap.items.filter(source="finding").count() == 1


def test_bad_finding_and_bad_review_score_change_nothing(client, flow: Flow):
    audit = flow.under_review()
    client.force_login(flow.cast.reviewer)
    before = db_state()
    response = client.post(
        reverse("audits:review_complete", args=[audit.pk]),
        {"finding_1_item": "9.9", "finding_1_text": "x"},
        follow=True,
    )
    assert "Finding 1: item 9.9 is not in this audit" in response.content.decode()
    response = client.post(
        reverse("audits:review_item_save", args=[audit.pk, flow.items["1.2"].pk]),
        {"points_earned": "12"},
    )
    assert response.status_code == 400
    assert "1.2" in response.content.decode()
    assert db_state() == before


def test_review_by_unassigned_staff_is_refused(client, flow: Flow):
    audit = flow.under_review()
    from tests.factories import UserFactory

    other = UserFactory(role="reviewer")
    client.force_login(other)
    page = client.get(reverse("audits:desk_review", args=[audit.pk])).content.decode()
    assert "Complete the review" not in page
    before = db_state()
    response = client.post(
        reverse("audits:review_item_save", args=[audit.pk, flow.items["1.2"].pk]),
        {"points_earned": "1"},
    )
    assert response.status_code == 403
    assert client.post(reverse("audits:review_complete", args=[audit.pk])).status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("role, status", [("smr", 403), ("viewer", 403), ("outsider", 404)])
def test_desk_review_page_is_staff_only(client, flow: Flow, role, status):
    audit = flow.under_review()
    client.force_login(getattr(flow.cast, role))
    assert client.get(reverse("audits:desk_review", args=[audit.pk])).status_code == status


def test_employer_does_not_see_review_scores_in_progress(client, flow: Flow):
    audit = flow.under_review()
    from audits.services.review import desk_review_save_item

    desk_review_save_item(
        audit=audit,
        item=flow.items["1.2"],
        points_earned=2,
        not_applicable=False,
        note="Secret until done",
        by=flow.cast.reviewer,
    )
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Secret until done" not in html
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Secret until done" in html


def test_desk_review_queries_constant(client, flow: Flow, django_assert_max_num_queries):
    audit = flow.under_review()
    client.force_login(flow.cast.reviewer)
    url = reverse("audits:desk_review", args=[audit.pk])
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    tool, _items = make_tool(name="Big", version="2")
    assert tool  # a second tool does not change this audit's page
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(url).status_code == 200


def test_queue_keeps_showing_a_review_whose_d1_was_missed_as_overdue(client, flow: Flow):
    from cor_portal.deadlines.services import sweep

    audit = flow.submitted()
    d1 = Deadline.objects.get(subject_id=str(audit.pk), kind="D1")
    sweep(d1.due_on + timedelta(days=3))
    d1.refresh_from_db()
    assert d1.state == Deadline.State.MISSED

    three_days_late = timezone.make_aware(
        timezone.datetime.combine(d1.due_on + timedelta(days=3), timezone.datetime.min.time())
    ) + timedelta(hours=12)
    with time_machine.travel(three_days_late, tick=False):
        client.force_login(flow.cast.reviewer)  # inside: a session from today would expire
        html = client.get(reverse("audits:review_queue")).content.decode()

    assert d1.due_on.isoformat() in html
    assert "3 days overdue" in html
