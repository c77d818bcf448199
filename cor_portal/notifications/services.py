"""Notifying people: an in-app inbox message and an e-mail per recipient, written inside the
caller's transaction and sent by Celery after it commits."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import InboxMessage, OutboundEmail


def email_queue(*, to: str, subject: str, body: str, html_body: str = "") -> OutboundEmail:
    from .tasks import task_send_email

    email = OutboundEmail.objects.create(to=to, subject=subject, body=body, html_body=html_body)
    transaction.on_commit(lambda: task_send_email.delay(email_id=email.pk))
    return email


def notify(
    *,
    users: Iterable,
    subject: str,
    body: str,
    url: str = "",
    kind: str = "",
    email: bool = True,
) -> list[InboxMessage]:
    recipients = {u.pk: u for u in users if u is not None and u.is_active}.values()
    messages = InboxMessage.objects.bulk_create(
        [InboxMessage(user=u, subject=subject, body=body, url=url, kind=kind) for u in recipients]
    )
    if email:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        for user in recipients:
            if user.email:
                email_queue(to=user.email, subject=f"[COR Portal] {subject}", body=body + link)
    return messages


def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail. Claims it with a conditional update so two workers never send
    it twice; on failure it goes back to the queue and the error is kept."""
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now()
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
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.QUEUED,
            sent_at=None,
            attempts=email.attempts + 1,
            last_error=f"{type(exc).__name__}: {exc}",
        )
        raise
    OutboundEmail.objects.filter(pk=email_id).update(attempts=email.attempts + 1)
    return True


def user_inbox(user):
    return InboxMessage.objects.filter(user=user)
