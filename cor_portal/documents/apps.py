from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cor_portal.documents"
    label = "documents"

    def ready(self) -> None:
        from cor_portal.history.labels import register_actions

        from . import workflows  # noqa: F401 - registers the document status table
        from .enums import DocumentAction

        # Recorded on the documents' subjects, which belong to any app.
        register_actions(DocumentAction)
