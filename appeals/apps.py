from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cor_portal.history.labels import register_actions

        from .enums import AppealAction

        register_actions(AppealAction, app_label="appeals")
        # Access scopes, the deadline rules D14-D17, the appeal form, the workflow table and
        # the adapters of the appealable decisions.
        from appeals import adapters, deadlines, documents, rules, workflows  # noqa: F401
