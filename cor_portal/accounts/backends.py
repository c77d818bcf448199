"""Administrators (role) get Django's model permissions (add/change/delete/view of any
model) so they can use Django admin without being superusers. Only those four kinds of
permission: the portal's own rules (e.g. "certification.submit_registration") stay with
django-rules, so an administrator does not silently gain employer powers."""

from django.contrib.auth.backends import BaseBackend

_MODEL_PERMISSION_PREFIXES = ("add_", "change_", "delete_", "view_")
# Model permissions an administrator (not a superuser) never gets: groups and permissions
# would let them grant themselves anything; API tokens are issued by their owners only.
_RESERVED_TO_SUPERUSERS = frozenset(
    {
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "auth.add_permission",
        "auth.change_permission",
        "auth.delete_permission",
        "accounts.add_apitoken",
        "accounts.change_apitoken",
    }
)


class AdministratorAdminBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None  # grants permissions only; never logs anyone in

    def _applies(self, user) -> bool:
        return bool(user.is_active and user.is_staff and getattr(user, "is_administrator", False))

    def has_perm(self, user_obj, perm, obj=None):
        if obj is not None or not self._applies(user_obj):
            return False
        if perm in _RESERVED_TO_SUPERUSERS:
            return False
        _app, _dot, codename = perm.partition(".")
        return codename.startswith(_MODEL_PERMISSION_PREFIXES)

    def has_module_perms(self, user_obj, app_label):
        return self._applies(user_obj)
