"""Pages of the oversight area (staff). Each area adds its paths; every path starts with
"oversight/"."""

from django.urls import URLPattern, URLResolver, path

from oversight.views import figures

app_name = "oversight"

urlpatterns: list[URLPattern | URLResolver] = [
    path("oversight/figures/", figures.figures_page, name="figures"),
    path("oversight/performance/", figures.performance_list, name="performance_list"),
]
