"""Evidence downloads. Files are never served from MEDIA_URL: every download is found through
the access module (another organization's evidence answers 404) and streamed."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from audits.models import Evidence
from cor_portal.access import get_visible_or_404
from cor_portal.security.services import download_tag


def evidence_file_response(evidence: Evidence) -> FileResponse:
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = evidence.content_type
    if evidence.original_name.lower().endswith(".csv") or content_type.startswith("text/csv"):
        # CSV evidence is kept byte for byte as the employer sent it (it is their record);
        # it is only ever handed out as a download, never rendered or sniffed as HTML.
        content_type = "text/csv; charset=utf-8"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    download_tag(response, what="evidence", obj=evidence)
    return response


@login_required
@require_GET
def evidence_download(request, pk: int):
    evidence = get_visible_or_404(Evidence, request.user, pk=pk)
    return evidence_file_response(evidence)
