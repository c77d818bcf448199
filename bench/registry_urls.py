"""The portal's URLs plus /bench/minimal/: the smallest Django JSON view, served by the same
process and middleware, that the registry feed's figures are divided by."""

from django.http import JsonResponse
from django.urls import include, path


def minimal(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/minimal/", minimal), path("", include("cor_portal.urls"))]
