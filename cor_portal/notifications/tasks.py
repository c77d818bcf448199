from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import OutboundEmail
from .services import email_send

MAX_ATTEMPTS = 8


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def task_send_email(self, *, email_id: int) -> bool:
    try:
        return email_send(email_id=email_id)
    except Exception as exc:
        # Retried with backoff; beyond that beat's re-queue picks it up again.
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task
def task_requeue_unsent_email() -> int:
    """Re-queue e-mails still queued after 10 minutes (a lost task, a dead worker, Redis
    restarted). Sending is claimed per row, so a duplicate queue entry sends once."""
    stale = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.QUEUED,
        created_at__lt=timezone.now() - timedelta(minutes=10),
        attempts__lt=50,
    ).values_list("pk", flat=True)[:500]
    count = 0
    for pk in stale:
        task_send_email.delay(email_id=pk)
        count += 1
    return count
