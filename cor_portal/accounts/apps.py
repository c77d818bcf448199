from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cor_portal.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Home-page sections of the accounts area (open staff invitations, MFA reminder).
        from . import homepage  # noqa: F401

        self._register_demo()

    def _register_demo(self) -> None:
        # The demo users: the first demo step, whose users every later step receives.
        from cor_portal.demo import register_demo_step

        from . import demo

        register_demo_step(self.label, demo.demo_step)
