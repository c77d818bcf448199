from django.apps import AppConfig


class SoseConfig(AppConfig):
    name = "sose"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cor_portal.history.labels import register_actions

        from .enums import PlanAction

        register_actions(PlanAction, app_label="sose")
        # Access scopes and rules, the deadline rules D12, D18, D19 and the workflow table.
        from sose import deadlines, rules, timeline, workflows  # noqa: F401

        timeline.register()

        # SOSE Action Plans in progress and verified at 100 % (seed_demo).
        from cor_portal.demo import register_demo_step

        from .demo import demo_step

        register_demo_step(self.label, demo_step)
