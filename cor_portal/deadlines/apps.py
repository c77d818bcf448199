from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "cor_portal.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        # The access scope for Deadline and the "due next" home-page section.
        from cor_portal.history.labels import register_actions

        from . import homepage, scoping
        from .enums import DeadlineAction

        register_actions(DeadlineAction, app_label=self.label)

        scoping.register_deadline_scope()
        homepage.register()
