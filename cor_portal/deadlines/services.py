"""Opening, meeting and cancelling deadlines, and the daily sweep [SPEC §5].

Every state write is a conditional update (`state = 'open'` in the WHERE), so a deadline is
met, cancelled or missed exactly once however many requests or workers race for it.
"""

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.accounts.enums import CERTIFYING_BODY_ROLES
from cor_portal.errors import DomainError
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import record
from cor_portal.notifications.services import Notice, notify_many

from . import calendar, scoping
from .models import ClosureDate, Deadline
from .registry import DEFAULT_REMINDER_OFFSETS, Binds, all_rules, get_rule

log = logging.getLogger(__name__)
OPEN, MET, MISSED, CANCELLED = (s.value for s in Deadline.State)
# Any constant: serializes sweeps on PostgreSQL so two workers never interleave their row
# locks (which could deadlock). Correctness does not depend on it: every claim is a
# conditional update, so a second sweep acts on nothing the first one took.
SWEEP_LOCK_KEY = 7_305_511
DIGEST_LINES = 25


# --- calendar with the configured closure dates ----------------------------------------


def closure_dates() -> frozenset[date]:
    return frozenset(ClosureDate.objects.values_list("date", flat=True))


def due_in_business_days(start: date, days: int) -> date:
    """`days` Ontario business days after `start`, skipping the configured closure dates."""
    return calendar.add_business_days(start, days, closure_dates())


# --- one deadline ------------------------------------------------------------------------


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
    title: str,
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
    re-submitted restarts its review clock); without, it is an error."""
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
    deadline = Deadline.objects.create(
        kind=kind,
        subject_type=ct,
        subject_id=pk,
        organization_id=organization_id,
        wsib_account_id=wsib_account_id,
        binds=binds or rule.binds,
        assignee=assignee,
        title=title[:250],
        url=url,
        opened_on=opened_on,
        due_on=due_on,
    )
    record(
        subject=deadline,
        actor=actor,
        action="opened",
        to_state=OPEN,
        changes={"due_on": (None, due_on)},
    )
    return deadline


def _close(
    *,
    kind: str,
    subject: models.Model,
    to_state: str,
    actor,
    reason: str,
    missing_ok: bool,
    on: date | None = None,
) -> Deadline | None:
    ct, pk = _subject_key(subject)
    rows = Deadline.objects.filter(kind=kind, subject_type=ct, subject_id=pk, state=OPEN)
    if to_state == MET:
        # Meeting counts up to and including the due date; later, the sweep claims it missed.
        rows = rows.filter(due_on__gte=on or timezone.localdate())
    target = rows.first()
    if target is None or not Deadline.objects.filter(pk=target.pk, state=OPEN).update(
        state=to_state, closed_at=timezone.now()
    ):
        if missing_ok:
            return None
        late = (
            Deadline.objects.filter(kind=kind, subject_type=ct, subject_id=pk)
            .filter(models.Q(state=MISSED) | models.Q(state=OPEN))
            .order_by("-due_on")
            .first()
        )
        if late is not None and to_state == MET:
            raise DomainError(
                _("This deadline passed on %(due)s.") % {"due": late.due_on.isoformat()},
                code="deadline_passed",
            )
        raise DomainError(
            _("There is no open %(kind)s deadline for this item.") % {"kind": kind},
            code="no_open_deadline",
        )
    target.refresh_from_db()
    record(
        subject=target,
        actor=actor,
        action=to_state,
        from_state=OPEN,
        to_state=to_state,
        reason=reason,
    )
    return target


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
    return _close(
        kind=kind,
        subject=subject,
        to_state=MET,
        actor=actor,
        reason="",
        missing_ok=missing_ok,
        on=on,
    )


@transaction.atomic
def deadline_cancel(
    *, kind: str, subject: models.Model, actor=None, reason: str = "", missing_ok: bool = False
) -> Deadline | None:
    return _close(
        kind=kind,
        subject=subject,
        to_state=CANCELLED,
        actor=actor,
        reason=reason,
        missing_ok=missing_ok,
    )


@transaction.atomic
def deadlines_cancel_for(
    *, subject: models.Model, reason: str, actor=None, kinds: Sequence[str] | None = None
) -> int:
    """Cancel every open deadline of `subject` (e.g. a cycle restarts)."""
    ct, pk = _subject_key(subject)
    rows = Deadline.objects.filter(subject_type=ct, subject_id=pk, state=OPEN)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    ids = list(rows.values_list("pk", flat=True))
    count = Deadline.objects.filter(pk__in=ids, state=OPEN).update(
        state=CANCELLED, closed_at=timezone.now()
    )
    for deadline in Deadline.objects.filter(pk__in=ids, state=CANCELLED):
        record(
            subject=deadline,
            actor=actor,
            action=CANCELLED,
            from_state=OPEN,
            to_state=CANCELLED,
            reason=reason,
        )
    return count


# --- the sweep ----------------------------------------------------------------------------


@dataclass
class SweepResult:
    as_of: date
    missed: int = 0
    reminded: int = 0
    notified_users: int = 0
    missed_by_kind: dict[str, int] = field(default_factory=dict)
    reminded_by_offset: dict[int, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"Sweep {self.as_of.isoformat()}: {self.missed} missed, {self.reminded} "
            f"reminders, {self.notified_users} people notified"
        )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@dataclass(frozen=True, slots=True)
class ClaimedDeadline:
    """A deadline the sweep just claimed, as the rules' on_miss and recipients hooks see it:
    the Deadline fields they need, without building 100,000 model instances."""

    id: int
    kind: str
    subject_type_id: int
    subject_id: str
    organization_id: int | None
    wsib_account_id: int | None
    binds: str
    assignee_id: int | None
    title: str
    url: str
    opened_on: date
    due_on: date

    @property
    def pk(self) -> int:
        return self.id


_CLAIMED_FIELDS = [f.name for f in dataclasses.fields(ClaimedDeadline)]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)  # SQLite: text


def _column(name: str) -> str:
    field = Deadline._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # every claimed name is a column
    return field.column


def _claim(
    set_sql: str, set_params: list, where_sql: str, where_params: list
) -> list[ClaimedDeadline]:
    """UPDATE … WHERE state = 'open' AND … RETURNING the rows this call claimed. Another
    worker's concurrent UPDATE waits for our row locks, re-checks `state = 'open'` and skips
    them (PostgreSQL READ COMMITTED), so each row is claimed by exactly one sweep.
    Only quoted model column names are formatted into the SQL; every value is a parameter."""
    columns = ", ".join(_quote(_column(n)) for n in _CLAIMED_FIELDS)
    sql = (
        f"UPDATE {_quote(Deadline._meta.db_table)} SET {set_sql} "  # noqa: S608
        f"WHERE {_quote('state')} = %s AND {where_sql} RETURNING {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*set_params, OPEN, *where_params])
        rows = cursor.fetchall()
    claimed = [
        ClaimedDeadline(*row[:10], *(_as_date(d) for d in row[10:12]))  # opened_on, due_on
        for row in rows
    ]
    claimed.sort(key=lambda d: (d.due_on, d.id))
    return claimed


def _d(value: date):
    return connection.ops.adapt_datefield_value(value)


def _lock_sweep() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK_KEY])


def _claim_missed(as_of: date, now: datetime, result: SweepResult) -> list[ClaimedDeadline]:
    """Claim overdue deadlines one due date at a time, oldest first, applying each rule's
    consequence before the next day's: a sweep that catches up several days acts in the
    order the days happened (a consequence may cancel a later deadline before it is due)."""
    days = list(
        Deadline.objects.filter(state=OPEN, due_on__lt=as_of)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .distinct()
    )
    missed: list[ClaimedDeadline] = []
    now_value = connection.ops.adapt_datetimefield_value(now)
    for day in days:
        claimed = _claim(
            f"{_quote('state')} = %s, {_quote('missed_at')} = %s",
            [MISSED, now_value],
            f"{_quote('due_on')} = %s",
            [_d(day)],
        )
        by_kind: dict[str, list[ClaimedDeadline]] = defaultdict(list)
        for deadline in claimed:
            by_kind[deadline.kind].append(deadline)
        for rule in all_rules():
            if rule.on_miss is not None and by_kind.get(rule.kind):
                rule.on_miss(by_kind[rule.kind])
        for kind in by_kind.keys() - {r.kind for r in all_rules()}:
            log.warning("Missed %s deadline(s) of unregistered kind %s", len(by_kind[kind]), kind)
        for kind, rows in by_kind.items():
            result.missed_by_kind[kind] = result.missed_by_kind.get(kind, 0) + len(rows)
        missed.extend(claimed)
    if missed:
        _record_missed_history(now_value)
    result.missed = len(missed)
    return missed


def _record_missed_history(now_value) -> None:
    """One history line per claimed deadline with one INSERT … SELECT (set-based)."""
    pg = connection.vendor == "postgresql"
    ct = ContentType.objects.get_for_model(Deadline)
    history = _quote(HistoryEntry._meta.db_table)
    deadlines = _quote(Deadline._meta.db_table)
    jsonb = "CAST(%s AS jsonb)" if pg else "%s"
    stamp = "CAST(%s AS timestamptz)" if pg else "%s"
    with connection.cursor() as cursor:
        # Quoted table names only; every value is a parameter.
        cursor.execute(
            f"INSERT INTO {history} (content_type_id, object_id, {_quote('at')}, actor_id, "  # noqa: S608
            f"action, from_state, to_state, changes, reason) "
            f"SELECT %s, CAST(id AS varchar(64)), {stamp}, NULL, %s, %s, %s, {jsonb}, %s "
            f"FROM {deadlines} WHERE state = %s AND missed_at = {stamp}",
            [
                ct.pk,
                now_value,
                MISSED,
                OPEN,
                MISSED,
                "{}",
                _("Missed (deadline sweep)"),
                MISSED,
                now_value,
            ],
        )


def _offsets() -> dict[int, tuple[list[str], bool]]:
    """{offset: (kinds that use it, whether unregistered kinds use it too)}."""
    rules = all_rules()
    offsets = set(DEFAULT_REMINDER_OFFSETS)
    for rule in rules:
        offsets.update(rule.reminder_offsets)
    return {
        k: ([r.kind for r in rules if k in r.reminder_offsets], k in DEFAULT_REMINDER_OFFSETS)
        for k in sorted(offsets)
    }


def _claim_reminders(as_of: date, result: SweepResult) -> list[tuple[ClaimedDeadline, int]]:
    """For each offset, nearest first, claim the open deadlines now inside that reminder
    window whose reminder for it (or a nearer one) has not gone out. Nearest first means a
    sweep that catches up sends only the most urgent reminder, never three at once."""
    registered = [r.kind for r in all_rules()]
    reminders: list[tuple[ClaimedDeadline, int]] = []
    kind_col = _quote("kind")
    reminded_col = _quote("reminded_days_before")
    for offset, (kinds, default_too) in _offsets().items():
        kind_sql: list[str] = []
        kind_params: list = []
        if kinds:
            kind_sql.append(f"{kind_col} IN ({', '.join(['%s'] * len(kinds))})")
            kind_params.extend(kinds)
        if default_too:
            if registered:
                kind_sql.append(f"{kind_col} NOT IN ({', '.join(['%s'] * len(registered))})")
                kind_params.extend(registered)
            else:
                kind_sql.append("1 = 1")
        if not kind_sql:
            continue
        claimed = _claim(
            f"{reminded_col} = %s",
            [offset],
            f"{_quote('due_on')} >= %s AND {_quote('due_on')} <= %s "
            f"AND ({reminded_col} IS NULL OR {reminded_col} > %s) AND ({' OR '.join(kind_sql)})",
            [_d(as_of), _d(as_of + timedelta(days=offset)), offset, *kind_params],
        )
        result.reminded_by_offset[offset] = len(claimed)
        reminders.extend((d, offset) for d in claimed)
    result.reminded = len(reminders)
    return reminders


def recipients_of(deadlines: Sequence[Deadline | ClaimedDeadline]) -> dict[int, list]:
    """{deadline id: users to tell} — the assignee when there is one, else everyone `binds`
    names, unless the rule says otherwise. A fixed number of queries for any number."""
    from cor_portal.accounts.models import User

    result: dict[int, list] = {}
    default: list = []
    by_rule: dict[str, list] = defaultdict(list)
    for d in deadlines:
        rule = get_rule(d.kind)
        if rule is not None and rule.recipients is not None:
            by_rule[d.kind].append(d)
        else:
            default.append(d)
    for kind, rows in by_rule.items():
        rule = get_rule(kind)
        assert rule is not None and rule.recipients is not None  # grouped above on this
        for pk, users in rule.recipients(rows).items():
            result[pk] = list(users)
    assignee_ids = {d.assignee_id for d in default if d.assignee_id}
    assignees = (
        {u.pk: u for u in User.objects.filter(pk__in=assignee_ids, is_active=True)}
        if assignee_ids
        else {}
    )
    needs_staff = any(not d.assignee_id and d.binds == Binds.CERTIFYING_BODY for d in default)
    staff = (
        list(User.objects.filter(role__in=CERTIFYING_BODY_ROLES, is_active=True))
        if needs_staff
        else []
    )
    org_ids = {
        d.organization_id
        for d in default
        if not d.assignee_id and d.binds == Binds.ORGANIZATION and d.organization_id
    }
    members = scoping.members_of(org_ids)
    for d in default:
        if d.assignee_id:
            users = [assignees[d.assignee_id]] if d.assignee_id in assignees else []
        elif d.binds == Binds.CERTIFYING_BODY:
            users = staff
        elif d.binds == Binds.ORGANIZATION:
            users = members.get(d.organization_id, [])
        else:
            users = []
        result[d.pk] = users
    return result


def _line(deadline: ClaimedDeadline, as_of: date, missed: bool) -> str:
    due = deadline.due_on.isoformat()
    if missed:
        return _("%(kind)s %(title)s — missed (due %(due)s)") % {
            "kind": deadline.kind,
            "title": deadline.title,
            "due": due,
        }
    return _("%(kind)s %(title)s — due %(due)s (%(days)s days left)") % {
        "kind": deadline.kind,
        "title": deadline.title,
        "due": due,
        "days": calendar.days_left(deadline.due_on, as_of),
    }


def _notify(
    missed: list[ClaimedDeadline],
    reminders: list[tuple[ClaimedDeadline, int]],
    as_of: date,
    result: SweepResult,
) -> None:
    """One inbox message (and e-mail) per person per sweep: the deadline itself when there is
    one, else a digest. Every missed deadline and every reminder is in someone's message."""
    recipients = recipients_of([*missed, *(d for d, _o in reminders)])
    entries = [*((d, True) for d in missed), *((d, False) for d, _o in reminders)]
    # Deadlines that share one recipient list (e.g. all staff) are grouped first, so the
    # work is O(deadlines + groups x people), not O(deadlines x people).
    groups: dict[int, tuple[list, list[tuple[ClaimedDeadline, bool]]]] = {}
    for deadline, is_missed in entries:
        users = recipients.get(deadline.pk)
        if users:
            groups.setdefault(id(users), (users, []))[1].append((deadline, is_missed))
    # user pk -> [user, missed count, total, the first DIGEST_LINES entries]
    per_user: dict[int, list] = {}
    for users, group in groups.values():
        n_missed = sum(1 for _deadline, m in group if m)
        for user in users:
            acc = per_user.setdefault(user.pk, [user, 0, 0, []])
            acc[1] += n_missed
            acc[2] += len(group)
            room = DIGEST_LINES - len(acc[3])
            if room > 0:
                acc[3].extend(group[:room])
    notices: list[Notice] = []
    next_url = reverse("deadlines:due_next")
    for user, n_missed, total, sample in per_user.values():
        if total == 1:
            deadline, is_missed = sample[0]
            subject = (
                _("Deadline missed: %(title)s")
                if is_missed
                else _("Reminder: %(title)s is due %(due)s")
            ) % {"title": deadline.title, "due": deadline.due_on.isoformat()}
            notices.append(
                Notice(
                    users=[user],
                    subject=subject[:250],
                    body=_line(deadline, as_of, is_missed),
                    url=deadline.url or next_url,
                    kind="deadline_missed" if is_missed else "deadline_reminder",
                )
            )
            continue
        lines = [_line(d, as_of, m) for d, m in sample]
        if total > len(sample):
            lines.append(_("… and %(n)s more.") % {"n": total - len(sample)})
        notices.append(
            Notice(
                users=[user],
                subject=_("%(missed)s deadlines missed, %(reminders)s due soon")
                % {"missed": n_missed, "reminders": total - n_missed},
                body="\n".join(lines),
                url=next_url,
                kind="deadline_digest",
            )
        )
    notify_many(notices)
    result.notified_users = len(notices)


def sweep(as_of: date) -> SweepResult:
    """Apply everything due by `as_of`: claim missed deadlines (state open -> missed, due date
    before `as_of`) and run their rules' consequences in due-date order, send the reminders
    now due, and notify. Idempotent: a second run for the same date finds nothing to claim.
    A fixed number of queries however many deadlines there are (plus the rules' own
    on_miss queries, once per rule and missed day)."""
    result = SweepResult(as_of=as_of)
    with transaction.atomic():
        _lock_sweep()
        now = timezone.now()
        missed = _claim_missed(as_of, now, result)
        reminders = _claim_reminders(as_of, result)
        if missed or reminders:
            _notify(missed, reminders, as_of, result)
    log.info(result.summary())
    return result


# --- closure dates (administrators) --------------------------------------------------------


@transaction.atomic
def closure_date_add(*, day: date, reason: str, actor) -> ClosureDate:
    """Add a day the certifying body is closed. Deadlines already open keep their due dates;
    business-day deadlines opened from now on skip it."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the office is closed that day."), field="reason")
    if day.weekday() >= calendar.SATURDAY:
        raise DomainError(
            _("%(day)s is a weekend day; weekends are never business days.")
            % {"day": day.isoformat()},
            field="date",
        )
    if day in calendar.ontario_holidays(day.year):
        raise DomainError(
            _("%(day)s is already an Ontario public holiday.") % {"day": day.isoformat()},
            field="date",
        )
    if ClosureDate.objects.filter(date=day).exists():
        raise DomainError(
            _("%(day)s is already a closure date.") % {"day": day.isoformat()}, field="date"
        )
    closure = ClosureDate.objects.create(date=day, reason=reason[:200])
    record(
        subject=closure,
        actor=actor,
        action="closure_added",
        changes={"date": (None, day)},
        reason=reason,
    )
    return closure


@transaction.atomic
def closure_date_remove(*, closure_id: int, actor) -> None:
    closure = ClosureDate.objects.filter(pk=closure_id).first()
    if closure is None:
        raise DomainError(_("That closure date no longer exists."), field="date")
    record(
        subject=closure,
        actor=actor,
        action="closure_removed",
        changes={"date": (closure.date, None)},
        reason=closure.reason,
    )
    closure.delete()
