"""One deadline: open, meet, cancel, reassign. Every state move goes through the deadline
workflow (cor_portal/deadlines/workflows.py): a conditional update on `state = 'open'`, so a
deadline is met, cancelled or missed exactly once however many requests race for it."""

from collections.abc import Sequence
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized

from ..changes import deadlines_changed
from ..enums import DeadlineAction
from ..models import Deadline
from ..registry import get_rule
from ..titles import title_parts
from ..workflows import DEADLINE_FLOW

OPEN, MET, MISSED, CANCELLED = (s.value for s in Deadline.State)


def _subject_key(subject: models.Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(subject, for_concrete_model=True), str(subject.pk)


def open_deadline_of(kind: str, subject: models.Model) -> Deadline | None:
    ct, pk = _subject_key(subject)
    return Deadline.objects.filter(kind=kind, subject_type=ct, subject_id=pk, state=OPEN).first()


@transaction.atomic
def deadline_open(
    *,
    kind: str,
    subject: models.Model,
    due_on: date,
    title: str | Localized,
    opened_on: date | None = None,
    url: str = "",
    organization_id: int | None = None,
    wsib_account_id: int | None = None,
    assignee=None,
    binds: str | None = None,
    actor=None,
    replace: bool = False,
) -> Deadline:
    """Open a deadline of a registered rule on `subject`. One open deadline per rule and
    subject: with `replace`, an open one is cancelled first (e.g. an internal audit
    re-submitted restarts its review clock); without, it is an error. `title`: a Localized
    text (stored in English with its msgid, read in each reader's language) or a plain
    string (read as it is)."""
    rule = get_rule(kind)
    if rule is None:
        raise DomainError(_("Unknown deadline rule %(kind)s.") % {"kind": kind}, field="kind")
    opened_on = opened_on or timezone.localdate()
    if due_on < opened_on:
        raise DomainError(_("The due date cannot be before the day it opens."), field="due_on")
    existing = open_deadline_of(kind, subject)
    if existing is not None:
        if not replace:
            raise DomainError(
                _("An open %(kind)s deadline already exists for this item.") % {"kind": kind},
                field="kind",
            )
        deadline_cancel(kind=kind, subject=subject, actor=actor, reason=_("Replaced"))
    ct, pk = _subject_key(subject)
    english, msgid, params = title_parts(title)
    deadline = Deadline.objects.create(
        kind=kind,
        subject_type=ct,
        subject_id=pk,
        organization_id=organization_id,
        wsib_account_id=wsib_account_id,
        binds=binds or rule.binds,
        assignee=assignee,
        title=english,
        title_msgid=msgid,
        title_params=params,
        url=url,
        opened_on=opened_on,
        due_on=due_on,
    )
    record(
        subject=deadline,
        actor=actor,
        action=DeadlineAction.OPENED,
        to_state=OPEN,
        changes={"due_on": (None, due_on)},
    )
    deadlines_changed()
    return deadline


def _no_open_deadline(kind: str, ct: ContentType, pk: str, *, meeting: bool) -> DomainError:
    late = (
        Deadline.objects.filter(kind=kind, subject_type=ct, subject_id=pk)
        .filter(models.Q(state=MISSED) | models.Q(state=OPEN))
        .order_by("-due_on")
        .first()
    )
    if late is not None and meeting:
        return DomainError(
            _("This deadline passed on %(due)s.") % {"due": late.due_on.isoformat()},
            code="deadline_passed",
        )
    return DomainError(
        _("There is no open %(kind)s deadline for this item.") % {"kind": kind},
        code="no_open_deadline",
    )


def _cancel_rows(rows: models.QuerySet[Deadline], *, actor, reason: str) -> list[int]:
    """The one place deadlines are cancelled (one, or all of a subject's)."""
    deadlines_changed()
    return DEADLINE_FLOW.move_set(
        rows, DeadlineAction.CANCELLED, by=actor, reason=reason, closed_at=timezone.now()
    )


@transaction.atomic
def deadline_meet(
    *,
    kind: str,
    subject: models.Model,
    actor=None,
    on: date | None = None,
    missing_ok: bool = False,
) -> Deadline | None:
    """The obligation was met on `on` (today). Only an open deadline not yet past its due
    date can be met; otherwise DomainError (or None with missing_ok — e.g. a late review
    that leaves an SLA deadline for the sweep to claim as missed)."""
    ct, pk = _subject_key(subject)
    # Meeting counts up to and including the due date; later, the sweep claims it missed.
    target = Deadline.objects.filter(
        kind=kind,
        subject_type=ct,
        subject_id=pk,
        state=OPEN,
        due_on__gte=on or timezone.localdate(),
    ).first()
    if target is None:
        if missing_ok:
            return None
        raise _no_open_deadline(kind, ct, pk, meeting=True)
    deadlines_changed()
    return DEADLINE_FLOW.move(target, DeadlineAction.MET, by=actor, closed_at=timezone.now())


@transaction.atomic
def deadline_reassign(*, kind: str, subject: models.Model, assignee, by) -> int:
    """Give the open deadline of `kind` on `subject` to `assignee` (the one person who must
    act, e.g. the reviewer of a desk review), with a history row on the deadline. Returns the
    number of deadlines reassigned (0 when none is open)."""
    deadline = open_deadline_of(kind, subject)
    if deadline is None or deadline.assignee_id == getattr(assignee, "pk", None):
        return 0
    old = deadline.assignee
    Deadline.objects.filter(pk=deadline.pk, state=Deadline.State.OPEN).update(assignee=assignee)
    deadlines_changed()
    record(
        subject=deadline,
        actor=by,
        action=DeadlineAction.REASSIGNED,
        changes={"assignee": (old, assignee)},
    )
    return 1


@transaction.atomic
def deadline_cancel(
    *, kind: str, subject: models.Model, actor=None, reason: str = "", missing_ok: bool = False
) -> Deadline | None:
    ct, pk = _subject_key(subject)
    target = Deadline.objects.filter(kind=kind, subject_type=ct, subject_id=pk, state=OPEN).first()
    if target is None or not _cancel_rows(
        Deadline.objects.filter(pk=target.pk), actor=actor, reason=reason
    ):
        if missing_ok:
            return None
        raise _no_open_deadline(kind, ct, pk, meeting=False)
    target.refresh_from_db()
    return target


@transaction.atomic
def deadlines_cancel_for(
    *, subject: models.Model, reason: str, actor=None, kinds: Sequence[str] | None = None
) -> int:
    """Cancel every open deadline of `subject` (e.g. a cycle restarts)."""
    ct, pk = _subject_key(subject)
    rows = Deadline.objects.filter(subject_type=ct, subject_id=pk, state=OPEN)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    return len(_cancel_rows(rows, actor=actor, reason=reason))


@transaction.atomic
def deadlines_cancel_of(
    *,
    model: type[models.Model],
    subject_ids: Sequence[int],
    kinds: Sequence[str],
    reason: str,
    actor=None,
) -> int:
    """Cancel the open deadlines of `kinds` of many subjects of `model` at once (a deadline
    consequence: set-based, a fixed number of queries)."""
    if not subject_ids:
        return 0
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    rows = Deadline.objects.filter(
        subject_type=ct,
        subject_id__in=[str(pk) for pk in subject_ids],
        kind__in=list(kinds),
        state=OPEN,
    )
    return len(_cancel_rows(rows, actor=actor, reason=reason))
