"""The program figures page and /api/v1/program-figures/ read in the same number of queries
at 10 and at 10,000 WSIB accounts (each with a submitted registration and a certificate)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.enums import CertificateStatus
from certification.models import Certificate
from tests.oversight.test_workplan import _registrations

pytestmark = pytest.mark.django_db


def _certificates(by) -> None:
    from certification.models import WsibAccount

    have = set(Certificate.objects.values_list("wsib_account_id", flat=True))
    Certificate.objects.bulk_create(
        Certificate(
            wsib_account_id=pk,
            number=f"COR-2025-{pk:06d}",
            status=CertificateStatus.ACTIVE,
            anniversary_date=date(2025, 1, 5),
            expiry_date=date(2028, 1, 5),
            issued_by=by,
        )
        for pk in WsibAccount.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )


def test_figures_queries_constant_at_10_and_10000_rows(cast, client, api_client):
    client.force_login(cast.admin)
    api_client.force_authenticate(cast.admin)
    counts = []
    for total in (10, 10_000):
        _registrations(total)
        _certificates(cast.admin)
        for get in (
            lambda: client.get("/oversight/figures/"),
            lambda: api_client.get("/api/v1/program-figures/"),
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert get().status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert max(counts) <= 16, counts
