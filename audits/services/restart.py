"""The D2 consequence [SPEC §5]: six months after a "not confirmed" review report without a
completed external audit, the COR process restarts — the internal review goes to
`cycle_restarted`, its unfinished corrective action plan is closed (nobody submits,
approves or acts on it any more), and the SMRs are told to start a new internal audit.

Set-based (deadline consequences): a fixed number of queries for any number of audits."""

from collections.abc import Collection

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import AuditAction
from audits.models import CorrectiveActionPlan, InternalReview
from audits.workflows import CAP_FLOW, INTERNAL_REVIEW_FLOW
from certification.enums import MemberRole
from certification.models import Membership
from certification.models.programs import account_label_text, account_label_texts
from cor_portal.notifications.services import Localized, Notice, notify_many


@transaction.atomic
def cycle_restart(*, audit_ids: Collection[int]) -> list[int]:
    """Restart the cycle of those of `audit_ids` whose internal review is still "not
    confirmed" (others moved on, e.g. restarted by an earlier sweep). Returns the audit ids
    restarted."""
    if not audit_ids:
        return []
    moved = INTERNAL_REVIEW_FLOW.move_set(
        InternalReview.objects.filter(audit_id__in=list(audit_ids)),
        AuditAction.CYCLE_RESTARTED,
        reason=_(
            "No external audit was completed within 6 months of the review report (D2 "
            "missed); a new internal audit must be submitted."
        ),
        updated_at=timezone.now(),
    )
    if not moved:
        return []
    restarted = list(
        InternalReview.objects.filter(pk__in=moved)
        .order_by("pk")
        .values_list(
            "audit_id",
            "wsib_account__organization_id",
            "wsib_account__account_number",
            "wsib_account__organization__program_id",
        )
    )
    audit_pks = [audit_id for audit_id, _org, _number, _program in restarted]
    # Bug d: the plan of the restarted cycle ends with it (an approved plan stays approved).
    CAP_FLOW.move_set(
        CorrectiveActionPlan.objects.filter(audit_id__in=audit_pks),
        AuditAction.CAP_CLOSED,
        reason=_("The COR process restarted (D2 missed); this plan is no longer acted on."),
    )
    org_ids = {org for _audit, org, _number, _program in restarted}
    smrs: dict[int, list] = {}
    for membership in Membership.objects.filter(
        organization_id__in=org_ids, role=MemberRole.SMR, user__is_active=True
    ).select_related("user"):
        smrs.setdefault(membership.organization_id, []).append(membership.user)
    labels = account_label_texts()  # one read for every program, not one per account
    notices = [
        Notice(
            users=smrs[org],
            subject=Localized(
                gettext_lazy("COR process restarts for %(board)s account %(number)s"),
                {"board": labels.get(program) or account_label_text(program), "number": number},
            ),
            body=Localized(
                gettext_lazy(
                    "The external audit was not completed within 6 months of the internal audit "
                    "review report. Start a new internal audit to restart the COR process."
                )
            ),
            url="",
            kind="cycle_restarted",
        )
        for _audit, org, number, program in restarted
        if smrs.get(org)
    ]
    if notices:
        notify_many(notices)
    return audit_pks
