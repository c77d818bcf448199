"""The staff dashboard's chart: open, due this week and missed, per rule."""

import re
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from cor_portal.charts import SVG_NS

from .test_pages_api import world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
NS = {"svg": SVG_NS}


def _figures(html: str) -> list[tuple[str, ...]]:
    return re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td></tr>',
        html,
    )


def test_dashboard_chart_counts_per_rule(client, cast, world):  # noqa: F811
    client.force_login(cast.reviewer)
    response = client.get(reverse("deadlines:dashboard"))
    html = response.content.decode()
    svg = re.search(r'<svg[^>]*id="deadlines-chart".*?</svg>', html, re.S).group(0)
    root = ET.fromstring(svg)
    legend = root.find(".//svg:g[@class='legends']", NS)
    assert [t.text for t in legend.iterfind(".//svg:text", NS)] == [
        "Open",
        "Due this week",
        "Missed",
    ]
    values = re.findall(r'<text[^>]*class="value"[^>]*>(\d+)</text>', svg)
    # pygal writes the last series first (missed, due this week, open), each bottom-up: T2, T1
    assert values == ["0", "1", "1", "0", "2", "1"]
    rows = [(label.split(" · ")[0], *figures) for label, *figures in _figures(html)]
    assert rows == [("T1", "1", "0", "1"), ("T2", "2", "1", "0")]
    # the totals are unchanged
    assert response.context["counts"] == {"open": 3, "due_this_week": 1, "overdue": 0, "missed": 1}


def test_dashboard_without_deadlines_has_no_chart(client, cast):
    client.force_login(cast.reviewer)
    html = client.get(reverse("deadlines:dashboard")).content.decode()
    assert "deadlines-chart" not in html
