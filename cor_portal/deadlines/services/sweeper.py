"""The sweep [SPEC §5]: claim missed deadlines one due day at a time, oldest first, run each
rule's consequence, claim the reminders now due, and notify — set-based, idempotent, and
serialized so two workers act once."""

import dataclasses
import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.history.models import HistoryEntry

from ..models import Deadline
from ..registry import DEFAULT_REMINDER_OFFSETS, all_rules
from .digest import notify_sweep
from .results import ClaimedDeadline, SweepResult

log = logging.getLogger(__name__)
OPEN, MET, MISSED, CANCELLED = (s.value for s in Deadline.State)
# Any constant: serializes sweeps on PostgreSQL so two workers never interleave their row
# locks (which could deadlock). Correctness does not depend on it: every claim is a
# conditional update, so a second sweep acts on nothing the first one took.
SWEEP_LOCK_KEY = 7_305_511


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


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
        f"UPDATE {_quote(Deadline._meta.db_table)} SET {set_sql} "  # noqa: S608  # nosec B608  # quoted model names, our own SET; values are parameters
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
            f"{_quote('state')} = %s, {_quote('missed_at')} = %s, {_quote('missed_on')} = %s",
            [MISSED, now_value, _d(day + timedelta(days=1))],
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
            f"INSERT INTO {history} (content_type_id, object_id, {_quote('at')}, actor_id, "  # noqa: S608  # nosec B608  # quoted table names only; values are parameters
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
            notify_sweep(missed, reminders, as_of, result)
    log.info(result.summary())
    return result
