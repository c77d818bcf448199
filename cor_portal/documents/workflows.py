"""The moves of a stored document's status: a new version supersedes it, or it is revoked.
Issuing creates a row in its initial state (issued)."""

from cor_portal.workflow import Move, Workflow

from .enums import DocumentAction, DocumentStatus
from .models import GeneratedDocument

DOCUMENT_FLOW = Workflow(
    GeneratedDocument,
    DocumentStatus,
    [
        Move(
            DocumentAction.SUPERSEDED,
            sources=(DocumentStatus.ISSUED,),
            target=DocumentStatus.SUPERSEDED,
        ),
        Move(
            DocumentAction.REVOKED, sources=(DocumentStatus.ISSUED,), target=DocumentStatus.REVOKED
        ),
    ],
)
