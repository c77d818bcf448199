from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cor_portal.history.labels import register_actions

        from .enums import AuditAction

        register_actions(AuditAction, app_label="audits")
        # Access scopes and rules, the internal-audit deadline rules D1 and D2, the document
        # kinds and the workflow tables (they register their status labels for history pages).
        from audits import (  # noqa: F401
            deadlines,
            documents,
            homepage,
            rules,
            workflows,
        )

        self._register_demo()

    def _register_demo(self) -> None:
        # Demo audits at every stage, on certification's demo accounts (seed_demo).
        from audits import demo
        from cor_portal.demo import register_demo_step

        register_demo_step(self.label, demo.demo_step)
