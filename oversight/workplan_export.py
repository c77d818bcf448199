"""The workplan with its measured results as PDF (WeasyPrint, in the reader's language) and
Excel (openpyxl through cor_portal.exports, every text cell neutralized against formula
injection). A workplan the board chair has not approved is marked DRAFT in both."""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from cor_portal.documents.rendering import render_pdf
from cor_portal.exports import xlsx_file

from .workplan_report import WorkplanReport


def status_line(report: WorkplanReport) -> str:
    w = report.workplan
    if not w.is_approved:
        return _("DRAFT — not approved by the board chair")
    return _("Approved by the board chair %(name)s (signed: %(signature)s) on %(date)s") % {
        "name": w.chair_name,
        "signature": w.chair_signature,
        "date": w.approved_on.isoformat() if w.approved_on else "",
    }


def _cell(p) -> str:
    if p is None or p.actual is None:
        return ""
    return f"{p.actual.normalize():f}"


def _percent(p) -> str:
    return "" if p is None or p.percent is None else f"{p.percent} %"


def export_header() -> list[str]:
    return [
        _("Mandate"),
        _("Activity"),
        _("Inputs"),
        _("Budget"),
        _("Time frame"),
        _("Responsible"),
        _("Anticipated outputs"),
        _("KPI"),
        _("Target"),
        _("Measured by"),
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        _("Year to date"),
        _("% of target"),
        _("Evidence"),
        _("Progress reporting"),
    ]


def export_rows(report: WorkplanReport):
    for m in report.mandates:
        mandate = f"{m.mandate.number}. {m.mandate.title}"
        for a in m.activities:
            act = a.activity
            progress = " | ".join(f"Q{q}: {t}" for q, t in sorted(a.progress.items()))
            base = [
                mandate,
                act.title,
                act.inputs,
                act.budget,
                act.time_frame,
                act.responsible,
                act.anticipated_outputs,
            ]
            if not a.kpis:
                yield [*base, "", "", "", "", "", "", "", "", "", "", progress]
            for k in a.kpis:
                evidence = " | ".join(f"Q{q}: {t}" for q, t in sorted(k.evidence.items()))
                yield [
                    *base,
                    k.kpi.description,
                    k.kpi.target,
                    k.kpi.get_measure_display(),
                    *[_cell(k.quarters.get(q)) for q in (1, 2, 3, 4)],
                    _cell(k.to_date),
                    _percent(k.to_date),
                    evidence or k.detail,
                    progress,
                ]


def workplan_xlsx(report: WorkplanReport, language: str):
    with translation.override(language):
        w = report.workplan
        preamble = [
            [w.title],
            [status_line(report)],
            [_("Results as of %(date)s") % {"date": report.today.isoformat()}],
            [],
        ]
        sheet = (_("DRAFT") + " " if not w.is_approved else "") + str(w.year)
        return xlsx_file(
            export_header(), list(export_rows(report)), sheet_title=sheet, preamble=preamble
        )


def workplan_pdf(report: WorkplanReport, language: str) -> bytes:
    return render_pdf(
        "oversight/workplan_pdf.html",
        {"r": report, "language": language},
    )


def filename(report: WorkplanReport, ext: str, today: date) -> str:
    draft = "" if report.workplan.is_approved else "-draft"
    return f"workplan-{report.workplan.year}{draft}-{today:%Y-%m-%d}.{ext}"
