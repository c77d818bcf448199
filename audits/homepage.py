"""Home-page sections of the internal-audit workflow: what the employer must do next (audits
in progress, returned, CAPs to submit — with due dates) and the reviewer's queue by due date
(days left). Imported once from AuditsConfig.ready()."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.enums import InternalReviewStatus
from audits.selectors import employer_home_audits, employer_home_plans, reviewer_home_audits
from certification.models.programs import all_account_labels
from certification.selectors import organization_of
from cor_portal.home import HomeItem, HomeSection, register_home_section

HOME_ITEMS = 8
URGENT_DAYS = 7


def _days(due, today) -> tuple[str, int | None]:
    if due is None:
        return "", None
    left = (due - today).days
    if left < 0:
        return _("%(n)s days overdue") % {"n": -left}, left
    return _("%(n)s days left") % {"n": left}, left


def _prepares(user, wsib_account) -> bool:
    """SMRs and internal auditors prepare audits and plans; a viewer only reads them."""
    return user.has_perm("audits.start_audit", wsib_account)


@register_home_section
def employer_audits_section(user) -> HomeSection | None:
    if not user.is_authenticated or not user.is_employer:
        return None
    today = timezone.localdate()
    audits = employer_home_audits(user, HOME_ITEMS)
    plans = employer_home_plans(user, HOME_ITEMS)
    organization = organization_of(user)
    board = organization.account_label if organization is not None else all_account_labels()
    items = []
    for audit in audits:
        number = audit.wsib_account.account_number
        if not _prepares(user, audit.wsib_account):
            # A viewer reads; the to-do wording is for the SMR and internal auditors.
            items.append(
                HomeItem(
                    text=_(
                        "Internal audit of %(board)s account %(n)s (%(status)s): you may read "
                        "its items, scores and evidence."
                    )
                    % {
                        "board": board,
                        "n": number,
                        "status": audit.internal_review.get_status_display(),
                    },
                    url=reverse("audits:audit_detail", args=[audit.pk]),
                )
            )
            continue
        if audit.internal_review.status == InternalReviewStatus.IN_PROGRESS:
            text = _(
                "Internal audit of %(board)s account %(n)s is in progress: fill it in and "
                "submit it."
            )
        elif audit.internal_review.status == InternalReviewStatus.RETURNED:
            text = _(
                "Internal audit of %(board)s account %(n)s was returned: correct it and submit "
                "it again."
            )
        else:
            when, left = _days(audit.d2_due, today)
            text = _(
                "Internal audit of %(board)s account %(n)s was not confirmed: correct the gaps and "
                "complete the external audit by %(due)s (%(when)s)."
            )
            items.append(
                HomeItem(
                    text=text % {"board": board, "n": number, "due": audit.d2_due, "when": when},
                    url=reverse("audits:audit_detail", args=[audit.pk]),
                    urgent=left is not None and left <= URGENT_DAYS,
                )
            )
            continue
        items.append(
            HomeItem(
                text=text % {"board": board, "n": number},
                url=reverse("audits:audit_detail", args=[audit.pk]),
                urgent=audit.internal_review.status == InternalReviewStatus.RETURNED,
            )
        )
    for plan in plans:
        # An external audit's plan has no internal review (its window is the re-audit's).
        review = getattr(plan.audit, "internal_review", None)
        due = review.correction_due_on if review is not None else None
        if not _prepares(user, plan.audit.wsib_account):
            items.append(
                HomeItem(
                    text=_("You may read the corrective action plan of %(board)s account %(n)s.")
                    % {"board": board, "n": plan.audit.wsib_account.account_number},
                    url=reverse("audits:cap_detail", args=[plan.pk]),
                )
            )
            continue
        text = (
            _(
                "Corrective action plan of %(board)s account %(n)s was returned: change and "
                "submit it."
            )
            if plan.status == "returned"
            else _("Complete and submit the corrective action plan of %(board)s account %(n)s.")
        ) % {"board": board, "n": plan.audit.wsib_account.account_number}
        if due:
            text += " " + _("Correction window ends %(due)s.") % {"due": due.isoformat()}
        items.append(
            HomeItem(text=text, url=reverse("audits:cap_detail", args=[plan.pk]), urgent=False)
        )
    if not items:
        return None
    return HomeSection(title=_("Internal audits"), items=items, order=30)


@register_home_section
def reviewer_queue_section(user) -> HomeSection | None:
    if not user.has_perm("audits.view_review_queue"):
        return None
    today = timezone.localdate()
    audits = reviewer_home_audits(user, HOME_ITEMS)
    items = []
    for audit in audits:
        when, left = _days(audit.d1_due, today)
        step = {
            InternalReviewStatus.SUBMITTED: _("pre-assess"),
            InternalReviewStatus.RESUBMITTED: _("pre-assess the re-submission"),
            InternalReviewStatus.ACCEPTED: _("assign a reviewer"),
            InternalReviewStatus.UNDER_REVIEW: _("complete the desk review"),
        }[audit.internal_review.status]
        text = _("%(org)s, %(board)s account %(n)s: %(step)s — review due %(due)s (%(when)s)") % {
            "org": audit.wsib_account.organization.legal_name,
            "board": audit.wsib_account.organization.account_label,
            "n": audit.wsib_account.account_number,
            "step": step,
            "due": audit.d1_due.isoformat() if audit.d1_due else "—",
            "when": when,
        }
        items.append(
            HomeItem(
                text=text,
                url=reverse("audits:audit_detail", args=[audit.pk]),
                urgent=left is not None and left <= URGENT_DAYS,
            )
        )
    return HomeSection(
        title=_("Internal audits to review"),
        items=items,
        empty_text=_("No internal audit is waiting for you."),
        order=25,
    )
