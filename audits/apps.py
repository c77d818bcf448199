from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, and the internal-audit deadline rules D1 and D2.
        from audits import (  # noqa: F401
            deadlines,
            homepage,
            rules,
        )
        from audits.enums import ToolAction
        from cor_portal.history.labels import register_actions

        register_actions(ToolAction, app_label=self.label)
