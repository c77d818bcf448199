from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, the home-page sections of each area and the document
        # kinds register here.
        from certification import documents, homepage, homepage_people, rules  # noqa: F401
