"""Live results of the workplan KPIs the portal counts itself [004]: each measure reads the
portal's own data over a window (the program year to date, up to a quarter's end) and leaves
the arithmetic to oversight.figures / oversight.auditor_quality (pure), the same functions the
program figures use. One measure costs a fixed number of queries whatever the number of rows,
and a workplan's page measures each distinct measure once per window."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from certification.models import Certificate, Registration
from oversight import program, selectors
from oversight.auditor_quality import eaqa_required
from oversight.enums import EaqaStatus, KpiMeasure
from oversight.workplan import Window


@dataclass(frozen=True)
class Measured:
    value: Decimal | None
    # What the figure is made of, for the reader ("12 of 12 released results").
    detail: str = ""


def _new_registrations(w: Window) -> Measured:
    n = Registration.objects.filter(
        submitted_at__date__gte=w.start, submitted_at__date__lte=w.end
    ).count()
    return Measured(Decimal(n))


def _new_certifications(w: Window) -> Measured:
    n = Certificate.objects.filter(anniversary_date__gte=w.start, anniversary_date__lte=w.end)
    return Measured(Decimal(n.count()))


def _qa_coverage(w: Window) -> Measured:
    c = selectors.qa_coverage(start=w.start, end=w.end)
    return Measured(c["coverage_pct"], f"{c['released_after_qa']} / {c['released']}")


def _eaqa_completed(w: Window) -> Measured:
    from oversight.models import Eaqa
    from oversight.services.auditors import active_roster

    done = Eaqa.objects.filter(
        status=EaqaStatus.COMPLETED, completed_on__gte=w.start, completed_on__lte=w.end
    ).count()
    roster = active_roster().count()
    return Measured(Decimal(done), f"{done} / {eaqa_required(roster)} ({roster})")


def _retention(w: Window) -> Measured:
    r = program.retention_since(w.start, program.certified_account_ids(w.end))
    return Measured(r.rate, f"{r.retained} / {r.at_start}")


def _declarations(w: Window) -> Measured:
    from oversight.models import AuditorDeclaration

    n = AuditorDeclaration.objects.filter(declared_on__gte=w.start, declared_on__lte=w.end)
    return Measured(Decimal(n.count()))


def _employers_multi_ia(w: Window) -> Measured:
    roster = selectors.internal_auditor_roster(today=w.end)
    return Measured(Decimal(roster["employers_with_more_than_one_trained"]))


MEASURES = {
    KpiMeasure.NEW_REGISTRATIONS: _new_registrations,
    KpiMeasure.NEW_CERTIFICATIONS: _new_certifications,
    KpiMeasure.QA_COVERAGE: _qa_coverage,
    KpiMeasure.EAQA_COMPLETED: _eaqa_completed,
    KpiMeasure.CERTIFIED_RETENTION: _retention,
    KpiMeasure.AUDITOR_DECLARATIONS: _declarations,
    KpiMeasure.EMPLOYERS_MULTI_IA: _employers_multi_ia,
}


def measure(kind: str, window: Window | None) -> Measured:
    """The live result of measure `kind` over `window` (None: the year has not begun)."""
    if window is None:
        return Measured(None)
    return MEASURES[KpiMeasure(kind)](window)


class MeasureCache:
    """Each (measure, window) read once while a page or an export is built."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, date, date], Measured] = {}

    def get(self, kind: str, window: Window | None) -> Measured:
        if window is None:
            return Measured(None)
        key = (kind, window.start, window.end)
        if key not in self._seen:
            self._seen[key] = measure(kind, window)
        return self._seen[key]
