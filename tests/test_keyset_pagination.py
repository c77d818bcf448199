"""Keyset (cursor) pages of the staff's whole-table API lists (cor_portal/pagination.py):
every row once, in the list's order, forwards and back, across ties of the first column
deeper than DRF's CursorPagination offset cap; no COUNT query; a forged cursor is a 404."""

import base64
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import WsibAccount
from tests.deadlines.helpers import bulk_deadlines
from tests.factories import OrganizationFactory, WsibAccountFactory


def _walk(api_client, url, key):
    """Follow next links to the end, then previous links back; the rows' keys both ways."""
    pages, response = [], api_client.get(url).json()
    while True:
        pages.append([key(r) for r in response["results"]])
        if response["next"] is None:
            break
        response = api_client.get(response["next"]).json()
    back = [pages[-1]]
    while response["previous"] is not None:
        response = api_client.get(response["previous"]).json()
        back.append([key(r) for r in response["results"]])
    return pages, list(reversed(back))


def test_deadlines_page_through_ties_both_ways(api_client, cast):
    # 130 deadlines due the same day between two others: the tie is 2.6 pages deep.
    bulk_deadlines("T2", [date(2026, 12, 2)], organization_id=cast.organization.pk)
    bulk_deadlines("T2", [date(2026, 12, 1)] * 130, organization_id=cast.organization.pk, start=1)
    bulk_deadlines("T2", [date(2026, 11, 30)], organization_id=cast.organization.pk, start=500)
    api_client.force_authenticate(cast.reviewer)
    pages, back = _walk(api_client, "/api/v1/deadlines/", lambda r: (r["due_on"], r["id"]))
    rows = [row for page in pages for row in page]
    assert [len(p) for p in pages] == [50, 50, 32]
    assert rows == sorted(rows) and len(set(rows)) == 132
    assert back == pages


def test_no_count_query_and_filters_still_apply(api_client, cast):
    bulk_deadlines("T2", [date(2026, 12, 1)] * 60, organization_id=cast.organization.pk)
    api_client.force_authenticate(cast.reviewer)
    with CaptureQueriesContext(connection) as ctx:
        data = api_client.get("/api/v1/deadlines/", {"due_before": "2026-12-01"}).json()
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)
    assert len(data["results"]) == 50 and "due_before=2026-12-01" in data["next"]
    second = api_client.get(data["next"]).json()
    assert len(second["results"]) == 10 and second["next"] is None


def test_wsib_accounts_by_organization_name_across_pages(api_client, cast):
    for n in range(70):
        org = OrganizationFactory(legal_name=f"Org {n % 7:02d}")  # names shared by 10 orgs
        WsibAccountFactory(organization=org)
    api_client.force_authenticate(cast.admin)
    pages, back = _walk(api_client, "/api/v1/wsib-accounts/", lambda r: r["id"])
    ids = [i for page in pages for i in page]
    expected = list(
        WsibAccount.objects.order_by("organization__legal_name", "account_number").values_list(
            "pk", flat=True
        )
    )
    assert ids == expected and back == pages


def test_audits_newest_first(api_client, flow_audits):
    api_client.force_authenticate(flow_audits["admin"])
    pages, back = _walk(api_client, "/api/v1/audits/", lambda r: r["id"])
    assert [i for page in pages for i in page] == flow_audits["newest_first"]
    assert back == pages


def _cursor(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode()


def test_forged_cursors_are_404(api_client, cast):
    api_client.force_authenticate(cast.reviewer)
    for bad in (
        "not-base64!",
        _cursor([1, 2]),
        _cursor({"k": ["2026-12-01"], "b": False}),  # one value for two columns
        _cursor({"k": ["soon", 1], "b": False}),  # not a date
        _cursor({"k": ["2026-12-01", 1], "b": "yes"}),
        _cursor({"k": [None, 1], "b": False}),
    ):
        response = api_client.get("/api/v1/deadlines/", {"cursor": bad})
        assert response.status_code == 404, bad
        assert response.json() == {"detail": "Invalid cursor"}


@pytest.fixture
def flow_audits(cast):
    """60 audits (rows only, each with its internal review), a third sharing one creation
    time so the key's second column decides."""
    from django.utils import timezone

    from audits.models import Audit, AuditTool, InternalReview

    tool = AuditTool.objects.filter(is_demo=True).first()
    accounts = [WsibAccountFactory(organization=cast.organization) for _ in range(60)]
    audits = Audit.objects.bulk_create(
        Audit(kind="initial_internal", wsib_account=a, tool=tool, prepared_by=cast.smr)
        for a in accounts
    )
    InternalReview.objects.bulk_create(
        InternalReview(audit=a, wsib_account=a.wsib_account, kind=a.kind) for a in audits
    )
    Audit.objects.filter(pk__in=[a.pk for a in audits[:20]]).update(created_at=timezone.now())
    newest = list(Audit.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    return {"admin": cast.admin, "newest_first": newest}
