"""Notifying people: an in-app inbox message and an e-mail per recipient, written inside the
caller's transaction and sent by Celery after it commits.

E-mail delivery is at-least-once: a row is claimed (queued -> sending) before the backend is
called, so two workers never send it at the same time; a failure puts it back in the queue
with the error; a worker that dies mid-send leaves a stale "sending" row that
`requeue_stale_email` puts back in the queue. Nothing is dropped silently.

Language: each recipient's inbox message and e-mail are rendered in that recipient's
language (User.language). A notice's subject and body may be plain strings (already
translated by the caller, in the caller's language — how every service wrote them so far)
or `Localized` texts (a lazy msgid and its parameters; `Lowercase` and `Joined` compose
them), which are translated per recipient here, where the recipient is known. The domain
services pass Localized texts, so each recipient reads their own language."""

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from cor_portal.accounts.language import user_language

from .models import InboxMessage, OutboundEmail

log = logging.getLogger(__name__)

# After this many failed attempts an e-mail is marked failed (kept, with its last error).
MAX_EMAIL_ATTEMPTS = 20
# A "sending" claim older than this belongs to a worker that died: queue the e-mail again.
# Well above any SMTP timeout, so a slow send is not sent twice.
STALE_SENDING_AFTER = timedelta(minutes=15)
# A queued e-mail untouched for this long lost its task (Redis restart, worker crash).
STALE_QUEUED_AFTER = timedelta(minutes=10)
SEND_BATCH = 200
# An official subject is one short line: names chosen by whoever signs up (organization names)
# must never add a header line or push a misleading tail out of sight.
SUBJECT_MAX_LENGTH = 150
_SUBJECT_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def safe_subject(subject: str) -> str:
    """Whitespace and control characters folded to single spaces, capped in length."""
    folded = _SUBJECT_BREAKS.sub(" ", str(subject)).strip()
    if len(folded) > SUBJECT_MAX_LENGTH:
        folded = folded[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return folded


@dataclass(frozen=True)
class Localized:
    """A text translated when it is rendered, in the language active then: `text` is a lazy
    msgid (gettext_lazy) with %(name)s placeholders, `params` their values (lazy values,
    such as enum labels, are translated too). notify() renders it once per recipient
    language:

        subject=Localized(_lazy("COR registration confirmed: WSIB %(number)s"), {"number": n})
    """

    text: object
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        text = str(self.text)
        if not self.params:
            return text
        return text % {
            k: v if isinstance(v, int | float) else str(v) for k, v in self.params.items()
        }


@dataclass(frozen=True)
class ByLanguage:
    """A short name given in each language rather than through the catalogue (configuration
    an administrator edits, e.g. a program's "WSIB"/"CSPAAT"): the French one when French is
    active and it is given, else the English one. A Localized parameter like any other."""

    en: str
    fr: str = ""

    def __str__(self) -> str:
        if (translation.get_language() or "").startswith("fr") and self.fr:
            return self.fr
        return self.en


@dataclass(frozen=True)
class Lowercase:
    """A label (an enum's lazy label) in lower case, in the language it is rendered in — for a
    Localized parameter inside a sentence ("the %(kind)s of …")."""

    text: object

    def __str__(self) -> str:
        return str(self.text).lower()


@dataclass(frozen=True)
class Joined:
    """Texts (Localized or plain) rendered one after the other, `separator` between them; an
    empty part is left out (a sentence added only when there is something to say)."""

    parts: Sequence[object]
    separator: str = " "

    def __str__(self) -> str:
        return self.separator.join(t for t in (str(p) for p in self.parts) if t)


Text = str | Localized | Joined


def render_text(text: "Text | object", language: str) -> str:
    """`text` in `language` (a plain string is returned as it is)."""
    if isinstance(text, str):
        return text
    with translation.override(language):
        return str(text)


@dataclass
class Notice:
    """One message to a set of users (set-based notifying: see notify_many)."""

    users: Iterable
    subject: Text
    body: Text
    url: str = ""
    kind: str = ""


def _dispatch_on_commit(email_ids: list[int]) -> None:
    from .tasks import task_send_email, task_send_email_batch

    if not email_ids:
        return
    if len(email_ids) == 1:
        transaction.on_commit(lambda: task_send_email.delay(email_id=email_ids[0]))
        return
    for start in range(0, len(email_ids), SEND_BATCH):
        chunk = email_ids[start : start + SEND_BATCH]
        transaction.on_commit(partial(task_send_email_batch.delay, email_ids=chunk))


def email_queue(*, to: str, subject: str, body: str, html_body: str = "") -> OutboundEmail:
    email = OutboundEmail.objects.create(
        to=to, subject=safe_subject(subject), body=body, html_body=html_body
    )
    _dispatch_on_commit([email.pk])
    return email


def email_queue_many(emails: Sequence[tuple[str, str, str]]) -> list[OutboundEmail]:
    """Queue (to, subject, body) e-mails with one INSERT; sent in batches after commit."""
    rows = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(to=to, subject=safe_subject(subject), body=body)
            for to, subject, body in emails
        ]
    )
    _dispatch_on_commit([r.pk for r in rows])
    return rows


def subject_prefix() -> str:
    """The "[COR Portal]" every e-mail subject starts with, in the active language (the
    reader's: callers render each e-mail in its recipient's language)."""
    return f"[{translation.gettext('COR Portal')}]"


def prefixed(subject: object) -> str:
    """`subject` (rendered in the active language) after the e-mail prefix."""
    return f"{subject_prefix()} {subject}"


def _active(users: Iterable) -> list:
    return list({u.pk: u for u in users if u is not None and u.is_active}.values())


def notify_many(notices: Sequence[Notice], *, email: bool = True) -> list[InboxMessage]:
    """Inbox messages and e-mails for many notices with one INSERT each (a sweep notifies
    thousands of people without one query per person)."""
    inbox: list[InboxMessage] = []
    emails: list[tuple[str, str, str]] = []
    for notice in notices:
        recipients = _active(notice.users)
        link = f"\n\n{settings.SITE_URL}{notice.url}" if notice.url else ""
        rendered: dict[str, tuple[str, str, str]] = {}
        for u in recipients:
            language = user_language(u)
            if language not in rendered:
                with translation.override(language):
                    prefix = subject_prefix()
                rendered[language] = (
                    safe_subject(render_text(notice.subject, language)),
                    render_text(notice.body, language),
                    prefix,
                )
            subject, body, prefix = rendered[language]
            inbox.append(
                InboxMessage(user=u, subject=subject, body=body, url=notice.url, kind=notice.kind)
            )
            if email and u.email:
                # The e-mail's "[COR Portal]" prefix is in the recipient's language too.
                emails.append((u.email, f"{prefix} {subject}", body + link))
    messages = InboxMessage.objects.bulk_create(inbox) if inbox else []
    if emails:
        email_queue_many(emails)
    return messages


def notify(
    *,
    users: Iterable,
    subject: Text,
    body: Text,
    url: str = "",
    kind: str = "",
    email: bool = True,
) -> list[InboxMessage]:
    return notify_many(
        [Notice(users=users, subject=subject, body=body, url=url, kind=kind)], email=email
    )


def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail. Claims it (queued -> sending) with a conditional update so two
    workers never send it at once; on failure it goes back to the queue with the error kept
    (and raises, so the task retries). Returns False when another worker has it or it is
    already sent."""
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body, to=[email.to])
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except Exception as exc:
        gave_up = email.attempts >= MAX_EMAIL_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).update(
            status=OutboundEmail.Status.FAILED if gave_up else OutboundEmail.Status.QUEUED,
            claimed_at=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        log.warning(
            "E-mail %s to %s failed (attempt %s): %s", email_id, email.to, email.attempts, exc
        )
        if gave_up:
            log.error("E-mail %s marked failed after %s attempts", email_id, email.attempts)
            return False
        raise
    OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def requeue_stale_email(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Put back in the queue the e-mails whose worker died mid-send, and return the ids of
    queued e-mails that have waited too long (their task was lost) so they can be sent."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER
    ).update(
        status=OutboundEmail.Status.QUEUED,
        claimed_at=None,
        last_error="Worker stopped while sending; queued again.",
    )
    waiting = (
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.QUEUED, created_at__lt=now - STALE_QUEUED_AFTER
        )
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_QUEUED_AFTER))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return list(waiting)


def user_inbox(user):
    return InboxMessage.objects.filter(user=user)


def inbox_mark_read(*, user, message_id: int) -> InboxMessage:
    """Mark one of the user's own messages read (idempotent). Another user's id: DoesNotExist."""
    message = user_inbox(user).get(pk=message_id)
    if message.read_at is None:
        now = timezone.now()
        user_inbox(user).filter(pk=message_id, read_at__isnull=True).update(read_at=now)
        message.read_at = now
    return message


def email_requeue_failed(*, ids: Sequence[int]) -> int:
    """An administrator queues failed e-mails again (fresh attempt budget); sent after commit."""
    count = OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.QUEUED, attempts=0, claimed_at=None
    )
    _dispatch_on_commit(list(ids) if count else [])
    return count
