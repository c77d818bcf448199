"""A workplan with its measured results, as its page, its API, its PDF and its Excel export
show it: every KPI's result at the end of each quarter so far and year to date — measured live
for the KPIs the portal counts, the entries (with their evidence) for the others — against its
target. Reads in a fixed number of queries: the workplan with its tree (prefetched), then each
distinct measure once per quarter window."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from oversight.models import (
    ActivityProgress,
    KpiResult,
    Workplan,
    WorkplanActivity,
    WorkplanKpi,
    WorkplanMandate,
)
from oversight.workplan import (
    QUARTERS,
    KpiProgress,
    current_quarter,
    entered_result,
    kpi_progress,
    measured_window,
)
from oversight.workplan_measures import MeasureCache


def workplan_tree():
    """Workplans with mandates → activities → KPIs → results, and progress reports."""
    kpis = WorkplanKpi.objects.order_by("order", "id").prefetch_related(
        Prefetch("results", queryset=KpiResult.objects.order_by("quarter"))
    )
    activities = WorkplanActivity.objects.order_by("order", "id").prefetch_related(
        Prefetch("kpis", queryset=kpis),
        Prefetch("progress_reports", queryset=ActivityProgress.objects.order_by("quarter")),
    )
    mandates = WorkplanMandate.objects.order_by("number").prefetch_related(
        Prefetch("activities", queryset=activities)
    )
    return Workplan.objects.prefetch_related(Prefetch("mandates", queryset=mandates))


@dataclass
class KpiRow:
    kpi: WorkplanKpi
    quarters: dict[int, KpiProgress | None]
    to_date: KpiProgress
    detail: str = ""
    evidence: dict[int, str] = field(default_factory=dict)


@dataclass
class ActivityRow:
    activity: WorkplanActivity
    kpis: list[KpiRow]
    progress: dict[int, str]


@dataclass
class MandateRow:
    mandate: WorkplanMandate
    activities: list[ActivityRow]


@dataclass
class WorkplanReport:
    workplan: Workplan
    today: date
    quarter: int | None  # the current quarter (None before the year starts)
    mandates: list[MandateRow]

    @property
    def quarters_so_far(self) -> tuple[int, ...]:
        return tuple(q for q in QUARTERS if self.quarter and q <= self.quarter)

    @property
    def total_budget(self) -> Decimal:
        return sum(
            (
                a.activity.budget
                for m in self.mandates
                for a in m.activities
                if a.activity.budget is not None
            ),
            Decimal(0),
        )

    @property
    def kpis(self) -> list[KpiRow]:
        return [k for m in self.mandates for a in m.activities for k in a.kpis]

    @property
    def kpis_met(self) -> int:
        return sum(1 for k in self.kpis if k.to_date.met)


def _kpi_row(kpi: WorkplanKpi, year: int, quarter_now: int | None, today: date, cache) -> KpiRow:
    quarters: dict[int, KpiProgress | None] = {}
    evidence: dict[int, str] = {}
    detail = ""
    if kpi.is_measured:
        for q in QUARTERS:
            if quarter_now is None or q > quarter_now:
                quarters[q] = None
                continue
            m = cache.get(kpi.measure, measured_window(year, q, today))
            quarters[q] = kpi_progress(m.value, kpi.target)
        m = cache.get(kpi.measure, measured_window(year, None, today))
        to_date = kpi_progress(m.value, kpi.target)
        detail = m.detail
    else:
        entries = {r.quarter: r.value for r in kpi.results.all()}
        evidence = {r.quarter: r.evidence for r in kpi.results.all()}
        for q in QUARTERS:
            value = entries.get(q)
            quarters[q] = None if value is None else kpi_progress(value, kpi.target)
        to_date = kpi_progress(entered_result(entries, None), kpi.target)
    return KpiRow(kpi=kpi, quarters=quarters, to_date=to_date, detail=detail, evidence=evidence)


def workplan_report(workplan: Workplan, today: date) -> WorkplanReport:
    """`workplan` must come from workplan_tree() (its tree prefetched)."""
    cache = MeasureCache()
    quarter_now = current_quarter(workplan.year, today)
    mandates = []
    for mandate in workplan.mandates.all():
        activities = []
        for activity in mandate.activities.all():
            kpis = [
                _kpi_row(k, workplan.year, quarter_now, today, cache) for k in activity.kpis.all()
            ]
            progress = {p.quarter: p.report for p in activity.progress_reports.all()}
            activities.append(ActivityRow(activity=activity, kpis=kpis, progress=progress))
        mandates.append(MandateRow(mandate=mandate, activities=activities))
    return WorkplanReport(workplan=workplan, today=today, quarter=quarter_now, mandates=mandates)
