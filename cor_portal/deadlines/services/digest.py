"""The sweep's messages: one per person per sweep — the deadline itself, or a digest.

The claimed deadlines stay in the database: two grouped queries over the sweep's stamps
give, per group of deadlines that share their recipients (an assignee; all staff; one
organization's members; or, for a rule with its own `recipients`, each deadline), how many
were missed, how many in all, and the first DIGEST_LINES lines.

Each message is written in its recipient's language: its texts are Localized (rendered by
notify_many per recipient), the deadline titles among them (titles.DeadlineTitle), so only
the lines a message shows are translated."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cor_portal.notifications.services import Joined, Localized, Notice, notify_many

from .. import calendar
from ..enums import DeadlineNotice
from ..models import Deadline
from ..registry import Binds, all_rules, get_rule
from ..titles import DeadlineTitle
from .recipients import default_audiences
from .results import CLAIMED_FIELDS, SweepResult, row_factory

DIGEST_LINES = 25
MISSED, OPEN = Deadline.State.MISSED, Deadline.State.OPEN


@dataclass(frozen=True)
class ClaimSet:
    """What one sweep claimed, as the stamps it left: missed at `at`, or reminded at `at`
    (those are due between `as_of` and `window_end`)."""

    as_of: date
    at: datetime
    window_end: date

    def q(self) -> Q:
        return Q(state=MISSED, missed_at=self.at, due_on__lt=self.as_of) | Q(
            state=OPEN,
            reminded_at=self.at,
            due_on__gte=self.as_of,
            due_on__lte=self.window_end,
        )


@dataclass(frozen=True, slots=True)
class Line:
    id: int
    kind: str
    title: DeadlineTitle
    url: str
    due_on: date
    missed: bool


def _line(deadline: Line, as_of: date) -> Localized:
    due = deadline.due_on.isoformat()
    if deadline.missed:
        return Localized(
            _("%(kind)s %(title)s — missed (due %(due)s)"),
            {"kind": deadline.kind, "title": deadline.title, "due": due},
        )
    return Localized(
        _("%(kind)s %(title)s — due %(due)s (%(days)s days left)"),
        {
            "kind": deadline.kind,
            "title": deadline.title,
            "due": due,
            "days": calendar.days_left(deadline.due_on, as_of),
        },
    )


def _partition(custom: list[str]) -> list:
    """The recipient group of a claimed deadline, as SQL: its own group for a rule with its
    own `recipients`, else its assignee, else whom `binds` names (and the organization)."""
    return [
        Case(
            When(kind__in=custom or [""], then=F("id")),
            default=None,
            output_field=BigIntegerField(),
        ),
        F("assignee_id"),
        Case(
            When(assignee_id__isnull=True, then=F("binds")),
            default=Value(""),
            output_field=CharField(),
        ),
        Case(
            When(assignee_id__isnull=True, binds=Binds.ORGANIZATION, then=F("organization_id")),
            default=None,
            output_field=BigIntegerField(),
        ),
    ]


def _count(claims: ClaimSet, result: SweepResult, custom: list[str]) -> dict[tuple, list[int]]:
    """One grouped query: missed per kind, reminders per offset, and {recipient group:
    [missed, total]}."""
    keys = ["g_own", "g_assignee", "g_binds", "g_org"]
    rows = (
        Deadline.objects.filter(claims.q())
        .annotate(**dict(zip(keys, _partition(custom), strict=True)))
        .order_by()
        .values_list(*keys, "state", "kind", "reminded_days_before")
        .annotate(n=Count("id"))
    )
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for own, assignee, binds, org, state, kind, offset, n in rows:
        group = totals[(own, assignee, binds, org)]
        group[1] += n
        if state == MISSED:
            group[0] += n
            result.missed_by_kind[kind] = result.missed_by_kind.get(kind, 0) + n
        else:
            result.reminded_by_offset[offset] = result.reminded_by_offset.get(offset, 0) + n
    return totals


def _samples(claims: ClaimSet, custom: list[str]) -> list[dict]:
    """The first DIGEST_LINES deadlines of each recipient group, missed first then by due
    date. The window ranks narrow rows (ids and keys); only the chosen rows are read whole."""
    partition = _partition(custom)
    missed_first = Case(When(state=MISSED, then=0), default=1, output_field=IntegerField())
    ranked = (
        Deadline.objects.filter(claims.q())
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[missed_first.asc(), F("due_on").asc(), F("id").asc()],
            )
        )
        .filter(rank__lte=DIGEST_LINES)
        .values("id")
    )
    keys = ["g_own", "g_assignee", "g_binds", "g_org"]
    return list(
        Deadline.objects.filter(pk__in=ranked)
        .annotate(**dict(zip(keys, _partition(custom), strict=True)))
        .order_by()
        .values(*CLAIMED_FIELDS, "title_msgid", "title_params", "state", *keys)
    )


def _recipients(rows: list[dict]) -> dict[int, list]:
    """{row id: users} for the group each sample row stands for."""
    claimed = row_factory(None)
    by_rule: dict[str, list] = defaultdict(list)
    default: list[dict] = []
    for row in rows:
        (by_rule[row["kind"]] if row["g_own"] is not None else default).append(row)
    result: dict[int, list] = {}
    for kind, own_rows in by_rule.items():
        rule = get_rule(kind)
        assert rule is not None and rule.recipients is not None  # own groups are these
        for pk, users in rule.recipients([claimed(r) for r in own_rows]).items():
            result[pk] = list(users)
    assignees, staff, members = default_audiences(default)
    for row in default:
        if row["assignee_id"]:
            a = assignees.get(row["assignee_id"])
            users = [a] if a else []
        elif row["binds"] == Binds.CERTIFYING_BODY:
            users = staff
        elif row["binds"] == Binds.ORGANIZATION:
            users = members.get(row["organization_id"], [])
        else:
            users = []
        result[row["id"]] = users
    return result


def notify_sweep(claims: ClaimSet, result: SweepResult) -> None:
    """One inbox message (and e-mail) per person per sweep: the deadline itself when there is
    one, else a digest. Every missed deadline and every reminder is in someone's message.
    Work in Python is O(groups x people + lines), whatever the number of deadlines."""
    custom = [r.kind for r in all_rules() if r.recipients is not None]
    totals = _count(claims, result, custom)
    rows = _samples(claims, custom)
    recipients = _recipients(rows)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["g_own"], row["g_assignee"], row["g_binds"], row["g_org"])].append(row)
    # user pk -> [user, missed count, total, lines]
    per_user: dict[int, list] = {}
    for key, sample in groups.items():
        users = recipients.get(sample[0]["id"], [])
        lines = [
            Line(
                r["id"],
                r["kind"],
                DeadlineTitle(r["title"], r["title_msgid"], r["title_params"]),
                r["url"],
                r["due_on"],
                r["state"] == MISSED,
            )
            for r in sample
        ]
        n_missed, total = totals[key]
        for user in users:
            acc = per_user.setdefault(user.pk, [user, 0, 0, []])
            acc[1] += n_missed
            acc[2] += total
            acc[3].extend(lines)
    notices: list[Notice] = []
    next_url = reverse("deadlines:due_next")
    for user, n_missed, total, lines in per_user.values():
        if total == 1:
            [deadline] = lines
            subject = Localized(
                _("Deadline missed: %(title)s")
                if deadline.missed
                else _("Reminder: %(title)s is due %(due)s"),
                {"title": deadline.title, "due": deadline.due_on.isoformat()},
            )
            notices.append(
                Notice(
                    users=[user],
                    subject=subject,
                    body=_line(deadline, claims.as_of),
                    url=deadline.url or next_url,
                    kind=DeadlineNotice.MISSED if deadline.missed else DeadlineNotice.REMINDER,
                )
            )
            continue
        lines.sort(key=lambda d: (not d.missed, d.due_on, d.id))
        shown = lines[:DIGEST_LINES]
        body: list[Localized] = [_line(d, claims.as_of) for d in shown]
        if total > len(shown):
            body.append(Localized(_("… and %(n)s more."), {"n": total - len(shown)}))
        notices.append(
            Notice(
                users=[user],
                subject=Localized(
                    _("%(missed)s deadlines missed, %(reminders)s due soon"),
                    {"missed": n_missed, "reminders": total - n_missed},
                ),
                body=Joined(body, separator="\n"),
                url=next_url,
                kind=DeadlineNotice.DIGEST,
            )
        )
    notify_many(notices)
    result.notified_users = len(notices)
