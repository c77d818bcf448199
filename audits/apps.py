from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, the internal-audit deadline rules D1 and D2, and the
        # document kinds.
        from audits import (  # noqa: F401
            deadlines,
            documents,
            homepage,
            rules,
        )
