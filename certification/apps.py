from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, and the home-page sections of each area, register here.
        from certification import homepage, homepage_people, rules  # noqa: F401
