from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cor_portal.documents"
    label = "documents"
