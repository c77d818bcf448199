"""Pages of the oversight area (staff). Each area adds its paths; every path starts with
"oversight/"."""

from django.urls import URLPattern, URLResolver

app_name = "oversight"

urlpatterns: list[URLPattern | URLResolver] = []
