"""The public verification page a document's letterhead points to (its URL and QR code):
anyone holding the document can check that its number was issued by the portal and is
still current. It shows only what the document itself shows about itself (number, kind,
date, standing, content hash), never its subject."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .registry import kind_label
from .services import document_by_verification_code


@require_GET
def verify(request, code: str):
    document = document_by_verification_code(code)
    if document is None:
        raise Http404(_("No document has this verification code."))
    return render(
        request,
        "documents/verify.html",
        {"document": document, "kind_label": kind_label(document.kind)},
    )
