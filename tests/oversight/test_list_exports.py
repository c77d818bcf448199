"""Every staff HTML list offers CSV and Excel links, and `?format=` answers exactly the rows
the page lists for the same viewer (its scope and filters, every page of it), every text cell
neutralized against formula injection; a viewer the page refuses gets no export either."""

import csv
import io

import openpyxl
import pytest

from cor_portal.accounts.enums import UserRole
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STAFF_LISTS = [
    "/registrations/queue/",
    "/certificates/",
    "/exemptions/",
    "/audits/reviews/",
    "/staff/auditors/",
    "/oversight/qa/",
    "/oversight/performance/",
    "/oversight/workplans/",
]


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize("path", STAFF_LISTS)
def test_every_staff_list_links_and_answers_both_formats(cast, client, path):
    client.force_login(cast.admin)
    page = client.get(path)
    assert page.status_code == 200
    assert b"format=csv" in page.content and b"format=xlsx" in page.content
    for fmt in ("csv", "xlsx"):
        response = client.get(f"{path}?format={fmt}")
        assert response.status_code == 200, (path, fmt)
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("path", STAFF_LISTS)
def test_no_export_for_whom_the_page_refuses(cast, client, path):
    client.force_login(cast.smr)
    assert client.get(f"{path}?format=csv").status_code == 403


def test_roster_export_is_the_filtered_list_with_formulas_neutralized(cast, client):
    from tests.audits.external import approved_auditor

    auditor = approved_auditor(cast.admin, "Northern Audit Co.")
    auditor.user.first_name = "=HYPERLINK(1)"
    auditor.user.save(update_fields=["first_name"])
    approved_auditor(cast.admin, "Lakeshore Safety Audits")
    client.force_login(cast.admin)
    rows = _csv(client.get("/staff/auditors/?status=approved&format=csv"))
    assert len(rows) == 1 + 2
    cell = next(r[0] for r in rows if "HYPERLINK" in r[0])
    assert cell.startswith("'=")
    body = b"".join(client.get("/staff/auditors/?status=approved&format=xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    values = [c.value for c in sheet["A"]]
    assert len(values) == 3
    assert all(c.data_type == "s" for c in sheet["A"])  # text, never a formula
    # A filter the page applies, the export applies too.
    assert len(_csv(client.get("/staff/auditors/?status=suspended&format=csv"))) == 1


def test_certificate_export_has_every_page_of_rows(cast, client):
    from datetime import date

    from certification.enums import CertificateStatus
    from certification.models import Certificate
    from tests.factories import WsibAccountFactory

    for n in range(60):  # more than one page (25 a page)
        Certificate.objects.create(
            wsib_account=WsibAccountFactory(),
            number=f"COR-2026-{n:06d}",
            status=CertificateStatus.ACTIVE,
            anniversary_date=date(2026, 1, 5),
            expiry_date=date(2029, 1, 5),
            issued_by=cast.admin,
        )
    client.force_login(UserFactory(role=UserRole.REVIEWER))
    rows = _csv(client.get("/certificates/?format=csv"))
    assert len(rows) == 61
    assert len(_csv(client.get("/certificates/?q=COR-2026-000007&format=csv"))) == 2
