"""The appeal, one function per transition [001 §7; SPEC §7, §5 D13-D17]:

- appeal_file (the SMR, level 1, within 5 business days of receiving the report: D13):
  D14 (acknowledge in 2 business days) and D15 (decide in 5) open on the level.
- appeal_acknowledge (that level's decider): D14 met.
- appeal_decide (that level's decider): D15 (D17 at level 3) met. Upheld: the decision
  is overturned through its adapter (appeals/adapters.py). Denied at level 1 or 2: D16, the
  next level within 5 business days. Denied at level 3: final, the outcome stays.
- appeal_escalate (the SMR, after a denial, within D16): the next level opens.
- appeal_sign (the SMR and the program manager, after a level-2 agreement).
- appeals_close (the sweep, D16 missed).
Every step issues a new version of the appeal form (appeals/documents.py) after commit.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.audiences import organization_smrs
from certification.rules import is_smr_of
from cor_portal.accounts.audiences import staff_with_roles
from cor_portal.accounts.enums import UserRole
from cor_portal.deadlines.registry import Binds
from cor_portal.deadlines.services import closure_dates, deadline_meet, deadline_open
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify
from cor_portal.workflow import Conflict

from .. import windows
from ..adapters import adapter_for, outcome_kept
from ..deadlines import D13, D14, D15, D16, D17
from ..eligibility import Problem, escalation_problems, filing_problems
from ..enums import (
    APPEAL_AWAITING_DECISION,
    AppealAction,
    AppealStatus,
    DecisionKind,
    SignerRole,
    Verdict,
)
from ..models import Appeal, AppealAttachment, AppealSignature, AppealStage
from ..workflows import APPEAL_FLOW

GROUNDS_MAX = 5000
REASONS_MAX = 5000
_DECISION_FIELD = {
    DecisionKind.EXTERNAL_REPORT: "engagement",
    DecisionKind.INTERNAL_REVIEW: "internal_review",
}


class Problems(DomainError):
    """Several problems at once, by field."""

    def __init__(self, problems: list[Problem]):
        by_field: dict[str, list[str]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p.message)
        super().__init__(" ".join(p.message for p in problems), field=problems[0].field)
        self.problems = by_field

    def as_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.problems.items()}


def appeal_url(appeal: Appeal) -> str:
    try:
        return reverse("appeals:detail", args=[appeal.pk])
    except NoReverseMatch:  # the pages are not mounted yet
        return ""


def _text(value: str, *, field: str, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(missing, field=field)
    if len(value) > limit:
        raise DomainError(
            _("Keep it to %(max)s characters (it has %(n)s).") % {"max": limit, "n": len(value)},
            field=field,
        )
    return value


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


def _stage(appeal: Appeal) -> AppealStage:
    return AppealStage.objects.select_for_update().get(appeal=appeal, level=appeal.level)


def _account_text(appeal: Appeal) -> str:
    return appeal.wsib_account.account_number


def decider_may_act(user, appeal: Appeal) -> bool:
    """Whether `user` decides (and acknowledges) `appeal` at its current level: level 1, the
    COR auditor who made the decision; level 2 a program manager; level 3 the director."""
    if not user.is_authenticated:
        return False
    if appeal.level == 1:
        return user.pk == appeal.decision_maker_id
    if appeal.level == 2:
        return user.role == UserRole.PROGRAM_MANAGER
    return user.role == UserRole.PROGRAM_DIRECTOR


def require_decider(by, appeal: Appeal) -> None:
    if decider_may_act(by, appeal):
        return
    if appeal.level == 1:
        raise NotAllowed(
            _("A level-1 appeal is decided by the auditor who made the decision appealed.")
        )
    if appeal.level == 2:
        raise NotAllowed(_("A level-2 appeal is decided by a program manager."))
    raise NotAllowed(_("A level-3 appeal is decided by the program director."))


def _require_smr(by, appeal_or_account: Any) -> None:
    if not is_smr_of(by, appeal_or_account):
        raise NotAllowed(
            _("Only a senior management representative of the organization files an appeal.")
        )


def _deciders(appeal: Appeal, level: int) -> list:
    if level == 1:
        return [appeal.decision_maker]
    role = UserRole.PROGRAM_MANAGER if level == 2 else UserRole.PROGRAM_DIRECTOR
    return list(staff_with_roles([role]))


def _deadline_title(text, appeal: Appeal, level: int) -> Localized:
    return Localized(text, {"number": appeal.number, "level": level})


def _open_stage(
    appeal: Appeal, *, level: int, grounds: str, by, today: date, closures: frozenset[date]
) -> AppealStage:
    acknowledge_due = windows.due_on(today, windows.ACKNOWLEDGE_DAYS, closures)
    if level < 3:
        decide_due = windows.due_on(today, windows.DECIDE_DAYS, closures)
    else:
        level2 = AppealStage.objects.get(appeal=appeal, level=2)
        assert level2.decided_on is not None
        decide_due = max(
            windows.due_on(level2.decided_on, windows.REVIEW_DAYS, closures), acknowledge_due
        )
    stage = AppealStage.objects.create(
        appeal=appeal,
        level=level,
        grounds=grounds,
        filed_by=by,
        filed_on=today,
        acknowledge_due_on=acknowledge_due,
        decide_due_on=decide_due,
    )
    common: dict[str, Any] = dict(
        subject=stage,
        opened_on=today,
        url=appeal_url(appeal),
        organization_id=appeal.wsib_account.organization_id,
        wsib_account_id=appeal.wsib_account_id,
        actor=by,
    )
    if level == 1:
        common["assignee"] = appeal.decision_maker
        if appeal.kind == DecisionKind.EXTERNAL_REPORT:
            common["binds"] = Binds.EXTERNAL_AUDITOR
    deadline_open(
        kind=D14,
        due_on=acknowledge_due,
        title=_deadline_title(
            gettext_lazy("Acknowledge appeal %(number)s (level %(level)s)"), appeal, level
        ),
        **common,
    )
    deadline_open(
        kind=D15 if level < 3 else D17,
        due_on=decide_due,
        title=_deadline_title(
            gettext_lazy("Decide appeal %(number)s (level %(level)s)"), appeal, level
        ),
        **common,
    )
    Appeal.objects.filter(pk=appeal.pk).update(due_on=acknowledge_due)
    appeal.due_on = acknowledge_due
    return stage


def _issue_form(appeal: Appeal) -> None:
    from ..documents import appeal_form_issue

    transaction.on_commit(lambda: appeal_form_issue(appeal_id=appeal.pk))


@transaction.atomic
def appeal_file(
    *, kind: str, decision: Any, by, grounds: str, attachments: Iterable[int] = ()
) -> Appeal:
    """The SMR files a level-1 appeal of `decision` (an ExternalEngagement or an
    InternalReview, per `kind`) with the auditor who made it. Refused, with nothing
    changed: an initial internal audit, a decision not (or favourably) decided, after the
    5-business-day window (D13), a second appeal of the same decision, attachments that are
    not evidence of that audit, no grounds."""
    if kind not in DecisionKind.values:
        raise DomainError(_("Unknown kind of decision."), field="kind")
    adapter = adapter_for(kind)
    account = adapter.account(decision)
    _require_smr(by, account)
    decision = type(decision).objects.select_for_update().get(pk=decision.pk)
    facts = adapter.facts(decision)
    closures = closure_dates()
    today = timezone.localdate()
    window = (
        windows.due_on(facts.received_on, windows.FILE_DAYS, closures)
        if facts.received_on
        else None
    )
    field = _DECISION_FIELD[DecisionKind(kind)]
    earlier = Appeal.objects.filter(**{field: decision}).first()
    try:
        attachment_ids = sorted({int(a) for a in attachments})
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Attachments are evidence ids."), field="attachments") from exc
    grounds = (grounds or "").strip()
    problems = filing_problems(
        facts=facts,
        today=today,
        window_due=window,
        grounds=grounds,
        attachments=attachment_ids,
        earlier_appeal=earlier.number if earlier else None,
    )
    if problems:
        raise Problems(problems)
    grounds = _text(grounds, field="grounds", limit=GROUNDS_MAX, missing="")
    assert facts.received_on is not None
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                kind=kind,
                wsib_account=account,
                decision_maker=adapter.decision_maker(decision),
                decision_summary=adapter.summary(decision)[:300],
                report_received_on=facts.received_on,
                filed_by=by,
                **{field: decision},
            )
    except IntegrityError as exc:
        raise DomainError(
            _("This decision was already appealed; it cannot be appealed twice."),
            field="decision",
        ) from exc
    AppealAttachment.objects.bulk_create(
        [AppealAttachment(appeal=appeal, evidence_id=e) for e in attachment_ids]
    )
    record(
        subject=appeal,
        actor=by,
        action=AppealAction.FILED,
        to_state=AppealStatus.FILED,
        changes={"level": (None, 1), "attachments": (None, len(attachment_ids))},
        reason=grounds[:500],
    )
    record(subject=decision, actor=by, action=AppealAction.FILED, reason=appeal.number)
    deadline_meet(kind=D13, subject=decision, actor=by, on=today, missing_ok=True)
    stage = _open_stage(appeal, level=1, grounds=grounds, by=by, today=today, closures=closures)
    notify(
        users=_deciders(appeal, 1),
        subject=Localized(
            gettext_lazy("Appeal %(number)s filed: %(account)s"),
            {"number": appeal.number, "account": _account_text(appeal)},
        ),
        body=Localized(
            gettext_lazy("Acknowledge it by %(ack)s and decide it by %(due)s."),
            {"ack": stage.acknowledge_due_on.isoformat(), "due": stage.decide_due_on.isoformat()},
        ),
        url=appeal_url(appeal),
        kind="appeal_filed",
    )
    _issue_form(appeal)
    return appeal


def _check_open(appeal: Appeal) -> None:
    if appeal.status not in APPEAL_AWAITING_DECISION:
        raise Conflict(
            _("Appeal %(number)s is %(status)s: there is nothing to decide at this level.")
            % {"number": appeal.number, "status": appeal.get_status_display().lower()}
        )


@transaction.atomic
def appeal_acknowledge(*, appeal: Appeal, by) -> Appeal:
    """The level's decider acknowledges the appeal (D14 met)."""
    require_decider(by, appeal)
    appeal = _locked(appeal)
    require_decider(by, appeal)
    if appeal.status != AppealStatus.FILED:
        raise Conflict(
            _("Appeal %(number)s is %(status)s: it was already acknowledged.")
            % {"number": appeal.number, "status": appeal.get_status_display().lower()}
        )
    stage = _stage(appeal)
    today = timezone.localdate()
    APPEAL_FLOW.move(appeal, AppealAction.ACKNOWLEDGED, by=by, due_on=stage.decide_due_on)
    AppealStage.objects.filter(pk=stage.pk).update(acknowledged_on=today, acknowledged_by=by)
    deadline_meet(kind=D14, subject=stage, actor=by, on=today, missing_ok=True)
    notify(
        users=organization_smrs(appeal.wsib_account.organization_id),
        subject=Localized(
            gettext_lazy("Appeal %(number)s acknowledged (level %(level)s)"),
            {"number": appeal.number, "level": appeal.level},
        ),
        body=Localized(
            gettext_lazy("The decision is due by %(due)s."),
            {"due": stage.decide_due_on.isoformat()},
        ),
        url=appeal_url(appeal),
        kind="appeal_acknowledged",
    )
    _issue_form(appeal)
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, by, verdict: str, reasons: str, agreement: str = "") -> Appeal:
    """The level's decider decides. Upheld: the decision appealed is overturned through its
    adapter (certificate issued, deadlines cancelled), with history naming this appeal.
    Denied at level 1 or 2: 5 business days to file the next level (D16). Denied at level 3:
    final; the outcome stays, and its history says so. `agreement` (level 2 only): the
    mutually satisfactory agreement both parties then sign."""
    require_decider(by, appeal)
    appeal = _locked(appeal)
    require_decider(by, appeal)
    _check_open(appeal)
    if verdict not in Verdict.values:
        raise DomainError(_("Choose upheld or denied."), field="verdict")
    reasons = _text(
        reasons,
        field="reasons",
        limit=REASONS_MAX,
        missing=_("Give the reasons for the decision."),
    )
    agreement = (agreement or "").strip()
    if agreement and appeal.level != 2:
        raise DomainError(
            _("An agreement is recorded at level 2 only (with the program manager)."),
            field="agreement",
        )
    if len(agreement) > REASONS_MAX:
        raise DomainError(_("The agreement is too long."), field="agreement")
    stage = _stage(appeal)
    today = timezone.localdate()
    acknowledged: dict[str, Any] = {}
    if stage.acknowledged_on is None:
        acknowledged = {"acknowledged_on": today, "acknowledged_by": by}
        deadline_meet(kind=D14, subject=stage, actor=by, on=today, missing_ok=True)
    deadline_meet(
        kind=D15 if appeal.level < 3 else D17, subject=stage, actor=by, on=today, missing_ok=True
    )
    values: dict[str, Any] = {
        "decided_on": today,
        "decided_by": by,
        "verdict": verdict,
        "decision_text": reasons,
        "agreement": agreement,
        **acknowledged,
    }
    decision = appeal.decision
    reason = _("Appeal %(number)s, level %(level)s: %(verdict)s") % {
        "number": appeal.number,
        "level": appeal.level,
        "verdict": Verdict(verdict).label,
    }
    changes = {"verdict": (None, verdict), "level": (appeal.level, appeal.level)}
    if verdict == Verdict.UPHELD:
        AppealStage.objects.filter(pk=stage.pk).update(**values)
        APPEAL_FLOW.move(
            appeal, AppealAction.UPHELD, by=by, reason=reasons[:500], changes=changes, due_on=None
        )
        adapter_for(appeal.kind).overturn(decision, by=by, reason=reason)
        record(subject=appeal, actor=by, action=AppealAction.OUTCOME_CHANGED, reason=reason)
        subject = gettext_lazy("Appeal %(number)s upheld (level %(level)s)")
        body = gettext_lazy("The decision appealed was changed: %(reasons)s")
    elif appeal.level < 3:
        closures = closure_dates()
        escalate_due = windows.due_on(today, windows.FILE_DAYS, closures)
        AppealStage.objects.filter(pk=stage.pk).update(escalate_due_on=escalate_due, **values)
        APPEAL_FLOW.move(
            appeal,
            AppealAction.DENIED,
            by=by,
            reason=reasons[:500],
            changes=changes,
            due_on=escalate_due,
        )
        deadline_open(
            kind=D16,
            subject=stage,
            due_on=escalate_due,
            opened_on=today,
            title=_deadline_title(
                gettext_lazy("Take appeal %(number)s to level %(level)s"), appeal, appeal.level + 1
            ),
            url=appeal_url(appeal),
            organization_id=appeal.wsib_account.organization_id,
            wsib_account_id=appeal.wsib_account_id,
            actor=by,
        )
        subject = gettext_lazy("Appeal %(number)s denied (level %(level)s)")
        body = gettext_lazy("%(reasons)s — You may take the appeal to the next level by %(due)s.")
    else:
        AppealStage.objects.filter(pk=stage.pk).update(**values)
        APPEAL_FLOW.move(
            appeal,
            AppealAction.DENIED_FINAL,
            by=by,
            reason=reasons[:500],
            changes=changes,
            due_on=None,
        )
        outcome_kept(decision, by=by, reason=reason)
        record(subject=appeal, actor=by, action=AppealAction.OUTCOME_KEPT, reason=reason)
        subject = gettext_lazy("Appeal %(number)s denied: final decision")
        body = gettext_lazy("The decision appealed stands: %(reasons)s")
    notify(
        users=[*organization_smrs(appeal.wsib_account.organization_id), appeal.decision_maker],
        subject=Localized(subject, {"number": appeal.number, "level": appeal.level}),
        body=Localized(
            body,
            {"reasons": reasons[:500], "due": appeal.due_on.isoformat() if appeal.due_on else ""},
        ),
        url=appeal_url(appeal),
        kind="appeal_decided",
    )
    _issue_form(appeal)
    return appeal


@transaction.atomic
def appeal_escalate(*, appeal: Appeal, by, grounds: str) -> Appeal:
    """The SMR takes a denied appeal to the next level within 5 business days of the denial
    (D16 met): level 2 with a program manager, level 3 with the program director (who
    reviews within 5 business days of the level-2 decision, D17)."""
    _require_smr(by, appeal)
    appeal = _locked(appeal)
    stage = AppealStage.objects.select_for_update().get(appeal=appeal, level=appeal.level)
    today = timezone.localdate()
    grounds = (grounds or "").strip()
    problems = escalation_problems(
        level=appeal.level,
        denied=appeal.status == AppealStatus.DENIED,
        today=today,
        window_due=stage.escalate_due_on,
        grounds=grounds,
    )
    if appeal.status in (AppealStatus.UPHELD, AppealStatus.DENIED_FINAL, AppealStatus.CLOSED):
        problems = [
            Problem(
                "level",
                _("Appeal %(number)s is %(status)s: it cannot go to another level.")
                % {"number": appeal.number, "status": appeal.get_status_display().lower()},
            )
        ]
    if problems:
        raise Problems(problems)
    grounds = _text(grounds, field="grounds", limit=GROUNDS_MAX, missing="")
    deadline_meet(kind=D16, subject=stage, actor=by, on=today, missing_ok=True)
    level = appeal.level + 1
    APPEAL_FLOW.move(
        appeal,
        AppealAction.ESCALATED,
        by=by,
        reason=grounds[:500],
        changes={"level": (appeal.level, level)},
        level=level,
    )
    new = _open_stage(
        appeal, level=level, grounds=grounds, by=by, today=today, closures=closure_dates()
    )
    notify(
        users=_deciders(appeal, level),
        subject=Localized(
            gettext_lazy("Appeal %(number)s at level %(level)s: %(account)s"),
            {"number": appeal.number, "level": level, "account": _account_text(appeal)},
        ),
        body=Localized(
            gettext_lazy("Acknowledge it by %(ack)s and decide it by %(due)s."),
            {"ack": new.acknowledge_due_on.isoformat(), "due": new.decide_due_on.isoformat()},
        ),
        url=appeal_url(appeal),
        kind="appeal_filed",
    )
    _issue_form(appeal)
    return appeal


def signer_role(appeal: Appeal, user) -> str | None:
    if is_smr_of(user, appeal):
        return SignerRole.APPELLANT
    if user.is_authenticated and user.role == UserRole.PROGRAM_MANAGER:
        return SignerRole.PROGRAM_MANAGER
    return None


@transaction.atomic
def appeal_sign(*, appeal: Appeal, by, typed_name: str) -> AppealSignature:
    """A party (the SMR, a program manager) signs the level-2 agreement. Refused when no
    agreement was reached, by anyone else, or twice."""
    role = signer_role(appeal, by)
    if role is None:
        raise NotAllowed(
            _("The agreement is signed by the organization's SMR and a program manager.")
        )
    appeal = _locked(appeal)
    stage = AppealStage.objects.select_for_update().filter(appeal=appeal, level=2).first()
    if stage is None or not stage.agreement:
        raise DomainError(
            _("No agreement was reached at level 2 of appeal %(number)s: there is nothing to sign.")
            % {"number": appeal.number},
            field="agreement",
        )
    typed_name = _text(
        typed_name, field="typed_name", limit=200, missing=_("Type your name to sign.")
    )
    if AppealSignature.objects.filter(stage=stage, role=role).exists():
        raise DomainError(
            _("The agreement was already signed as %(role)s.") % {"role": SignerRole(role).label},
            field="typed_name",
        )
    signature = AppealSignature.objects.create(
        stage=stage, role=role, user=by, typed_name=typed_name
    )
    record(
        subject=appeal,
        actor=by,
        action=AppealAction.SIGNED,
        changes={"signed_as": (None, role)},
    )
    _issue_form(appeal)
    return signature


def appeals_close(*, stage_ids: Sequence[int]) -> list[int]:
    """D16 missed: each denied appeal whose next level was not filed in time is closed."""
    if not stage_ids:
        return []
    rows = Appeal.objects.filter(
        stages__pk__in=list(stage_ids), stages__level=F("level"), status=AppealStatus.DENIED
    )
    return APPEAL_FLOW.move_set(
        rows,
        AppealAction.CLOSED,
        reason=_("Not taken to the next level within 5 business days"),
        due_on=None,
    )
