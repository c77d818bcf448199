"""The one way a page hands out a generated document (cor_portal.documents): streamed as a
PDF attachment named by its number, never cached by shared caches. The caller has already
found the subject through the access module."""

from django.http import FileResponse

from cor_portal.security.services import download_tag

from .models import GeneratedDocument


def document_response(document: GeneratedDocument) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    download_tag(response, what=f"document {document.number}", obj=document)
    return response
