from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cor_portal.history.labels import register_actions

        from .enums import AuditAction

        register_actions(AuditAction, app_label="audits")
        # Access scopes and rules, the internal-audit deadline rules D1 and D2, and the
        # workflow tables (they register their status labels for history pages).
        from audits import (  # noqa: F401
            deadlines,
            homepage,
            rules,
            workflows,
        )
