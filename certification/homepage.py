"""Home-page sections for organizations, WSIB accounts and registrations: what the SMR has to
do next, and how many registrations the administrators have to verify."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification import selectors
from certification.enums import REGISTRATION_EDITABLE, RegistrationStatus
from certification.models import Registration
from certification.rules import is_smr
from cor_portal.home import HomeItem, HomeSection, register_home_section

MAX_ITEMS = 10


@register_home_section
def employer_registrations(user) -> HomeSection | None:
    if not user.is_authenticated or not is_smr(user):
        return None
    organization = selectors.organization_of(user)
    if organization is None:
        return None
    items: list[HomeItem] = []
    to_do = (
        selectors.registrations_for_list(user)
        .filter(wsib_account__organization=organization, status__in=REGISTRATION_EDITABLE)
        .order_by("-status", "created_at")[:MAX_ITEMS]
    )
    for registration in to_do:
        number = registration.wsib_account.account_number
        url = reverse("registration_detail", kwargs={"pk": registration.pk})
        if registration.status == RegistrationStatus.REREGISTRATION_REQUESTED:
            items.append(
                HomeItem(
                    _("Re-register WSIB account %(number)s: %(reason)s")
                    % {"number": number, "reason": registration.reregistration_reason},
                    url,
                    urgent=True,
                )
            )
        else:
            items.append(
                HomeItem(
                    _("Submit the COR registration of WSIB account %(number)s")
                    % {"number": number},
                    url,
                    urgent=True,
                )
            )
    unregistered = (
        selectors.wsib_accounts_for_list(user)
        .filter(organization=organization)
        .filter(~Exists(Registration.objects.filter(wsib_account=OuterRef("pk"))))[:MAX_ITEMS]
    )
    for account in unregistered:
        items.append(
            HomeItem(
                _("WSIB account %(number)s is not registered in COR yet: register it")
                % {"number": account.account_number},
                reverse("registration_create", kwargs={"account_pk": account.pk}),
            )
        )
    return HomeSection(
        title=_("COR registration"),
        items=items,
        empty_text=_("Every WSIB account is registered or waiting for verification."),
        order=10,
    )


@register_home_section
def administrator_registrations(user) -> HomeSection | None:
    if not user.is_authenticated or not user.has_perm("certification.verify_registration"):
        return None
    count = selectors.registration_queue(user).count()
    items = []
    if count:
        items.append(
            HomeItem(
                ngettext(
                    "%(n)d registration awaiting verification",
                    "%(n)d registrations awaiting verification",
                    count,
                )
                % {"n": count},
                reverse("registration_queue"),
                urgent=True,
            )
        )
    return HomeSection(
        title=_("Registrations"),
        items=items,
        empty_text=_("No registration is waiting for verification."),
        order=10,
    )
