"""Thin Celery tasks of the audits area. Idempotent: a retried task finds the stored
document and stops."""

from celery import shared_task
from django.db import transaction

from audits.models import Audit
from audits.reports import review_report_generate
from cor_portal.errors import DomainError


@shared_task(bind=True, max_retries=5, acks_late=True)
def task_generate_review_report(self, *, audit_id: int) -> str:
    audit = Audit.objects.get(pk=audit_id)
    try:
        return review_report_generate(audit=audit).number
    except DomainError:
        return ""  # not reviewed (any more): nothing to generate
    except Exception as exc:
        # The download view generates the report on demand, so a failure only delays it.
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


def queue_review_report(audit: Audit) -> None:
    """Generate the review report after the surrounding transaction commits."""
    audit_id = audit.pk
    transaction.on_commit(lambda: task_generate_review_report.delay(audit_id=audit_id))
