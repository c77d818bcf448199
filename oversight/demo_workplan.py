"""Demo workplans [004]: this program year's, approved by the board chair, with entered
results and progress reports for the quarters so far (its measured KPIs move with the demo's
registrations, certificates, QA reviews and EAQAs), and next year's as a draft. Idempotent: a
year that has its workplan is left as it is."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from cor_portal.demo import DemoRun
from oversight.models import Workplan
from oversight.services.workplan import (
    activity_progress_record,
    kpi_result_record,
    workplan_approve,
    workplan_create,
)
from oversight.workplan import current_quarter, program_year_of

DEMO_CHAIR = "Heidi Romich"


def seed_workplan(run: DemoRun) -> dict:
    by = run.users.get("admin")
    if by is None:
        return {"workplans": 0}
    today = timezone.localdate()
    year = program_year_of(today)
    made = 0
    if not Workplan.objects.filter(year=year).exists():
        workplan = workplan_create(year=year, by=by)
        _report_quarters(workplan, year, today, by)
        approved_on = min(today, date(year, 3, 20))
        workplan_approve(
            workplan=workplan,
            by=by,
            chair_name=DEMO_CHAIR,
            signature=DEMO_CHAIR,
            approved_on=approved_on,
        )
        made += 1
    if not Workplan.objects.filter(year=year + 1).exists():
        workplan_create(year=year + 1, by=by)
        made += 1
    return {"workplans": made}


def _report_quarters(workplan: Workplan, year: int, today: date, by) -> None:
    quarter_now = current_quarter(year, today) or 0
    for mandate in workplan.mandates.all():
        for activity in mandate.activities.all():
            for q in range(1, quarter_now + 1):
                activity_progress_record(
                    activity=activity,
                    by=by,
                    quarter=q,
                    report=f"Q{q}: on plan; see the quarterly report to the board.",
                )
            for kpi in activity.kpis.all():
                if kpi.is_measured:
                    continue
                for q in range(1, quarter_now + 1):
                    # Cumulative results: about a quarter of the target each quarter.
                    value = (kpi.target * q / 4).quantize(Decimal("1"))
                    kpi_result_record(
                        kpi=kpi,
                        by=by,
                        quarter=q,
                        value=value,
                        evidence=f"Quarterly report Q{q} (demo)",
                    )
