"""The program figures page (staff): every figure with its chart where a person would
rather look than read, each linking to the list behind it; and the OHS performance list
(with its CSV/xlsx export)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.enums import Standing
from certification.models.programs import all_account_labels
from cor_portal.charts import Series, bar_chart
from cor_portal.exports import export_response, requested_format
from oversight.models.performance import OhsPerformance
from oversight.program import program_figures


def _require_staff(user) -> None:
    if not (user.is_superuser or user.is_certifying_body_staff):
        raise PermissionDenied


def _charts(f):
    charts = {}
    if f.registrations_by_year:
        charts["registrations"] = bar_chart(
            chart_id="chart-registrations",
            title=_("Registrations submitted per year"),
            description=_("Number of COR registrations submitted in each year."),
            categories=[str(y) for y, _n in f.registrations_by_year],
            series=[Series(_("Registrations"), [n for _y, n in f.registrations_by_year])],
            category_heading=_("Year"),
        )
    if f.certifications_by_year:
        charts["certifications"] = bar_chart(
            chart_id="chart-certifications",
            title=_("Certificates issued per anniversary year"),
            description=_("Number of certificates whose anniversary falls in each year."),
            categories=[str(y) for y, _n in f.certifications_by_year],
            series=[Series(_("Certificates"), [n for _y, n in f.certifications_by_year])],
            category_heading=_("Year"),
        )
    standings = [(s, f.standings.get(s.value, 0)) for s in Standing if f.standings.get(s.value)]
    if standings:
        charts["standings"] = bar_chart(
            chart_id="chart-standings",
            title=_("%(board)s accounts by standing") % {"board": all_account_labels()},
            description=_("Number of %(board)s accounts in each COR standing today.")
            % {"board": all_account_labels()},
            categories=[str(s.label) for s, _n in standings],
            series=[Series(_("Accounts"), [n for _s, n in standings])],
            category_heading=_("Standing"),
        )
    decided = [(k, s) for k, s in f.sla_by_kind.items() if s.decided]
    if decided:
        charts["sla"] = bar_chart(
            chart_id="chart-sla",
            title=_("Deadlines met on time, per rule"),
            description=_("Deadlines met by their due date out of those decided, per rule."),
            categories=[k for k, _s in decided],
            series=[
                Series(
                    _("On time"), [s.on_time for _k, s in decided], [s.decided for _k, s in decided]
                )
            ],
            category_heading=_("Rule"),
        )
    return charts


@login_required
def figures_page(request):
    _require_staff(request.user)
    f = program_figures(timezone.localdate())
    return render(
        request,
        "oversight/figures.html",
        {
            "f": f,
            "charts": _charts(f),
            "standing_rows": [(s, f.standings.get(s.value, 0)) for s in Standing],
        },
    )


PERFORMANCE_COLUMNS = (
    ("wsib_account__account_number", "wsib_account"),
    ("year", "year"),
    ("hours_worked", "hours_worked"),
    ("lost_time_claims", "lost_time_claims"),
    ("modified_work_claims", "modified_work_claims"),
    ("source", "source"),
)


@login_required
def performance_list(request):
    """Staff: every account's recorded years (the list behind the OHS figures)."""
    _require_staff(request.user)
    qs = OhsPerformance.objects.order_by("-year", "wsib_account__account_number")
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    fmt = requested_format(request)
    if fmt:
        fields = [c for c, _h in PERFORMANCE_COLUMNS]
        return export_response(
            fmt,
            filename=f"ohs-performance-{timezone.localdate():%Y-%m-%d}",
            header=[h for _c, h in PERFORMANCE_COLUMNS],
            rows=qs.values_list(*fields).iterator(chunk_size=2000),
            sheet_title="ohs-performance",
        )
    rows = list(qs.values_list(*[c for c, _h in PERFORMANCE_COLUMNS])[:200])
    return render(request, "oversight/performance_list.html", {"rows": rows, "year": year})
