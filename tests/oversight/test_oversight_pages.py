"""The staff pages of desktop QA and auditor quality: the whole QA through the pages, bad
input refused with nothing changed, French, refusals, and pinned queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from audits.enums import EngagementStatus
from oversight.enums import QaStatus, QaSubjectKind
from oversight.models import QaChecklistItem, QaReview
from tests.audits.external import make_external


@pytest.fixture
def reported(flow):
    ext = make_external(flow)
    ext.confirmed()
    return ext.reported()


@pytest.mark.django_db
def test_qa_of_an_external_report_through_the_pages(client, flow, reported):
    client.force_login(flow.cast.admin)
    listing = client.get(reverse("oversight:qa_list")).content.decode()
    assert listing.count('data-testid="awaiting-row"') == 1
    opened = client.post(reverse("oversight:qa_open"), {"engagement": reported.pk})
    qa = QaReview.objects.get()
    assert opened.url == reverse("oversight:qa_detail", args=[qa.pk])
    detail = client.get(opened.url).content.decode()
    assert detail.count('data-testid="qa-check"') == 6

    refused = client.post(reverse("oversight:qa_outcome", args=[qa.pk, "release"]), follow=True)
    assert "Check “Errors of fact” before releasing." in refused.content.decode()
    qa.refresh_from_db()
    assert qa.status == QaStatus.OPEN

    answers = {f"answer_{i.code}": "no_concern" for i in QaChecklistItem.objects.all()}
    client.post(reverse("oversight:qa_checks", args=[qa.pk]), answers)
    client.post(reverse("oversight:qa_outcome", args=[qa.pk, "release"]))
    qa.refresh_from_db()
    reported.refresh_from_db()
    assert (qa.status, reported.status) == (QaStatus.RELEASED, EngagementStatus.PASSED)


@pytest.mark.django_db
def test_a_concern_without_a_comment_changes_nothing(client, flow, reported):
    client.force_login(flow.cast.admin)
    client.post(reverse("oversight:qa_open"), {"engagement": reported.pk})
    qa = QaReview.objects.get()
    response = client.post(
        reverse("oversight:qa_checks", args=[qa.pk]),
        {"answer_errors_of_fact": "concern", "comment_errors_of_fact": ""},
        follow=True,
    )
    assert "Say what the concern is." in response.content.decode()
    assert set(qa.checks.values_list("answer", flat=True)) == {"unchecked"}


@pytest.mark.django_db
def test_employers_and_auditors_are_refused_the_oversight_pages(client, flow, reported):
    for user in (flow.cast.smr, reported.auditor.user):
        client.force_login(user)
        assert client.get(reverse("oversight:qa_list")).status_code == 403
        assert client.get(reverse("oversight:auditor_quality")).status_code == 403
        assert (
            client.post(reverse("oversight:qa_open"), {"engagement": reported.pk}).status_code
            == 403
        )
    assert not QaReview.objects.exists()


@pytest.mark.django_db
def test_the_pages_in_french(client, flow, reported):
    flow.cast.admin.language = "fr-ca"
    flow.cast.admin.save()
    client.force_login(flow.cast.admin)
    with translation.override("fr-ca"):
        listing = client.get(reverse("oversight:qa_list"), HTTP_ACCEPT_LANGUAGE="fr-ca")
        quality = client.get(reverse("oversight:auditor_quality"), HTTP_ACCEPT_LANGUAGE="fr-ca")
    assert "AQ documentaire" in listing.content.decode()
    assert "Qualité des auditeurs" in quality.content.decode()


def _many(engagement, qa_reviewer, n, offset=0):
    start = engagement.report_submitted_at
    QaReview.objects.bulk_create(
        QaReview(
            kind=QaSubjectKind.EXTERNAL_REPORT,
            engagement=engagement,
            report_submitted_at=start - timedelta(seconds=offset + i + 1),
            wsib_account_id=engagement.wsib_account_id,
            qa_reviewer=qa_reviewer,
        )
        for i in range(n)
    )


@pytest.mark.django_db
def test_the_qa_page_queries_are_pinned_at_10_and_10000_rows(
    client, flow, reported, django_assert_max_num_queries
):
    client.force_login(flow.cast.admin)
    _many(reported, flow.cast.admin, 10)
    with django_assert_max_num_queries(16) as small:
        assert client.get(reverse("oversight:qa_list")).status_code == 200
    _many(reported, flow.cast.admin, 9990, offset=10)
    with django_assert_max_num_queries(16) as large:
        assert client.get(reverse("oversight:qa_list")).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("oversight:auditor_quality")).status_code == 200
