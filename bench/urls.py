"""The product's URLs plus the benchmark's baseline: a minimal Django JSON view behind the
same middleware, settings and gunicorn workers as every endpoint measured."""

from django.http import JsonResponse
from django.urls import include, path


def minimal(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("cor_portal.urls")),
]
