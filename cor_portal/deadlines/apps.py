from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "cor_portal.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        # The access scope for Deadline and the "due next" home-page section.
        from cor_portal.history.labels import register_actions

        from . import (
            homepage,
            scoping,
            timeline,
            workflows,  # noqa: F401 - registers the deadline state table
        )
        from .enums import CalendarFeedAction, DeadlineAction

        register_actions(DeadlineAction, app_label=self.label)
        register_actions(CalendarFeedAction)

        scoping.register_deadline_scope()
        homepage.register()
        timeline.register()
        self._register_demo()

    def _register_demo(self) -> None:
        # The demo closure date (seed_demo).
        from cor_portal.demo import register_demo_step

        from . import demo

        register_demo_step(self.label, demo.demo_step)
