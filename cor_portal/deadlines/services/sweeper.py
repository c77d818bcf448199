"""The sweep [SPEC §5]: claim missed deadlines one due day at a time, oldest first, run each
rule's consequence, claim the reminders now due in one statement, and notify — set-based,
idempotent, and serialized so two workers act once.

Nothing is carried through Python per claimed row except what a rule's `on_miss` asks for
(`DeadlineRule.miss_fields`): each claim stamps the rows it took with the sweep's own time
(`missed_at`, `reminded_at`), and the messages are built from two grouped queries over
those stamps (counts per recipient group, and the first lines of each digest)."""

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cor_portal.history.models import HistoryEntry

from ..changes import deadlines_changed
from ..models import Deadline, SweepRun
from ..registry import DEFAULT_REMINDER_OFFSETS, DeadlineRule, all_rules
from .digest import ClaimSet, notify_sweep
from .results import CLAIMED_FIELDS, SweepResult, row_factory

log = logging.getLogger(__name__)
OPEN, MET, MISSED, CANCELLED = (s.value for s in Deadline.State)
# Any constant: serializes sweeps on PostgreSQL so two workers never interleave their row
# locks (which could deadlock). Correctness does not depend on it: every claim is a
# conditional update, so a second sweep acts on nothing the first one took.
SWEEP_LOCK_KEY = 7_305_511
SWEEP_WORK_MEM = "64MB"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(name: str) -> str:
    field = Deadline._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # every claimed name is a column
    return field.column


def _d(value: date):
    return connection.ops.adapt_datefield_value(value)


def _lock_sweep() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # And room for the sweep's sorts and hashes in memory, for this transaction only.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s), set_config('work_mem', %s, true)",
                [SWEEP_LOCK_KEY, SWEEP_WORK_MEM],
            )


def _nothing_to_do(as_of: date) -> tuple[bool, int]:
    """(whether the sweep can stop here, the highest deadline id now). It can when this is a
    re-run for the date of the last completed sweep and no deadline was added since: one
    query of two index look-ups (primary key) instead of a sweep. That sweep claimed every
    deadline then open and due before `as_of`, and sent every reminder then due; a deadline
    never reopens nor moves its due date, so only a new one can be due. The id is read before
    the sweep claims anything, so a deadline committed during the sweep counts as new and
    the next re-run looks again. (A deadline with a lower id committed after that read is
    left to the next day's sweep, which claims it with the same missed day.)"""
    deadlines = _quote(Deadline._meta.db_table)
    runs = _quote(SweepRun._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {deadlines}), r.as_of, r.max_deadline_id "  # noqa: S608  # nosec B608  # quoted table names only
            f"FROM (SELECT 1 AS one) o LEFT JOIN (SELECT as_of, max_deadline_id FROM {runs} "
            f"ORDER BY id DESC LIMIT 1) r ON 1 = 1"
        )
        max_id, last_as_of, last_max_id = cursor.fetchone()
    max_id = max_id or 0
    same_date = last_as_of is not None and _as_date(last_as_of) == as_of
    return same_date and max_id <= last_max_id, max_id


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)  # SQLite: text


def _miss_rows(rule: DeadlineRule, rows: list[dict]) -> list:
    make = row_factory(rule.miss_fields)
    return [make(row) for row in rows]


def _claim_day(
    day: date, now: datetime, kinds: list[str], fields: list[str]
) -> tuple[int, list[dict]]:
    """Claim the deadlines open and due on `day`: (how many, the `fields` of those whose
    kind is in `kinds`, by id). On PostgreSQL one statement: the UPDATE's RETURNING feeds a
    SELECT that passes on only those rows; elsewhere the UPDATE, then a SELECT of the rows it
    stamped."""
    if not kinds:
        claimed = Deadline.objects.filter(state=OPEN, due_on=day).update(
            state=MISSED, missed_at=now, missed_on=day + timedelta(days=1)
        )
        return claimed, []
    if connection.vendor != "postgresql":
        claimed = Deadline.objects.filter(state=OPEN, due_on=day).update(
            state=MISSED, missed_at=now, missed_on=day + timedelta(days=1)
        )
        rows = (
            Deadline.objects.filter(state=MISSED, due_on=day, missed_at=now, kind__in=kinds)
            .order_by("id")
            .values(*fields)
            if claimed
            else []
        )
        return claimed, list(rows)
    columns = [_quote(_column(f)) for f in fields]
    returned = ", ".join(columns)
    picked = ", ".join(f"c.{c}" for c in columns)
    sql = (
        f"WITH c AS (UPDATE {_quote(Deadline._meta.db_table)} "  # noqa: S608  # nosec B608  # quoted model names; values are parameters
        f"SET state = %s, missed_at = %s, missed_on = %s WHERE state = %s AND due_on = %s "
        f"RETURNING {returned}), n AS (SELECT COUNT(*) AS n FROM c) "
        f"SELECT n.n, {picked} FROM n LEFT JOIN c ON c.kind IN "
        f"({', '.join(['%s'] * len(kinds))}) ORDER BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [MISSED, now, _d(day + timedelta(days=1)), OPEN, _d(day), *kinds],
        )
        result = cursor.fetchall()
    claimed = result[0][0] if result else 0
    rows = [dict(zip(fields, row[1:], strict=True)) for row in result if row[1] is not None]
    return claimed, rows


def _claim_missed(as_of: date, now: datetime, result: SweepResult) -> None:
    """Claim overdue deadlines one due date at a time, oldest first, applying each rule's
    consequence before the next day's: a sweep that catches up several days acts in the
    order the days happened (a consequence may cancel a later deadline before it is due)."""
    days = list(
        Deadline.objects.filter(state=OPEN, due_on__lt=as_of)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .distinct()
    )
    acting = [r for r in all_rules() if r.on_miss is not None]
    fields = sorted(
        {"id", "kind"}.union(*(r.miss_fields or CLAIMED_FIELDS for r in acting)),
        key=CLAIMED_FIELDS.index,
    )
    for day in days:
        claimed, rows = _claim_day(day, now, [r.kind for r in acting], fields)
        result.missed += claimed
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            by_kind[row["kind"]].append(row)
        for rule in acting:
            if by_kind.get(rule.kind):
                assert rule.on_miss is not None  # `acting` holds rules with one
                rule.on_miss(_miss_rows(rule, by_kind[rule.kind]))
    if result.missed:
        _record_missed_history(now)


def _record_missed_history(now: datetime) -> None:
    """One history line per claimed deadline with one INSERT … SELECT (set-based)."""
    pg = connection.vendor == "postgresql"
    now_value = connection.ops.adapt_datetimefield_value(now)
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


def _nearest_offset_sql(as_of: date) -> tuple[str, list, int]:
    """A CASE expression: the nearest reminder offset whose window a deadline is now in, for
    its kind (a registered rule's offsets, else the default ones), or NULL. The window of
    offset k is due_on <= as_of + k; the dates are parameters, so the SQL has no date
    arithmetic. Returns (sql, params, the largest offset)."""
    kind, due = _quote("kind"), _quote("due_on")

    def nearest(offsets: Sequence[int]) -> tuple[str, list]:
        ordered = sorted(set(offsets))
        if not ordered:
            return "NULL", []
        whens = " ".join(f"WHEN {due} <= %s THEN {k}" for k in ordered)
        return f"CASE {whens} ELSE NULL END", [_d(as_of + timedelta(days=k)) for k in ordered]

    by_offsets: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for rule in all_rules():
        by_offsets[tuple(sorted(set(rule.reminder_offsets)))].append(rule.kind)
    sql, params = "CASE", []
    for offsets, kinds in by_offsets.items():
        then_sql, then_params = nearest(offsets)
        sql += f" WHEN {kind} IN ({', '.join(['%s'] * len(kinds))}) THEN {then_sql}"
        params += [*kinds, *then_params]
    default_sql, default_params = nearest(DEFAULT_REMINDER_OFFSETS)
    sql += f" ELSE {default_sql} END"
    params += default_params
    largest = max(
        [*DEFAULT_REMINDER_OFFSETS, *(k for offsets in by_offsets for k in offsets)], default=0
    )
    return sql, params, largest


def _offsets() -> list[int]:
    offsets = set(DEFAULT_REMINDER_OFFSETS)
    for rule in all_rules():
        offsets.update(rule.reminder_offsets)
    return sorted(offsets)


def _claim_reminders(as_of: date, now: datetime, result: SweepResult) -> date:
    """One UPDATE: each open deadline now inside a reminder window gets the nearest one,
    unless that reminder (or a nearer one) already went out. Nearest means a sweep that
    catches up sends only the most urgent reminder, never three at once. The stamps touch no
    indexed column, so they are HOT updates."""
    nearest, params, largest = _nearest_offset_sql(as_of)
    reminded = _quote("reminded_days_before")
    due = _quote("due_on")
    sql = (
        f"UPDATE {_quote(Deadline._meta.db_table)} "  # noqa: S608  # nosec B608  # quoted model names and our own CASE; values are parameters
        f"SET {reminded} = {nearest}, {_quote('reminded_at')} = %s "
        f"WHERE {_quote('state')} = %s AND {due} >= %s AND {due} <= %s "
        f"AND {nearest} IS NOT NULL AND ({reminded} IS NULL OR {reminded} > {nearest})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *params,
                connection.ops.adapt_datetimefield_value(now),
                OPEN,
                _d(as_of),
                _d(as_of + timedelta(days=largest)),
                *params,
                *params,
            ],
        )
        result.reminded = cursor.rowcount
    result.reminded_by_offset = dict.fromkeys(_offsets(), 0)
    return as_of + timedelta(days=largest)


def sweep(as_of: date) -> SweepResult:
    """Apply everything due by `as_of`: claim missed deadlines (state open -> missed, due date
    before `as_of`) and run their rules' consequences in due-date order, send the reminders
    now due, and notify. Idempotent: a second run for the same date finds nothing to claim
    (and returns after one query of index look-ups). A fixed number of queries however many
    deadlines there are (plus the rules' own on_miss queries, once per rule and missed day)."""
    result = SweepResult(as_of=as_of)
    done, max_id = _nothing_to_do(as_of)
    if done:
        log.info("%s (nothing new since the last sweep for this date)", result.summary())
        return result
    with transaction.atomic():
        _lock_sweep()
        now = timezone.now()
        _claim_missed(as_of, now, result)
        window_end = _claim_reminders(as_of, now, result)
        if result.missed or result.reminded:
            notify_sweep(ClaimSet(as_of=as_of, at=now, window_end=window_end), result)
        if result.missed:  # what the calendar feed shows (reminder stamps it does not)
            deadlines_changed()
        for kind in result.missed_by_kind.keys() - {r.kind for r in all_rules()}:
            log.warning(
                "Missed %s deadline(s) of unregistered kind %s", result.missed_by_kind[kind], kind
            )
        SweepRun.objects.create(
            as_of=as_of,
            started_at=now,
            finished_at=timezone.now(),
            max_deadline_id=max_id,
            missed=result.missed,
            reminded=result.reminded,
        )
    log.info(result.summary())
    return result
