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
            external_documents,
            homepage,
            rules,
            timeline,
            workflows,
        )

        timeline.register()

        self._connect_roster()
        self._register_demo()
        self._register_scale()

    def _connect_roster(self) -> None:
        # Every external-auditor user gets a roster entry (awaiting an administrator's
        # approval) when saved: invited, created in admin or by seed_demo.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        def enlist(sender, instance, **kwargs) -> None:
            if instance.is_external_auditor and not kwargs.get("raw"):
                from audits.services.roster import roster_entry_for

                roster_entry_for(instance)

        post_save.connect(
            enlist, sender=get_user_model(), weak=False, dispatch_uid="audits_roster_enlist"
        )

    def _register_demo(self) -> None:
        # Demo audits at every stage, on certification's demo accounts (seed_demo).
        from audits import demo
        from cor_portal.demo import register_demo_step

        register_demo_step(self.label, demo.demo_step)

    def _register_scale(self) -> None:
        # Audits with item responses, reviews, CAPs and their deadlines at scale (seed_scale).
        from audits import scale
        from cor_portal.scale import register_scale_step

        register_scale_step(self.label, scale.scale_step)
