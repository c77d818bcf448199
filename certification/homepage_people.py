"""Home-page sections for people, training and readiness: the SMR sees what each WSIB
account still misses before its initial internal audit; certifying-body staff see the
training exemption requests waiting for a decision."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import selectors_people as selectors
from certification.enums import MemberRole
from certification.rules import member_role_of
from cor_portal.home import HomeItem, HomeSection, register_home_section

MAX_ITEMS = 10
# A request waiting longer than this is flagged on the staff home page.
EXEMPTION_WAIT_FLAG_DAYS = 14
ORGANIZATION_WIDE_CHECKS = ("smr_trained", "internal_auditor_trained", "ethics")
# The registration's next step is already on the home page (certification.homepage).
CHECKS_SHOWN_ELSEWHERE = ("registration",)


@register_home_section
def readiness_section(user) -> HomeSection | None:
    if not user.is_authenticated or member_role_of(user) != MemberRole.SMR:
        return None
    accounts = selectors.visible_accounts(user).order_by("account_number", "pk")
    items: list[HomeItem] = []
    organization_items: dict[str, HomeItem] = {}
    for readiness in selectors.readiness_for_accounts(accounts):
        url = reverse("wsib_account_readiness", args=[readiness.account.pk])
        for check in readiness.missing:
            if check.key in CHECKS_SHOWN_ELSEWHERE:
                continue
            if check.key in ORGANIZATION_WIDE_CHECKS:
                # People, training and ethics are the organization's: say it once.
                organization_items.setdefault(
                    check.key, HomeItem(text=check.text, url=reverse("people_list"))
                )
            else:
                items.append(
                    HomeItem(
                        text=_("WSIB %(number)s: %(text)s")
                        % {"number": readiness.account.account_number, "text": check.text},
                        url=url,
                    )
                )
    items = [*organization_items.values(), *items]
    if not items:
        return None
    return HomeSection(
        title=_("Before your initial internal audit"),
        items=items[:MAX_ITEMS],
        order=30,
    )


@register_home_section
def exemption_queue_section(user) -> HomeSection | None:
    if not user.is_authenticated or not user.has_perm("certification.decide_exemption"):
        return None
    waiting = list(selectors.exemption_queue(user)[: MAX_ITEMS + 1])
    today = timezone.localdate()
    items = [
        HomeItem(
            text=_("%(person)s (%(org)s): %(course)s, requested %(on)s")
            % {
                "person": e.person,
                "org": e.person.organization,
                "course": e.get_course_display(),
                "on": e.requested_on.isoformat(),
            },
            url=reverse("exemption_detail", args=[e.pk]),
            urgent=(today - e.requested_on).days > EXEMPTION_WAIT_FLAG_DAYS,
        )
        for e in waiting[:MAX_ITEMS]
    ]
    if len(waiting) > MAX_ITEMS:
        items.append(HomeItem(text=_("All waiting requests"), url=reverse("exemption_queue")))
    return HomeSection(
        title=_("Training exemption requests waiting"),
        items=items,
        empty_text=_("No training exemption request is waiting."),
        order=40,
    )
