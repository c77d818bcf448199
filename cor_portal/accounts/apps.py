from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cor_portal.accounts"
    label = "accounts"
    # Django admin would otherwise show two "Accounts" sections (ours and allauth's "account").
    verbose_name = _("Users and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from cor_portal.history.labels import register_actions

        from .enums import AccountAction

        register_actions(AccountAction, app_label=self.label)

        # Home-page sections of the accounts area (open staff invitations, MFA reminder).
        from . import homepage  # noqa: F401
        from .lockout import on_user_logged_in
        from .tokens import on_user_logged_out

        # A completed page login makes its address "known" to the failed-login limits.
        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.lockout")
        # Logging out of the pages ends the user's API tokens too.
        user_logged_out.connect(on_user_logged_out, dispatch_uid="accounts.tokens")

        self._register_demo()
        self._register_scale()

    def _register_demo(self) -> None:
        # The demo users: the first demo step, whose users every later step receives.
        from cor_portal.demo import register_demo_step

        from . import demo

        register_demo_step(self.label, demo.demo_step)

    def _register_scale(self) -> None:
        # The staff users of the scale data (seed_scale), the first scale step.
        from cor_portal.scale import register_scale_step

        from . import scale

        register_scale_step(self.label, scale.scale_step)
