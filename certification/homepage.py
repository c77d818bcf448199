"""Home-page sections of the certification app: what the SMR has to do next (registrations,
and what each WSIB account still misses before its initial internal audit), and what the
certifying body has to verify or decide (registrations, training exemption requests)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification import selectors
from certification.enums import REGISTRATION_EDITABLE, MemberRole, RegistrationStatus
from certification.models import Organization, Registration
from certification.rules import member_role_of
from cor_portal.access import allowed
from cor_portal.accounts.enums import UserRole
from cor_portal.home import HomeItem, HomeSection, register_home_section

MAX_ITEMS = 10
# A request waiting longer than this is flagged on the staff home page.
EXEMPTION_WAIT_FLAG_DAYS = 14
ORGANIZATION_WIDE_CHECKS = ("smr_trained", "internal_auditor_trained", "ethics")
# The registration's next step is already on the home page (employer_registrations).
CHECKS_SHOWN_ELSEWHERE = ("registration",)


def _managed_organization(user) -> Organization | None:
    """The organization the user is an SMR of, or None."""
    if not user.is_authenticated:
        return None
    organization = selectors.organization_of(user)
    if organization is None or not allowed(user, "certification.manage_organization", organization):
        return None
    return organization


@register_home_section
def employer_registrations(user) -> HomeSection | None:
    organization = _managed_organization(user)
    if organization is None:
        return None
    items: list[HomeItem] = []
    board = organization.account_label
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
                    _("Re-register %(board)s account %(number)s: %(reason)s")
                    % {
                        "board": board,
                        "number": number,
                        "reason": registration.reregistration_reason,
                    },
                    url,
                    urgent=True,
                )
            )
        else:
            items.append(
                HomeItem(
                    _("Submit the COR registration of %(board)s account %(number)s")
                    % {"board": board, "number": number},
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
                _("%(board)s account %(number)s is not registered in COR yet: register it")
                % {"board": board, "number": account.account_number},
                reverse("registration_create", kwargs={"account_pk": account.pk}),
            )
        )
    return HomeSection(
        title=_("COR registration"),
        items=items,
        empty_text=_("Every %(board)s account is registered or waiting for verification.")
        % {"board": board},
        order=10,
    )


@register_home_section
def administrator_registrations(user) -> HomeSection | None:
    if not user.is_authenticated or not allowed(user, "certification.verify_registration"):
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


@register_home_section
def readiness_section(user) -> HomeSection | None:
    organization = _managed_organization(user)
    if organization is None:
        return None
    board = organization.account_label
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
                        text=_("%(board)s %(number)s: %(text)s")
                        % {
                            "board": board,
                            "number": readiness.account.account_number,
                            "text": check.text,
                        },
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
    if not user.is_authenticated or not allowed(user, "certification.decide_exemption"):
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


# --- what each role is for ----------------------------------------------------------------


def _role_texts(user) -> tuple[str, list[str]] | None:
    """(what the role is for, what comes next) for the roles whose home would otherwise
    say nothing of their own. The SMR, internal auditor, reviewer and administrator have
    their own to-do sections."""
    if user.is_employer:
        if member_role_of(user) != MemberRole.VIEWER:
            return None
        return (
            _(
                "You are a viewer of your organization: you may read its COR registration, "
                "WSIB accounts, internal audits with their scores and evidence, review reports "
                "and corrective action plans. You cannot change them: the Senior Management "
                "Representative and the internal auditors do."
            ),
            [
                _(
                    "If something needs changing, ask your Senior Management Representative "
                    "or an internal auditor."
                )
            ],
        )
    if user.role == UserRole.EXTERNAL_AUDITOR:
        return (
            _(
                "As an external auditor you see only the engagements you are chosen for and "
                "accept: the account, its audits, evidence and corrective action plans, your "
                "audit plan and your external audit report."
            ),
            [
                _(
                    "Open External audits to accept or decline an engagement, draft the audit "
                    "plan, score the audit and submit the report."
                )
            ],
        )
    if user.role == UserRole.LEAD_AUDITOR:
        return (
            _(
                "As lead auditor you approve SOSE action plans and review ISO 45001 / MLTSD "
                "equivalency requests."
            ),
            [
                _(
                    "SOSE action plans and equivalency requests are not in the portal yet: they "
                    "come with later parts. Until then you can help with the internal-audit "
                    "reviews below."
                )
            ],
        )
    if user.role == UserRole.PROGRAM_MANAGER:
        return (
            _(
                "As program manager you decide level-2 appeals, follow the program's key "
                "figures and decide on the auditor roster."
            ),
            [
                _(
                    "Appeals and the key-figure dashboards are not in the portal yet: they come "
                    "with later parts. Until then you can follow the internal-audit reviews "
                    "below."
                )
            ],
        )
    if user.role == UserRole.PROGRAM_DIRECTOR:
        return (
            _("As program director you make the final (level-3) decision on appeals."),
            [
                _(
                    "Appeals are not in the portal yet: they come with a later part. Until then "
                    "you can follow the internal-audit reviews below."
                )
            ],
        )
    return None


@register_home_section
def role_section(user) -> HomeSection | None:
    if not user.is_authenticated:
        return None
    texts = _role_texts(user)
    if texts is None:
        return None
    intro, next_steps = texts
    return HomeSection(
        title=_("Your role"),
        intro=intro,
        items=[HomeItem(text=t) for t in next_steps],
        order=0,
    )
