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
        from audits.enums import ToolAction
        from cor_portal.history.labels import register_actions

        register_actions(ToolAction, app_label=self.label)

        self._register_demo()

    def _register_demo(self) -> None:
        # Demo audits at every stage, on certification's demo accounts (seed_demo).
        from audits import demo
        from cor_portal.demo import register_demo_step

        register_demo_step(self.label, demo.demo_step)
