"""The desktop QA API (qa-reviews/): the whole job through the API, bad input refused with
nothing changed, and queries pinned and equal at 10 and 10,000 reviews."""

from datetime import timedelta

import pytest

from audits.enums import EngagementStatus
from oversight.enums import QaSubjectKind
from oversight.models import QaCheck, QaChecklistItem, QaReview
from tests.audits.external import make_external


@pytest.fixture
def reported(flow):
    ext = make_external(flow)
    ext.confirmed()
    return ext.reported()


@pytest.mark.django_db
def test_the_whole_qa_of_an_external_report_through_the_api(api_client, flow, reported):
    api_client.force_authenticate(flow.cast.admin)
    created = api_client.post("/api/v1/qa-reviews/", {"engagement": reported.pk}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert [c["code"] for c in body["checks"]][:2] == ["errors_of_fact", "arithmetic_errors"]
    url = f"/api/v1/qa-reviews/{body['id']}/"

    refused = api_client.post(url + "release/", {}, format="json")
    assert refused.status_code == 400
    assert "Check “Errors of fact” before releasing." in refused.json()["checks"][0]

    answers = [{"code": c["code"], "answer": "no_concern"} for c in body["checks"]]
    checked = api_client.post(url + "checks/", {"checks": answers}, format="json")
    assert checked.status_code == 200
    released = api_client.post(url + "release/", {}, format="json")
    assert released.status_code == 200
    assert released.json()["status"] == "released"
    reported.refresh_from_db()
    assert reported.status == EngagementStatus.PASSED

    coverage = api_client.get("/api/v1/qa-reviews/coverage/").json()
    assert (coverage["released"], coverage["released_after_qa"], coverage["coverage_pct"]) == (
        2,
        1,
        "50.0",
    )  # the internal audit's desk review was cleared by the test helper, not a QA review


@pytest.mark.django_db
def test_bad_input_is_refused_with_nothing_changed(api_client, flow, reported):
    api_client.force_authenticate(flow.cast.admin)
    both = api_client.post(
        "/api/v1/qa-reviews/", {"engagement": reported.pk, "review": 1}, format="json"
    )
    assert both.status_code == 400
    assert both.json() == {"review": ["Give a review or an engagement (one of them)."]}
    missing = api_client.post("/api/v1/qa-reviews/", {"engagement": 999999}, format="json")
    assert missing.json() == {"engagement": ["No external engagement 999999."]}
    assert not QaReview.objects.exists()

    qa = api_client.post("/api/v1/qa-reviews/", {"engagement": reported.pk}, format="json").json()
    url = f"/api/v1/qa-reviews/{qa['id']}/"
    bad = api_client.post(
        url + "checks/", {"checks": [{"code": "errors_of_fact", "answer": "maybe"}]}, format="json"
    )
    assert bad.status_code == 400
    no_comment = api_client.post(url + "return/", {"comments": ""}, format="json")
    assert no_comment.json() == {"comments": ["Write the comments the auditor is to act on."]}
    bad_date = api_client.get("/api/v1/qa-reviews/coverage/", {"start": "2026-13-01"})
    assert bad_date.json() == {"start": ["Give dates as YYYY-MM-DD."]}
    assert set(QaCheck.objects.values_list("answer", flat=True)) == {"unchecked"}
    reported.refresh_from_db()
    assert reported.status == EngagementStatus.REPORT_SUBMITTED


@pytest.mark.django_db
def test_employers_and_auditors_see_no_qa(api_client, flow, reported):
    api_client.force_authenticate(flow.cast.admin)
    qa = api_client.post("/api/v1/qa-reviews/", {"engagement": reported.pk}, format="json").json()
    for user in (flow.cast.smr, reported.auditor.user):
        api_client.force_authenticate(user)
        assert api_client.get("/api/v1/qa-reviews/").json()["results"] == []
        assert api_client.get(f"/api/v1/qa-reviews/{qa['id']}/").status_code == 404
        assert (
            api_client.post("/api/v1/qa-reviews/", {"engagement": reported.pk}).status_code == 403
        )


def _many(engagement, qa_reviewer, n, offset=0):
    items = list(QaChecklistItem.objects.filter(active=True))
    start = engagement.report_submitted_at
    reviews = QaReview.objects.bulk_create(
        QaReview(
            kind=QaSubjectKind.EXTERNAL_REPORT,
            engagement=engagement,
            report_submitted_at=start - timedelta(seconds=offset + i + 1),
            wsib_account_id=engagement.wsib_account_id,
            qa_reviewer=qa_reviewer,
        )
        for i in range(n)
    )
    QaCheck.objects.bulk_create(
        (QaCheck(qa_review=r, item=item) for r in reviews for item in items), batch_size=5000
    )


@pytest.mark.django_db
def test_the_list_queries_are_pinned_at_10_and_10000_rows(
    api_client, flow, reported, django_assert_max_num_queries
):
    api_client.force_authenticate(flow.cast.admin)
    _many(reported, flow.cast.admin, 10)
    with django_assert_max_num_queries(6):
        small = api_client.get("/api/v1/qa-reviews/")
    assert small.status_code == 200
    _many(reported, flow.cast.admin, 9990, offset=10)
    with django_assert_max_num_queries(6):
        large = api_client.get("/api/v1/qa-reviews/")
    assert large.status_code == 200
    assert (len(small.json()["results"]), small.json()["count"]) == (10, 10)
    assert (len(large.json()["results"]), large.json()["count"]) == (50, 10000)
    with django_assert_max_num_queries(8):
        assert api_client.get("/api/v1/qa-reviews/coverage/").status_code == 200
