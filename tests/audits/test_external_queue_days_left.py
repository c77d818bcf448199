"""The reviewer's plan queue shows each submitted plan's days left before its D3 approval
deadline (21 days; "overdue" after), and the report queue how long each report has waited
and, for a re-audit, the days left of D4."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from tests.audits.external import make_external


def noon(day: date) -> datetime:
    return datetime.combine(day, time(17, 0), tzinfo=UTC)  # midday in Toronto


def _cell(html: str, row: str, index: int) -> str:
    found = re.search(rf'<tr data-testid="{row}">(.*?)</tr>', html, re.S)
    assert found, row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    return re.sub(r"<[^>]+>", "", cells[index]).strip()


@pytest.fixture
def ext(flow):
    return make_external(flow)


SUBMITTED = date(2026, 3, 2)


@pytest.mark.parametrize("day,shown", [(0, "21"), (20, "1"), (21, "0"), (22, "overdue (-1)")])
def test_plan_queue_shows_d3_days_left(client, ext, day, shown):
    ext.confirmed()
    with time_machine.travel(noon(SUBMITTED), tick=False):
        ext.plan_submitted()
    client.force_login(ext.cast.reviewer)
    with time_machine.travel(noon(SUBMITTED + timedelta(days=day)), tick=False):
        html = client.get("/external/").content.decode()
    assert "Days left" in html
    assert _cell(html, "plan-row", 4) == shown


def test_report_queue_shows_days_waiting_and_reaudit_days_left(client, ext):
    ext.confirmed()
    with time_machine.travel(noon(date(2026, 3, 2)), tick=False):
        ext.reported()
    client.force_login(ext.cast.reviewer)
    with time_machine.travel(noon(date(2026, 3, 12)), tick=False):
        html = client.get("/external/").content.decode()
    assert _cell(html, "report-row", 4) == "10"
    assert _cell(html, "report-row", 5) == "—"


def test_reaudit_report_shows_the_d4_days_left(client, ext):
    from audits.services.engagement import report_approve
    from tests.audits.external import report_qa_cleared

    ext.confirmed()
    with time_machine.travel(noon(date(2027, 8, 31)), tick=False):
        failed = ext.reported(points={"1.1": 5})
        report_qa_cleared(failed, by=ext.cast.admin)
        report_approve(engagement=failed, by=ext.cast.reviewer)
    with time_machine.travel(noon(date(2028, 2, 19)), tick=False):
        ext.reported()
        client.force_login(ext.cast.reviewer)
        html = client.get("/external/").content.decode()
    assert _cell(html, "report-row", 4) == "0"
    assert _cell(html, "report-row", 5) == "2028-02-29 (10)"
