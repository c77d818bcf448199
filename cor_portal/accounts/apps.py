from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cor_portal.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Home-page sections of the accounts area (open staff invitations, MFA reminder).
        from . import homepage  # noqa: F401
