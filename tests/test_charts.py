"""The chart component (cor_portal/charts.py): the SVG carries the figures it was given, has
nothing a strict CSP blocks, and is titled for screen readers."""

import re
from xml.etree import ElementTree as ET

import pytest
from django.template.loader import render_to_string

from cor_portal.charts import SVG_NS, Series, bar_chart

NS = {"svg": SVG_NS}


def _progress():
    return bar_chart(
        chart_id="t",
        title="Items answered",
        description="One bar per element.",
        categories=["1", "2", "3"],
        series=[Series("Answered", [7, 0, 12], totals=[31, 4, 12])],
        category_heading="Element",
    )


def _bars(svg: str) -> list[float]:
    root = ET.fromstring(svg)
    return [float(r.get("width", 0)) for r in root.iterfind(".//svg:g[@class='bar']/svg:rect", NS)]


def test_share_bars_carry_the_figures_in_category_order():
    chart = _progress()
    root = ET.fromstring(chart.svg)
    values = [t.text for t in root.iterfind(".//svg:text[@class='value']", NS)]
    # pygal draws the first category at the bottom: the figures come bottom-up.
    assert values == ["12 / 12", "0 / 4", "7 / 31"]
    labels = [t.text for t in root.iterfind(".//svg:g[@class='axis y']//svg:text", NS)]
    assert labels == ["3", "2", "1"]
    full, empty, part = _bars(chart.svg)
    assert empty == 0
    assert part == pytest.approx(full * 7 / 31, rel=1e-3)
    assert chart.rows == [("1", ["7 / 31"]), ("2", ["0 / 4"]), ("3", ["12 / 12"])]


def test_count_bars_share_one_scale():
    chart = bar_chart(
        chart_id="d",
        title="Deadlines",
        description="Three bars per rule.",
        categories=["D1", "T1"],
        series=[Series("Open", [4, 1]), Series("Missed", [2, 0])],
    )
    root = ET.fromstring(chart.svg)
    widths = {
        g.get("class"): [float(r.get("width", 0)) for r in g.iterfind(".//svg:rect", NS)]
        for g in root.iterfind(".//svg:g[@class]", NS)
        if g.get("class", "").startswith("series serie-")
        and "plot" not in g.get("class", "")
        and g.find(".//svg:rect", NS) is not None
    }
    open_t1, open_d1 = widths["series serie-0 color-0"]
    assert open_d1 == pytest.approx(4 * open_t1, rel=1e-3)
    legend = [t.text for t in root.iterfind(".//svg:g[@class='legends']//svg:text", NS)]
    assert legend == ["Open", "Missed"]
    assert chart.rows == [("D1", ["4", "2"]), ("T1", ["1", "0"])]
    assert [t.text for t in root.iterfind(".//svg:g[@class='axis x']//svg:text", NS)] == [
        "0",
        "1",
        "2",
        "3",
        "4",
    ]


def test_svg_is_csp_safe_and_titled():
    svg = str(_progress().svg)
    assert not re.search(r"<(script|style)\b", svg)
    assert "style=" not in svg and "<?xml" not in svg and "<!--" not in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t-title t-desc"
    assert root.find("svg:title", NS).text == "Items answered"
    assert root.find("svg:desc", NS).text == "One bar per element."
    # the only <title>/<desc> are ours (pygal's tooltip data is removed)
    assert len(root.findall(".//svg:title", NS)) == 1 and len(root.findall(".//svg:desc", NS)) == 1


def test_text_is_escaped():
    chart = bar_chart(
        chart_id="x",
        title="<b>&",
        description="d",
        categories=["<i>"],
        series=[Series("A & B", [1])],
    )
    assert "<b>" not in chart.svg and "&lt;b&gt;&amp;" in chart.svg
    assert "<i>" not in chart.svg
    ET.fromstring(chart.svg)  # well-formed


def test_partial_shows_the_same_figures_as_a_table():
    html = render_to_string("partials/chart.html", {"chart": _progress()})
    assert '<figure class="chart"' in html and "<svg" in html
    rows = re.findall(r'<tr><th scope="row">(\d)</th><td class="num">([^<]+)</td></tr>', html)
    assert rows == [("1", "7 / 31"), ("2", "0 / 4"), ("3", "12 / 12")]
    assert "<table" not in render_to_string(
        "partials/chart.html", {"chart": _progress(), "no_table": True}
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"categories": []}, "at least one category"),
        ({"series": [Series("A", [1, 2])]}, "one value per category"),
        ({"series": [Series("A", [1], totals=[1, 2])]}, "one value per category"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    args = {
        "chart_id": "x",
        "title": "t",
        "description": "d",
        "categories": ["1"],
        "series": [Series("A", [1])],
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        bar_chart(**args)


def test_svg_is_unprefixed_after_another_library_registers_an_svg_prefix():
    # qrcode (the documents' QR codes) registers "svg" for the SVG namespace in
    # ElementTree's global map; a chart drawn afterwards must still be a plain <svg> that an
    # HTML page draws.
    ET.register_namespace("svg", SVG_NS)
    svg = str(_progress().svg)
    assert svg.startswith("<svg ") and "<svg:" not in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg


def test_the_same_chart_is_drawn_once_per_arguments_and_language():
    from django.utils import translation

    from cor_portal.charts import _drawn

    with translation.override("en-ca"):
        first = _progress()
        misses = _drawn.cache_info().misses
        assert _progress() is first  # drawn once, handed out again
        assert _drawn.cache_info().misses == misses
        other = bar_chart(
            chart_id="t",
            title="Items answered",
            description="One bar per element.",
            categories=["1", "2", "3"],
            series=[Series("Answered", [8, 0, 12], totals=[31, 4, 12])],
            category_heading="Element",
        )
        assert other is not first and other.rows[0][1] == ["8 / 31"]
    with translation.override("fr-ca"):
        assert _progress() is not first  # the language is part of what is drawn
