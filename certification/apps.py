from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, the workflow tables and the home-page sections register
        # here; history pages read the actions' labels from CertificationAction.
        from certification import homepage, rules, workflows  # noqa: F401
        from certification.enums import CertificationAction
        from cor_portal.history.labels import register_actions

        register_actions(CertificationAction, app_label="certification")
