"""Pages of the oversight area (staff). Each area adds its paths; every path starts with
"oversight/"."""

from django.urls import URLPattern, URLResolver, path

from oversight.views import auditors as auditor_views
from oversight.views import figures
from oversight.views import qa as qa_views
from oversight.views import workplan as workplan_views

app_name = "oversight"

urlpatterns: list[URLPattern | URLResolver] = [
    path("oversight/figures/", figures.figures_page, name="figures"),
    path("oversight/performance/", figures.performance_list, name="performance_list"),
    path("oversight/qa/", qa_views.qa_list, name="qa_list"),
    path("oversight/qa/open/", qa_views.qa_open, name="qa_open"),
    path("oversight/qa/<int:pk>/", qa_views.qa_detail, name="qa_detail"),
    path("oversight/qa/<int:pk>/checks/", qa_views.qa_checks, name="qa_checks"),
    path("oversight/qa/<int:pk>/<str:step>/", qa_views.qa_outcome, name="qa_outcome"),
    path("oversight/auditor-quality/", auditor_views.auditor_quality, name="auditor_quality"),
    path("oversight/eaqa/select/", auditor_views.eaqa_select_view, name="eaqa_select"),
    path("oversight/workplans/", workplan_views.workplan_list, name="workplan_list"),
    path("oversight/workplans/new/", workplan_views.workplan_create_view, name="workplan_create"),
    path("oversight/workplans/<int:pk>/", workplan_views.workplan_detail, name="workplan_detail"),
    path(
        "oversight/workplans/<int:pk>/export/<str:fmt>/",
        workplan_views.workplan_export,
        name="workplan_export",
    ),
    path(
        "oversight/workplans/<int:pk>/<str:step>/",
        workplan_views.workplan_step,
        name="workplan_step",
    ),
]
