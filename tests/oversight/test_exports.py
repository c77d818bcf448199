"""CSV and Excel exports of staff lists (issue 14 §5): exactly what the viewer may see, every
row (not one page), formula injection neutralized, queries constant in rows."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from cor_portal import exports
from cor_portal.deadlines.models import Deadline
from tests.deadlines.helpers import bulk_deadlines

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


class TestWriters:
    def test_csv_neutralizes_formulas(self):
        lines = list(exports.csv_lines(["a", "b"], [["=1+1", -3], ["@SUM(A1)", "plain"]]))
        rows = list(csv.reader(io.StringIO("".join(lines)[1:])))
        assert rows == [["a", "b"], ["'=1+1", "-3"], ["'@SUM(A1)", "plain"]]

    def test_xlsx_writes_text_never_formulas(self):
        out = exports.xlsx_file(["a", "b", "c"], [['=HYPERLINK("x")', 5, "+2"]])
        workbook = load_workbook(out)
        sheet = workbook.active
        cell = sheet["A2"]
        assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'
        assert cell.quotePrefix
        assert sheet["B2"].value == 5 and sheet["C2"].data_type == "s"

    def test_plain_values(self):
        assert exports.plain(None) == ""
        assert exports.plain(True) == "true"
        assert exports.plain([1, "x"]) == '[1, "x"]'
        assert exports.plain(date(2026, 1, 2)) == date(2026, 1, 2)


class TestApiListExports:
    def _deadlines(self, cast):
        bulk_deadlines("D1", [date(2026, 3, 1)] * 3, organization_id=cast.organization.pk)
        bulk_deadlines(
            "D1", [date(2026, 3, 2)] * 2, organization_id=cast.other_organization.pk, start=10
        )
        Deadline.objects.filter(subject_id="D1-0").update(title="=cmd|' /C calc'!A0")

    def test_staff_csv_has_every_row_and_neutralized_cells(self, cast, api_client):
        self._deadlines(cast)
        api_client.force_authenticate(cast.admin)
        response = api_client.get("/api/v1/deadlines/?format=csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = _csv(response)
        header, body = rows[0], rows[1:]
        assert "id" in header and "title" in header
        assert len(body) == 5
        titles = [r[header.index("title")] for r in body]
        assert "'=cmd|' /C calc'!A0" in titles

    def test_export_is_what_the_json_list_shows_the_same_caller(self, cast, api_client):
        self._deadlines(cast)
        api_client.force_authenticate(cast.smr)
        listed = api_client.get("/api/v1/deadlines/").json()["results"]
        rows = _csv(api_client.get("/api/v1/deadlines/?format=csv"))
        header = rows[0]
        ids = sorted(int(r[header.index("id")]) for r in rows[1:])
        assert ids == sorted(d["id"] for d in listed)
        assert len(ids) == 3  # not the other organization's two

    def test_filters_apply(self, cast, api_client):
        self._deadlines(cast)
        api_client.force_authenticate(cast.admin)
        rows = _csv(api_client.get("/api/v1/deadlines/?format=csv&due_after=2026-03-02"))
        assert len(rows) - 1 == 2

    def test_xlsx(self, cast, api_client):
        self._deadlines(cast)
        api_client.force_authenticate(cast.outsider)
        response = api_client.get("/api/v1/deadlines/?format=xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == exports.XLSX_TYPE
        rows = _xlsx(response)
        assert len(rows) == 3  # header + the other organization's two
        assert rows[0][0] == "id"

    def test_anonymous_refused(self, api_client):
        assert api_client.get("/api/v1/deadlines/?format=csv").status_code in (401, 403)

    def test_unknown_format_is_404(self, cast, api_client):
        api_client.force_authenticate(cast.admin)
        assert api_client.get("/api/v1/deadlines/?format=pdf").status_code == 404

    @pytest.mark.parametrize(
        "path",
        [
            "organizations",
            "wsib-accounts",
            "registrations",
            "audits",
            "people",
            "certificates",
            "auditors",
            "engagements",
        ],
    )
    def test_other_lists_answer_both_formats(self, cast, api_client, path):
        api_client.force_authenticate(cast.admin)
        for fmt in ("csv", "xlsx"):
            response = api_client.get(f"/api/v1/{path}/?format={fmt}")
            assert response.status_code == 200, (path, fmt)
            _body(response)


def test_queries_constant_at_10_and_10000_rows(cast, api_client, django_assert_max_num_queries):
    api_client.force_authenticate(cast.admin)
    bulk_deadlines("D1", [date(2026, 3, 1)] * 10, organization_id=cast.organization.pk)
    counts = []
    for total in (10, 10_000):
        if total > 10:
            bulk_deadlines(
                "D1",
                [date(2026, 3, 1)] * (total - 10),
                organization_id=cast.organization.pk,
                start=10,
            )
        for fmt in ("csv", "xlsx"):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                response = api_client.get(f"/api/v1/deadlines/?format={fmt}")
                rows = len(_csv(response)) - 1 if fmt == "csv" else len(_xlsx(response)) - 1
            assert rows == total
            counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert max(counts) <= 4
