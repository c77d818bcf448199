"""The internal auditor tells the organization's SMRs that the audit is ready for their
sign-off: a history row on the audit and an inbox message (and e-mail) to each SMR."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.enums import INTERNAL_REVIEW_EDITABLE, AuditAction, AuditKind
from audits.models import Audit
from audits.rules import require_role
from audits.submission import submission_problems
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, Lowercase, notify

from .audit import SubmissionRefused, submission_facts
from .common import account_text, locked, page_url, review_of, smrs_of


@transaction.atomic
def audit_ready_for_sign_off(*, audit: Audit, by) -> int:
    """Tell the SMRs the audit is complete and waits for their sign-off. Refused (nothing
    recorded, nobody told) unless the audit is still being prepared, every item is answered
    and all evidence counts, and the organization has an SMR with an account. Returns how
    many SMRs were told."""
    require_role(
        by,
        "audits.prepare_audit",
        audit,
        _("Only the SMR or an internal auditor of this organization may prepare the audit."),
    )
    audit = locked(audit)
    if review_of(audit).status not in INTERNAL_REVIEW_EDITABLE:
        raise DomainError(
            _("This audit was already submitted; it is not waiting for a sign-off."),
            field="audit",
        )
    items, evidence = submission_facts(audit)
    problems = submission_problems(
        items=items, evidence=evidence, submitted_on=timezone.localdate()
    )
    if problems:
        raise SubmissionRefused(problems)
    smrs = [u for u in smrs_of(audit) if u.is_active and u.pk != by.pk]
    if not smrs:
        raise DomainError(
            _(
                "This organization has no other Senior Management Representative with an "
                "account to tell."
            ),
            field="audit",
        )
    names = ", ".join(u.get_full_name() or u.username for u in smrs)
    record(
        subject=audit,
        actor=by,
        action=AuditAction.READY_FOR_SIGN_OFF,
        changes={"told": ("", names)},
    )
    notify(
        users=smrs,
        subject=Localized(
            gettext_lazy("Internal audit ready for your sign-off: %(account)s"),
            {"account": account_text(audit)},
        ),
        body=Localized(
            gettext_lazy(
                "%(who)s finished the %(kind)s of %(account)s: every item is answered and the "
                "evidence is from the last 12 months. Review it, tick the sign-off and submit it."
            ),
            {
                "who": by.get_full_name() or by.username,
                "kind": Lowercase(AuditKind(audit.kind).label),
                "account": account_text(audit),
            },
        ),
        url=page_url("audits:audit_submit", audit.pk),
        kind="audit_ready_for_sign_off",
    )
    return len(smrs)
