"""Thin Celery tasks: fetch, call a service, retry. Idempotent: a retried or duplicated task
finds the stored document and stops."""

from celery import shared_task

from certification.models import Registration
from certification.services.registration import registration_confirmation_letter
from cor_portal.errors import DomainError


@shared_task(bind=True, max_retries=5, acks_late=True)
def task_generate_registration_confirmation_letter(self, *, registration_id: int) -> str:
    registration = Registration.objects.get(pk=registration_id)
    try:
        return registration_confirmation_letter(registration=registration).number
    except DomainError:
        return ""  # no longer confirmed: nothing to generate, and retrying will not change it
    except Exception as exc:
        # The download view generates the letter on demand, so a failure here only delays it.
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(bind=True, max_retries=5, acks_late=True)
def task_generate_certificate_pdf(self, *, certificate_id: int) -> str:
    from certification.models import Certificate
    from certification.services.certificates import certificate_pdf

    certificate = Certificate.objects.get(pk=certificate_id)
    try:
        return certificate_pdf(certificate=certificate).number
    except DomainError:
        return ""  # revoked meanwhile: nothing to generate
    except Exception as exc:
        # The download view generates the PDF on demand, so a failure here only delays it.
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(bind=True, max_retries=5, acks_late=True)
def task_generate_lgs_pdf(self, *, letter_id: int) -> str:
    from certification.models import LetterOfGoodStanding
    from certification.services.maintenance import lgs_pdf

    letter = LetterOfGoodStanding.objects.get(pk=letter_id)
    try:
        return lgs_pdf(letter=letter).number
    except Exception as exc:
        # The download view generates the PDF on demand, so a failure here only delays it.
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task(acks_late=True)
def task_record_standings() -> dict[str, int]:
    """Today's count of accounts per standing (StandingSnapshot). Hourly from beat like the
    sweep (a nightly time inside a DST change is skipped or doubled); each run replaces the
    day's counts, so the last run of the day is what the chart shows."""
    from certification.services.standings import standings_record

    return standings_record()
