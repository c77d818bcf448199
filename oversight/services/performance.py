"""Writes of OHS performance [003]: one service to record a year by hand, one to import a
CSV (all rows or none). Staff only; each row written gets a history row."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from certification.models import WsibAccount
from certification.models.programs import account_formats
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import record, record_many
from oversight import performance_csv
from oversight.figures_actions import FiguresAction
from oversight.models.performance import FIRST_YEAR, LAST_YEAR, OhsPerformance, PerformanceSource


def _require_staff(user) -> None:
    if not (user.is_superuser or user.is_certifying_body_staff):
        raise NotAllowed(_("Only certifying-body staff record OHS performance."))


def performance_record(
    *,
    wsib_account: WsibAccount,
    year: int,
    hours_worked: Decimal,
    lost_time_claims: int,
    modified_work_claims: int,
    by,
) -> OhsPerformance:
    """Record (or correct) one account's year."""
    _require_staff(by)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("Give a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )
    if hours_worked < 0:
        raise DomainError(_("Hours worked cannot be negative."), field="hours_worked")
    for name, value in (
        ("lost_time_claims", lost_time_claims),
        ("modified_work_claims", modified_work_claims),
    ):
        if value < 0:
            raise DomainError(_("A number of claims cannot be negative."), field=name)
    with transaction.atomic():
        row, _created = OhsPerformance.objects.update_or_create(
            wsib_account=wsib_account,
            year=year,
            defaults={
                "hours_worked": hours_worked,
                "lost_time_claims": lost_time_claims,
                "modified_work_claims": modified_work_claims,
                "source": PerformanceSource.ENTERED,
                "recorded_by": by,
            },
        )
        record(
            subject=row,
            actor=by,
            action=FiguresAction.PERFORMANCE_RECORDED,
            changes={
                "hours_worked": (None, str(hours_worked)),
                "lost_time_claims": (None, lost_time_claims),
                "modified_work_claims": (None, modified_work_claims),
            },
        )
    return row


class ImportRefused(DomainError):
    """The file had bad rows: each with its line number; nothing was imported."""

    def __init__(self, errors):
        self.errors = errors
        lines = "; ".join(
            _("line %(line)d: %(message)s") % {"line": e.line, "message": e.message} for e in errors
        )
        super().__init__(_("Nothing was imported. %(lines)s") % {"lines": lines}, field="file")


def performance_import(*, text: str, by) -> int:
    """Import a CSV of OHS performance (oversight/performance_csv.py): every row or none.
    Returns the number of rows written (an account's year already recorded is replaced)."""
    _require_staff(by)
    numbers = set(WsibAccount.objects.values_list("account_number", flat=True))
    rows, errors = performance_csv.parse(text, numbers, account_formats())
    if errors:
        raise ImportRefused(errors)
    accounts = dict(
        WsibAccount.objects.filter(account_number__in={r.wsib_account for r in rows}).values_list(
            "account_number", "id"
        )
    )
    with transaction.atomic():
        written = OhsPerformance.objects.bulk_create(
            [
                OhsPerformance(
                    wsib_account_id=accounts[r.wsib_account],
                    year=r.year,
                    hours_worked=r.hours_worked,
                    lost_time_claims=r.lost_time_claims,
                    modified_work_claims=r.modified_work_claims,
                    source=PerformanceSource.IMPORTED,
                    recorded_by=by,
                )
                for r in rows
            ],
            update_conflicts=True,
            unique_fields=["wsib_account", "year"],
            update_fields=[
                "hours_worked",
                "lost_time_claims",
                "modified_work_claims",
                "source",
                "recorded_by",
                "recorded_at",
            ],
        )
        ids = [row.pk for row in written]
        record_many(
            model=OhsPerformance,
            entries=[(pk, "") for pk in ids],
            actor=by,
            action=FiguresAction.PERFORMANCE_IMPORTED,
        )
    return len(written)
