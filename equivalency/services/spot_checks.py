"""Spot checks [001 §4.4; SPEC §4.4, §5 D9]: one function per move of SPOT_CHECK_FLOW.

spot_check_open          staff, on a certified account: scope, date, findings
spot_check_issue_letter  staff: the outcome letter PDF; "corrective action required"
                         opens D9 (letter + 90 days)
spot_check_report_cap    the SMR: the CAP's actions, fully implemented (meets D9)
spot_check_validate      staff: validation scope at their discretion, fee recorded;
                         not validated → referred
spot_checks_refer        the sweep, D9 missed → referred (staff are told)
spot_check_decide        staff: suspend or not, with reasons (suspend revokes the active
                         certificate, an administrator's act)
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.audiences import organization_smrs
from certification.enums import CertificateStatus
from certification.models import Certificate, WsibAccount
from certification.services.certificates import certificate_revoke
from certification.standing_facts import standing_of
from cor_portal.access import require
from cor_portal.accounts.audiences import certifying_body_staff
from cor_portal.deadlines.services.deadline import deadline_meet, deadline_open
from cor_portal.documents.services import document_issue
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, Notice, notify, notify_many

from ..documents import SPOT_CHECK_LETTER
from ..enums import EquivalencyAction, ReferralDecision, SpotCheckOutcome, SpotCheckStatus
from ..models import SpotCheck
from ..rules_pure import cap_due
from ..workflows import SPOT_CHECK_FLOW
from .common import D9, a_date, fee, not_future, text


def _url(check: SpotCheck) -> str:
    from django.urls import reverse

    return reverse("equivalency:spot_check", args=[check.pk])


@transaction.atomic
def spot_check_open(
    *, wsib_account: WsibAccount, scope: str, check_date, findings: str = "", by
) -> SpotCheck:
    require(by, "equivalency.open_spot_check", wsib_account)
    today = timezone.localdate()
    result = standing_of(wsib_account, today)
    if not result.is_certified:
        raise DomainError(
            _(
                "%(board)s account %(number)s is not certified (its standing is %(standing)s): "
                "only a certified account can be spot-checked."
            )
            % {
                "board": wsib_account.account_label,
                "number": wsib_account.account_number,
                "standing": result.label,
            },
            field="wsib_account",
        )
    scope = text(scope, field="scope", required=True, message=_("Describe the spot check's scope."))
    day = not_future(a_date(check_date, field="check_date"), today, field="check_date")
    check = SpotCheck.objects.create(
        wsib_account=wsib_account,
        scope=scope,
        check_date=day,
        findings=text(findings, field="findings", required=False),
        opened_by=by,
    )
    record(
        subject=check,
        actor=by,
        action=EquivalencyAction.SPOT_CHECK_OPENED,
        to_state=SpotCheckStatus.OPEN,
        changes={"scope": ("", scope), "check_date": (None, day)},
    )
    return check


@transaction.atomic
def spot_check_issue_letter(
    *, check: SpotCheck, outcome: str, findings: str | None = None, by
) -> SpotCheck:
    require(by, "equivalency.issue_spot_check_letter", check)
    if outcome not in SpotCheckOutcome.values:
        raise DomainError(
            _("Choose the outcome: no follow-up required, or corrective action required."),
            field="outcome",
        )
    if check.status != SpotCheckStatus.OPEN:
        raise DomainError(
            _("The outcome letter of this spot check was already issued."), code="conflict"
        )
    values: dict[str, Any] = {}
    if findings is not None:
        values["findings"] = text(findings, field="findings", required=False)
    findings_now = values.get("findings", check.findings)
    if outcome == SpotCheckOutcome.CORRECTIVE_ACTION and not findings_now:
        raise DomainError(
            _("Record the findings the corrective actions must address."), field="findings"
        )
    today = timezone.localdate()
    if outcome == SpotCheckOutcome.NO_FOLLOW_UP:
        SPOT_CHECK_FLOW.move(
            check,
            EquivalencyAction.SPOT_CHECK_NO_FOLLOW_UP,
            by=by,
            outcome=outcome,
            letter_on=today,
            **values,
        )
    else:
        due = cap_due(today)
        SPOT_CHECK_FLOW.move(
            check,
            EquivalencyAction.SPOT_CHECK_CORRECTIVE_ACTION,
            by=by,
            outcome=outcome,
            letter_on=today,
            cap_due_on=due,
            changes={"cap_due_on": (None, due)},
            **values,
        )
        account = check.wsib_account
        deadline_open(
            kind=D9,
            subject=check,
            due_on=due,
            opened_on=today,
            title=Localized(
                gettext_lazy("Implement the spot check's corrective actions: %(board)s %(number)s"),
                {"board": account.account_label_text, "number": account.account_number},
            ),
            url=_url(check),
            organization_id=account.organization_id,
            wsib_account_id=account.pk,
            actor=by,
        )
    document_issue(kind=SPOT_CHECK_LETTER, subject=check, by=by)
    notify(
        users=organization_smrs(check.wsib_account.organization_id),
        subject=Localized(
            gettext_lazy("Spot check outcome letter: %(board)s %(number)s"),
            {
                "board": check.wsib_account.account_label_text,
                "number": check.wsib_account.account_number,
            },
        ),
        body=Localized(
            gettext_lazy("Outcome: %(outcome)s"), {"outcome": check.get_outcome_display()}
        ),
        url=_url(check),
        kind="spot_check_letter",
    )
    return check


@transaction.atomic
def spot_check_report_cap(*, check: SpotCheck, actions: str, implemented_on, by) -> SpotCheck:
    """The SMR reports the corrective action plan fully implemented (D9 met)."""
    require(by, "equivalency.report_spot_check_cap", check)
    if check.status != SpotCheckStatus.CORRECTIVE_ACTION:
        raise DomainError(_("This spot check does not await corrective actions."), code="conflict")
    actions = text(
        actions,
        field="cap_actions",
        required=True,
        message=_("List the corrective actions and how each was implemented."),
    )
    today = timezone.localdate()
    day = not_future(a_date(implemented_on, field="implemented_on"), today, field="implemented_on")
    assert check.letter_on is not None and check.cap_due_on is not None
    if day < check.letter_on:
        raise DomainError(
            _("The implementation date cannot be before the letter (%(date)s).")
            % {"date": check.letter_on.isoformat()},
            field="implemented_on",
        )
    if today > check.cap_due_on:
        raise DomainError(
            _("The corrective actions were due by %(date)s (90 days after the letter).")
            % {"date": check.cap_due_on.isoformat()},
            field="implemented_on",
            code="deadline_passed",
        )
    deadline_meet(kind=D9, subject=check, actor=by, on=today)
    SPOT_CHECK_FLOW.move(
        check,
        EquivalencyAction.SPOT_CHECK_CAP_IMPLEMENTED,
        by=by,
        cap_actions=actions,
        cap_implemented_on=day,
        changes={"cap_implemented_on": (None, day)},
    )
    return check


def _notify_staff_referred(checks: list[SpotCheck]) -> None:
    staff = list(certifying_body_staff())
    if not staff or not checks:
        return
    notify_many(
        [
            Notice(
                users=staff,
                subject=Localized(
                    gettext_lazy("Spot check referred for a decision: %(board)s %(number)s"),
                    {
                        "board": c.wsib_account.account_label_text,
                        "number": c.wsib_account.account_number,
                    },
                ),
                body=Localized(
                    gettext_lazy("Decide whether to suspend the certification, with reasons.")
                ),
                url=_url(c),
                kind="spot_check_referred",
            )
            for c in checks
        ]
    )


@transaction.atomic
def spot_check_validate(
    *,
    check: SpotCheck,
    validated: bool,
    scope: str,
    fee_amount,
    fee_paid_on=None,
    notes: str = "",
    by,
) -> SpotCheck:
    """Staff validate the implementation (scope at their discretion; the fee recorded)."""
    require(by, "equivalency.validate_spot_check", check)
    if check.status != SpotCheckStatus.CAP_IMPLEMENTED:
        raise DomainError(
            _("The corrective actions of this spot check are not reported implemented."),
            code="conflict",
        )
    if not isinstance(validated, bool):
        raise DomainError(_("Say whether the implementation is validated."), field="validated")
    values: dict[str, Any] = {
        "validation_scope": text(
            scope, field="scope", required=True, message=_("Describe the validation's scope.")
        ),
        "validation_notes": text(
            notes,
            field="notes",
            required=not validated,
            message=_("Say what was not implemented."),
        ),
        "fee_amount": fee(fee_amount),
        "fee_paid_on": a_date(fee_paid_on, field="fee_paid_on", required=False),
        "validated_on": timezone.localdate(),
    }
    reason = str(values["validation_notes"])
    changes = {"fee_amount": (None, values["fee_amount"])}
    if validated:
        SPOT_CHECK_FLOW.move(
            check,
            EquivalencyAction.SPOT_CHECK_VALIDATED,
            by=by,
            reason=reason,
            changes=changes,
            **values,
        )
    else:
        SPOT_CHECK_FLOW.move(
            check,
            EquivalencyAction.SPOT_CHECK_NOT_VALIDATED,
            by=by,
            reason=reason,
            changes=changes,
            **values,
        )
    if not validated:
        _notify_staff_referred([check])
    return check


def spot_checks_refer(check_ids: list[int]) -> list[int]:
    """D9 missed (the sweep): the account is referred to staff for a decision."""
    moved = SPOT_CHECK_FLOW.move_set(
        SpotCheck.objects.filter(pk__in=check_ids),
        EquivalencyAction.SPOT_CHECK_REFERRED,
        reason=str(gettext_lazy("Corrective actions not implemented within 90 days (D9).")),
    )
    _notify_staff_referred(
        list(SpotCheck.objects.filter(pk__in=moved).select_related("wsib_account"))
    )
    return moved


@transaction.atomic
def spot_check_decide(*, check: SpotCheck, decision: str, reason: str, by) -> SpotCheck:
    """Staff decide a referred spot check: suspend the certification or not, with reasons."""
    require(by, "equivalency.decide_spot_check", check)
    if decision not in ReferralDecision.values:
        raise DomainError(
            _("Choose the decision: suspend the certification, or do not suspend."),
            field="decision",
        )
    reason = text(reason, field="reason", required=True, message=_("Give the reasons."))
    if check.status != SpotCheckStatus.REFERRED:
        raise DomainError(_("This spot check is not referred for a decision."), code="conflict")
    SPOT_CHECK_FLOW.move(
        check,
        EquivalencyAction.SPOT_CHECK_DECIDED,
        by=by,
        reason=reason,
        decision=decision,
        decision_reason=reason,
        decided_on=timezone.localdate(),
        changes={"decision": ("", decision)},
    )
    if decision == ReferralDecision.SUSPEND:
        active = Certificate.objects.filter(
            wsib_account_id=check.wsib_account_id, status=CertificateStatus.ACTIVE
        ).first()
        if active is not None:
            certificate_revoke(
                certificate=active,
                by=by,
                reason=_("Suspended after spot check %(check)s: %(reason)s")
                % {"check": str(check), "reason": reason},
            )
    return check
