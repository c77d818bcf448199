from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cor_portal.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Home-page sections of the accounts area (open staff invitations, MFA reminder).
        from . import homepage  # noqa: F401
        from .lockout import on_user_logged_in

        # A completed page login makes its address "known" to the failed-login limits.
        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.lockout")
