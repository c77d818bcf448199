from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "certification"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Access scopes and rules, the home-page sections of each area and the document
        # kinds register here.
        from certification import documents, homepage, homepage_people, rules  # noqa: F401

        self._register_demo()

    def _register_demo(self) -> None:
        # Demo organizations, accounts and their people (seed_demo).
        from certification import demo
        from cor_portal.demo import register_demo_step

        register_demo_step(self.label, demo.demo_step)
