"""Server-rendered SVG bar charts for pages and PDFs (README "Design", "Charts").

pygal lays the chart out (scales, guides, bars, labels); this module then makes its SVG fit
the portal: pygal's <style> and <script> elements and its tooltip layer are removed (the strict
CSP would block them when the SVG is inlined, and no chart needs JavaScript), and the looks
they carried become SVG presentation attributes (fill, stroke, font), so the same markup is
styled the same inline in a page, inside a WeasyPrint PDF, or on its own. The SVG is
`role="img"` with a <title> and <desc>; `Chart.rows` carries the same figures for the table
that `partials/chart.html` shows beside it for screen readers and for anyone who would rather
read.

Platform layer: no domain app is imported; callers pass plain labels and numbers.

    chart = bar_chart(
        chart_id="progress",
        title=_("Items answered per element"),
        description=_("…"),
        categories=["1", "2"],
        series=[Series(_("Answered"), [7, 3], totals=[31, 12])],
    )
    {% include "partials/chart.html" with chart=chart %}
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from xml.etree import ElementTree as ET

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
# Fills at least 4.5:1 on white, and told apart by more than hue (the table says the same).
PALETTE: tuple[str, ...] = ("#1f5f99", "#8a4b00", "#a12a2a", "#2f6b3a", "#5b3f8c", "#4d4d4d")
TEXT = "#1d1d1d"
GUIDE = "#d0d0d0"
AXIS = "#6b6b6b"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
WIDTH = 420  # viewBox units; scaled to the box, so 390 px phones keep ~0.8 of the font sizes
BAR_HEIGHT = 34
LABEL_SIZE = 15
VALUE_SIZE = 14


Number = int | Decimal | float


@dataclass(frozen=True)
class Series:
    """One set of bars. With `totals`, each bar shows value/total as a share (0–100 %) and
    is labelled "value / total"; without, bars are counts on one common scale."""

    name: str
    values: Sequence[Number]
    totals: Sequence[Number] | None = None

    def label(self, index: int) -> str:
        value = self.values[index]
        if self.totals is None:
            return f"{value}"
        return f"{value} / {self.totals[index]}"

    def plotted(self, index: int) -> float:
        value = self.values[index]
        if self.totals is None:
            return float(value)
        total = self.totals[index]
        return float(value) * 100 / float(total) if total else 0.0


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    categories: Sequence[str]
    series: Sequence[Series]
    svg: SafeString
    category_heading: str = ""
    rows: list[tuple[str, list[str]]] = field(default_factory=list)


XLINK_NS = "http://www.w3.org/1999/xlink"


def _unqualify(root: ET.Element) -> None:
    """Plain names for SVG tags and `xlink:` attributes, declared on the root."""
    svg_prefix, xlink_prefix = f"{{{SVG_NS}}}", f"{{{XLINK_NS}}}"
    uses_xlink = False
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(svg_prefix):
            el.tag = el.tag[len(svg_prefix) :]
        for key in [k for k in el.attrib if k.startswith("{")]:
            value = el.attrib.pop(key)
            if key.startswith(xlink_prefix):
                el.set("xlink:" + key[len(xlink_prefix) :], value)
                uses_xlink = True
    root.set("xmlns", SVG_NS)
    if uses_xlink:
        root.set("xmlns:xlink", XLINK_NS)


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def _classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def _clean(root: ET.Element, *, chart_id: str, title: str, description: str) -> None:
    """Remove what a strict CSP blocks or a reader does not need; set the looks as attributes."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for el in list(root.iter()):
        classes = _classes(el)
        drop = el.tag in (_q("script"), _q("style"), _q("desc"), _q("title")) or bool(
            classes & {"tooltip-overlay", "overlay"}
        )
        if drop and el in parents:
            parents[el].remove(el)
    for el in root.iter():
        classes = _classes(el)
        el.attrib.pop("style", None)
        el.attrib.pop("id", None)
        if el.tag == _q("rect") and "background" in classes:
            el.set("fill", "none")
        for name in classes:
            if name.startswith("color-") and name[6:].isdigit():
                el.set("fill", PALETTE[int(name[6:]) % len(PALETTE)])
        if el.tag == _q("path"):
            el.set("fill", "none")
            el.set("stroke", AXIS if "axis" in classes else GUIDE)
            el.set("stroke-width", "1")
        if el.tag == _q("text"):
            if "title" in classes:
                el.set("font-size", "17")
                el.set("font-weight", "bold")
                el.set("text-anchor", "middle")
            elif "value" in classes:
                el.set("font-size", str(VALUE_SIZE))
                el.set("fill", TEXT)
                el.set("text-anchor", "start")
            else:
                el.set("font-size", str(LABEL_SIZE))
    for axis in root.iter(_q("g")):
        classes = _classes(axis)
        if {"axis", "y"} <= classes:
            for text in axis.iter(_q("text")):
                text.set("text-anchor", "end")
        elif {"axis", "x"} <= classes:
            for text in axis.iter(_q("text")):
                text.set("text-anchor", "middle")
    root.set("id", chart_id)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("font-family", FONT)
    root.set("fill", TEXT)
    root.set("class", "chart-svg")
    desc = ET.Element(_q("desc"), {"id": f"{chart_id}-desc"})
    desc.text = description
    heading = ET.Element(_q("title"), {"id": f"{chart_id}-title"})
    heading.text = title
    root.insert(0, desc)
    root.insert(0, heading)


def _printed(label: str) -> Callable[[float], str]:
    """The figure printed after a bar: "7 / 31" rather than the plotted share."""
    return lambda _value: label


def _ticks(top: float, *, shares: bool) -> list[int]:
    """Whole-number guides: 0/50/100 % for shares, about four steps for counts."""
    if shares:
        return [0, 50, 100]
    step = max(1, math.ceil(top / 4))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_heading: str = "",
    row_labels: Sequence[str] | None = None,
) -> Chart:
    """Horizontal bars, one row per category, one bar per series; the figures printed at the
    end of each bar. Shares (series with totals) run 0–100 %. `row_labels` name the
    categories in the figures table when the chart's short labels need words.

    The same arguments in the same language give the same chart, so the last CHART_CACHE
    charts drawn are kept (per process) and handed out again: pygal's layout and the SVG
    clean-up cost 10–20 ms, a fifth of the audit page (README "Benchmarks"). A Chart is
    frozen and its SVG final, so sharing one between requests is safe."""
    return _drawn(
        get_language() or "",
        str(chart_id),
        str(title),
        str(description),
        tuple(str(c) for c in categories),
        tuple(
            Series(
                str(s.name),
                tuple(s.values),
                tuple(s.totals) if s.totals is not None else None,
            )
            for s in series
        ),
        str(category_heading),
        tuple(str(r) for r in row_labels) if row_labels is not None else None,
    )


CHART_CACHE = 128


@lru_cache(maxsize=CHART_CACHE)
def _drawn(
    language: str,
    chart_id: str,
    title: str,
    description: str,
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    category_heading: str,
    row_labels: tuple[str, ...] | None,
) -> Chart:
    """`bar_chart`'s drawing, keyed by its arguments and the active language."""
    if not categories:
        raise ValueError("A chart needs at least one category.")
    for s in series:
        if len(s.values) != len(categories) or (s.totals and len(s.totals) != len(categories)):
            raise ValueError(f"Series {s.name!r} needs one value per category.")
    shares = all(s.totals is not None for s in series)
    peak = max((s.plotted(i) for s in series for i in range(len(categories))), default=0.0)
    top = 100.0 if shares else float(_ticks(max(peak, 1.0), shares=False)[-1])
    legend_columns = len(series) if len(series) < 3 else 1
    legend_rows = 0 if len(series) < 2 else math.ceil(len(series) / legend_columns)
    height = 40 + BAR_HEIGHT * len(categories) * len(series) + 28 * legend_rows
    config = pygal.Config(
        width=WIDTH,
        height=height,
        disable_xml_declaration=True,
        js=[],
        css=[],
        no_prefix=True,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=legend_columns,
        print_values=True,
        print_values_position="top",
        show_y_guides=False,
        range=(0, top),
        include_x_axis=True,
        margin=6,
        margin_right=72,  # room for the figure printed after a full bar
        spacing=8,
        title=None,
        label_font_size=LABEL_SIZE,
        major_label_font_size=LABEL_SIZE,
        legend_font_size=LABEL_SIZE,
        value_font_size=VALUE_SIZE,
        truncate_label=-1,
        truncate_legend=-1,
        y_labels=_ticks(top, shares=shares),
    )
    chart = pygal.HorizontalBar(config)
    chart.x_labels = list(reversed(categories))  # pygal draws the first category at the bottom
    chart.value_formatter = lambda v: f"{v:.0f} %" if shares else f"{v:.0f}"
    for s in series:
        chart.add(
            s.name,
            [
                {"value": s.plotted(i), "formatter": _printed(s.label(i))}
                for i in reversed(range(len(categories)))
            ],
        )
    # pygal's own serialization of the tree it built from our labels (no DTD, no entities).
    root = ET.fromstring(chart.render(is_unicode=True))  # noqa: S314  # nosec B314  # pygal's own output
    _clean(root, chart_id=chart_id, title=title, description=description)
    # Written without namespaces (xmlns set as plain attributes): ElementTree's prefix map is
    # global, and qrcode registers "svg" for the same URI, after which a chart would print
    # <svg:svg>, which an HTML page does not draw.
    _unqualify(root)
    svg = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    names = row_labels if row_labels is not None else categories
    rows = [(str(c), [s.label(i) for s in series]) for i, c in enumerate(names)]
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        categories=list(categories),
        series=list(series),
        svg=mark_safe(svg),  # nosec B308 B703  # serialized by ElementTree: all text escaped
        category_heading=category_heading or _("Category"),
        rows=rows,
    )
