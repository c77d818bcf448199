from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    """A stored document's standing. Every version is kept; only `issued` is current."""

    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")


class DocumentAction(models.TextChoices):
    """The history actions the documents platform writes on the document's subject."""

    # The value predates versions ("generated"); history rows already carry it.
    ISSUED = "document_generated", _("Document issued")
    SUPERSEDED = "document_superseded", _("Document superseded")
    REVOKED = "document_revoked", _("Document revoked")
