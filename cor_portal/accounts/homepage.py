"""Home-page sections of the accounts area."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cor_portal.home import HomeItem, HomeSection, register_home_section

from .models import StaffInvitation


@register_home_section
def open_staff_invitations(user) -> HomeSection | None:
    if not user.is_administrator:
        return None
    invitations = list(
        StaffInvitation.objects.filter(accepted_at__isnull=True).order_by("created_at")[:10]
    )
    url = reverse("staff_invite")
    return HomeSection(
        title=_("Open staff invitations"),
        items=[
            HomeItem(
                text=_("%(email)s invited as %(role)s on %(date)s, not accepted yet")
                % {
                    "email": inv.email,
                    "role": inv.get_role_display(),
                    "date": inv.created_at.date().isoformat(),
                },
                url=url,
            )
            for inv in invitations
        ],
        empty_text=_("No open staff invitations."),
        order=900,
    )


@register_home_section
def set_up_two_factor(user) -> HomeSection | None:
    """Staff and external auditors are reminded to set up MFA (required when
    REQUIRE_STAFF_MFA is on; the middleware enforces it)."""
    from .mfa import has_second_factor, role_needs_mfa

    if not role_needs_mfa(user) or has_second_factor(user):
        return None
    text = (
        _("Set up two-factor authentication (required for your role).")
        if settings.REQUIRE_STAFF_MFA
        else _("Set up two-factor authentication to protect your account.")
    )
    return HomeSection(
        title=_("Account security"),
        items=[HomeItem(text=text, url=reverse("mfa_activate_totp"), urgent=True)],
        order=5,
    )
