"""Evidence downloads. Files are never served from MEDIA_URL: every download is found through
the access module (another organization's evidence answers 404) and streamed."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from audits.models import Evidence
from cor_portal.access import get_visible_or_404


def evidence_file_response(evidence: Evidence) -> FileResponse:
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def evidence_download(request, pk: int):
    evidence = get_visible_or_404(Evidence, request.user, pk=pk)
    return evidence_file_response(evidence)
