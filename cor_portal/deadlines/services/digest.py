"""The sweep's messages: one per person per sweep — the deadline itself, or a digest."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from cor_portal.notifications.services import Notice, notify_many

from .. import calendar
from ..enums import DeadlineNotice
from .recipients import recipients_of
from .results import ClaimedDeadline, SweepResult

DIGEST_LINES = 25


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


def notify_sweep(
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
                    kind=DeadlineNotice.MISSED if is_missed else DeadlineNotice.REMINDER,
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
                kind=DeadlineNotice.DIGEST,
            )
        )
    notify_many(notices)
    result.notified_users = len(notices)
