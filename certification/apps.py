from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, the workflow tables, the home-page sections and the
        # document kinds register here; history pages read the actions' labels from
        # CertificationAction.
        from certification import (  # noqa: F401
            deadlines,
            documents,
            homepage,
            rules,
            timeline,
            workflows,
        )
        from certification.enums import CertificationAction
        from cor_portal.history.labels import register_actions

        register_actions(CertificationAction, app_label="certification")
        timeline.register()
        self._register_label_memo()
        self._register_demo()
        self._register_scale()

    def _register_label_memo(self) -> None:
        # A Celery task reads the programs' account labels at most once, like a request
        # (requests connect in certification.models.programs).
        from celery.signals import task_postrun, task_prerun

        from certification.models.programs import close_label_memo, open_label_memo

        task_prerun.connect(open_label_memo, dispatch_uid="programs_label_memo_open")
        task_postrun.connect(close_label_memo, dispatch_uid="programs_label_memo_close")

    def _register_demo(self) -> None:
        # Demo organizations, accounts and their people (seed_demo).
        from certification import demo
        from cor_portal.demo import register_demo_finisher, register_demo_step

        register_demo_step(self.label, demo.demo_step)
        # The registry is published last, after every app's demo certificates are issued.
        # Then the standings of the last weeks are recorded (the staff standings chart).
        from certification.demo.standings import demo_finish

        register_demo_finisher(self.label, demo_finish)

    def _register_scale(self) -> None:
        # Organizations, WSIB accounts, registrations, people and training at scale (seed_scale).
        from certification import scale
        from cor_portal.scale import register_scale_step

        register_scale_step(self.label, scale.scale_step)
