"""Demo OHS performance (the figures page's LTC rate and DIR): three years of hours and claims
for every demo WSIB account, written once (idempotent: an account's year is kept if present).
Registered as the oversight app's demo finisher, so the accounts and certificates of every
app's step exist."""

from decimal import Decimal

from certification.models import WsibAccount
from cor_portal.demo import DemoRun
from cor_portal.history.services import record_many
from oversight.figures_actions import FiguresAction
from oversight.models.performance import OhsPerformance, PerformanceSource

YEARS = (2023, 2024, 2025)


def seed_figures(run: DemoRun) -> dict:
    by = run.users.get("admin")
    if by is None:
        return {"performance": 0}
    existing = set(OhsPerformance.objects.values_list("wsib_account_id", "year"))
    rows = []
    for i, account_id in enumerate(WsibAccount.objects.order_by("id").values_list("id", flat=True)):
        for j, year in enumerate(YEARS):
            if (account_id, year) in existing:
                continue
            hours = Decimal(40_000 + 12_000 * ((i + j) % 5))
            rows.append(
                OhsPerformance(
                    wsib_account_id=account_id,
                    year=year,
                    hours_worked=hours if (i + j) % 7 else Decimal(0),  # one year with no hours
                    lost_time_claims=(i + 2 * j) % 3,
                    modified_work_claims=(i + j) % 4,
                    source=PerformanceSource.ENTERED,
                    recorded_by=by,
                )
            )
    written = OhsPerformance.objects.bulk_create(rows)
    record_many(
        model=OhsPerformance,
        entries=[(row.pk, "") for row in written],
        actor=by,
        action=FiguresAction.PERFORMANCE_RECORDED,
        reason="Demo data",
    )
    return {"performance": len(rows)}
