"""The WSGI app bench/upload.py serves: Django's own request handling and multipart parser
with the portal's upload settings (bodies over FILE_UPLOAD_MAX_MEMORY_SIZE stream to a
temporary file), behind one upload URL — the server layer a slow evidence upload goes
through, without the portal's login, storage and database."""

import os

import django
from django.conf import settings

from cor_portal.settings import base

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a local benchmark, no sessions
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    FILE_UPLOAD_MAX_MEMORY_SIZE=base.FILE_UPLOAD_MAX_MEMORY_SIZE,
    DATA_UPLOAD_MAX_MEMORY_SIZE=base.DATA_UPLOAD_MAX_MEMORY_SIZE,
)
django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def upload(request):
    if request.method != "POST":
        return JsonResponse({"pid": os.getpid()})
    received = request.FILES["file"]
    size = 0
    for chunk in received.chunks():
        size += len(chunk)
    return JsonResponse({"pid": os.getpid(), "size": size})


urlpatterns = [path("upload/", upload)]
application = WSGIHandler()
