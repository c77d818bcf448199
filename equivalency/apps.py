from django.apps import AppConfig


class EquivalencyConfig(AppConfig):
    """Keeping COR: spot checks [001 §4.4]; ISO 45001 / MLTSD equivalency and out-of-province
    reciprocity for bidding [001 §5, §6]."""

    name = "equivalency"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certification.services.registry import register_registry_source
        from certification.standing_facts import register_standing_source
        from cor_portal.history.labels import register_actions

        from . import deadlines, documents, rules, workflows  # noqa: F401
        from .enums import EquivalencyAction
        from .standing import registry_rows, standing_facts

        register_actions(EquivalencyAction, app_label="equivalency")
        register_standing_source(standing_facts)
        register_registry_source(registry_rows)
        from cor_portal.demo import register_demo_step

        from . import demo

        register_demo_step(self.label, demo.demo_step)
