import logging

from celery import shared_task

from .services import email_send, requeue_stale_email

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def task_send_email(self, *, email_id: int) -> bool:
    try:
        return email_send(email_id=email_id)
    except Exception as exc:
        # Retried with backoff; beyond that beat's re-queue picks it up again.
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(acks_late=True)
def task_send_email_batch(*, email_ids: list[int]) -> int:
    """Send many queued e-mails (a sweep's notices). A failure leaves that e-mail queued with
    its error; beat's re-queue sends it later. Returns how many were sent."""
    sent = 0
    for email_id in email_ids:
        try:
            sent += bool(email_send(email_id=email_id))
        except Exception:
            log.exception("E-mail %s not sent; it stays queued", email_id)
    return sent


@shared_task
def task_requeue_unsent_email() -> int:
    """Re-queue e-mails still queued after 10 minutes (a lost task, a dead worker, Redis
    restarted) and e-mails stuck in "sending" by a worker that died. Sending is claimed per
    row, so a duplicate queue entry sends once."""
    ids = requeue_stale_email()
    for pk in ids:
        task_send_email.delay(email_id=pk)
    return len(ids)
