from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "cor_portal.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        # The access scope for Deadline and the "due next" home-page section.
        from . import homepage, scoping

        scoping.register_deadline_scope()
        homepage.register()
