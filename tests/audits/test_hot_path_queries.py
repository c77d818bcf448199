"""Queries per page on the hot paths (issue 9): the audit page and the reviewer's home page
make at most 8 queries, and as many with 30 audits, 20 evidence files or a reviewed audit
as with one — everything on them is read once."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, Evidence
from tests.audits.conftest import Flow
from tests.audits.test_pages_review import _more_accounts

MAX_QUERIES = 8


def _count(client, url) -> int:
    client.get(url)  # warm the process-wide caches (content types), as in production
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_evidence(flow: Flow, audit: Audit, n: int) -> None:
    """n more evidence rows, item-level and audit-level (rows only: the audit may be past
    the stage where files are attached)."""
    Evidence.objects.bulk_create(
        Evidence(
            audit=audit,
            item=flow.items["1.1"] if i % 2 else None,
            file=f"test/more-{audit.pk}-{i}.pdf",
            original_name=f"more-{i}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            document_date=timezone.localdate(),
            uploaded_by=flow.cast.internal_auditor,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("who", ["smr", "reviewer"])
def test_audit_page_at_most_8_queries_constant_in_evidence(
    client, flow: Flow, who, django_assert_max_num_queries
):
    if who == "reviewer":
        audit = flow.under_review()
    else:
        audit = flow.start()
        flow.answer(audit)
    client.force_login(getattr(flow.cast, who))
    url = reverse("audits:audit_detail", args=[audit.pk])
    small = _count(client, url)
    assert small <= MAX_QUERIES
    _more_evidence(flow, audit, 20)
    with django_assert_max_num_queries(small):
        html = client.get(url).content.decode()
    # The count and the audit-level files come from the one read of the evidence.
    assert "more-18.pdf" in html and "more-19.pdf" not in html
    if who == "reviewer":
        # The reviewer dropdown is built once.
        assert html.count('name="reviewer"') == 1


def test_reviewed_audit_page_as_many_queries_as_under_review(client, flow: Flow):
    """A reviewed audit adds its report and CAP, and the reviewed score reuses the answers
    already read (no second read of items and answers)."""
    audit = flow.reviewed().audit
    client.force_login(flow.cast.reviewer)
    # + the report document, the completed review and its item scores; the CAP comes with
    # the audit and there is no reviewer dropdown any more.
    assert _count(client, reverse("audits:audit_detail", args=[audit.pk])) <= MAX_QUERIES + 2


def test_reviewer_home_at_most_8_queries_constant_in_queue(
    client, flow: Flow, settings, django_assert_max_num_queries
):
    # MFA required and set up: the middleware and the home page ask once between them.
    settings.REQUIRE_STAFF_MFA = True
    Authenticator.objects.create(user=flow.cast.reviewer, type=Authenticator.Type.TOTP, data={})
    flow.submitted()
    _more_accounts(2, flow.tool)
    client.force_login(flow.cast.reviewer)
    url = reverse("home")
    client.get(url)  # warm the process-wide caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) <= MAX_QUERIES
    assert sum("mfa_authenticator" in q["sql"] for q in ctx.captured_queries) == 1
    _more_accounts(12, flow.tool)
    assert Audit.objects.count() == 15
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("pre-assess") == 8  # HOME_ITEMS, soonest due first


def test_api_audit_list_reads_the_columns_it_shows_in_constant_queries(
    api_client, flow: Flow, django_assert_max_num_queries
):
    """The list reads its 50 rows without the related rows' unused columns (addresses,
    contacts, the tool's description), and the answer still names every one."""
    flow.submitted()
    _more_accounts(2, flow.tool)
    api_client.force_login(flow.cast.admin)
    url = "/api/v1/audits/"
    api_client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        first = api_client.get(url).json()["results"]
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "contact_email" not in sql and '"description"' not in sql
    row = first[0]
    assert row["account_number"] and row["organization_name"] and row["tool_label"]
    assert row["internal_auditor_name"]
    _more_accounts(5, flow.tool)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert len(api_client.get(url).json()["results"]) == 8
    # One audit read alone still has every column (its actions load the whole row).
    one = api_client.get(f"{url}{row['id']}/").json()
    assert one["organization_name"] == row["organization_name"]
