"""Demo certificates and a published registry. Until the external-audit flow produces them
(the audits app's demo), certificates are issued here with certificate_issue directly, on
accounts of their own. Idempotent: an account that holds a certificate is left alone."""

from datetime import timedelta

from django.utils import timezone

from certification.enums import CertificateStatus
from certification.models import Certificate, RegistryClient, RegistryPublication, WsibAccount
from certification.services.certificates import certificate_issue, certificate_revoke
from certification.services.registry import (
    registry_client_create,
    registry_content_hash_today,
    registry_publish,
)

# (account number, firm number, days since the anniversary, what happens next)
CERTIFIED_ACCOUNTS = [
    ("4810041", "7310041", 45, "active"),  # year 1
    ("4810042", "7310042", 420, "lgs"),  # year 2, its Letter of Good Standing issued
    ("4810043", "7310043", 100, "revoked"),  # verification page says "revoked"
    # Maintenance (issue 11): walked through pending and lapse by `sweep_deadlines --as-of`
    # (certification/demo/README in docs: the dates below are relative to the seeding day).
    ("4810044", "7310044", 365 + 20, "active"),  # year 2 anniversary 20 days ago, no LGS yet:
    #   pending from today + 11, lapsed from today + 71
    ("4810045", "7310045", 365 + 50, "active"),  # pending at today's sweep; lapsed at + 41
    ("4810046", "7310046", 365 - 80, "active"),  # maintenance audit due in 20 days (D5)
    ("4810047", "7310047", 365 + 10, "deficiencies"),  # review failed: D8 in 80 days
]
# Recertification (issue 11 item 3): (account, firm, days until the recertification
# anniversary, how far the re-registration went). Reminders to start the external audit go
# out from 90 days ahead; pending 31 days after it without the new certificate, lapsed at 91.
RECERTIFYING_ACCOUNTS = [
    ("4810048", "7310048", 100, "confirmed"),  # re-registered; reminders from today + 10
    ("4810049", "7310049", 70, "submitted"),  # re-registration awaits the administrator
]
RECERTIFICATION_APPLICANT = {
    "applicant_name": "Sam Morgan",
    "applicant_title": "President",
    "applicant_email": "smr@maple.demo.test",
    "workers": 42,
    "declaration_accepted": True,
}
LAKESHORE_DAYS = 200
DEMO_CLIENT = "Ontario Contractor Safety Registry (demo)"


def _certify(account: WsibAccount, days: int, then: str, admin) -> None:
    if Certificate.objects.filter(wsib_account=account).exists():
        return
    today = timezone.localdate()
    certificate = certificate_issue(
        wsib_account=account,
        anniversary_date=today - timedelta(days=days),
        by=admin,
        reason="demo data: external audit passed",
    )
    if then in ("lgs", "deficiencies"):
        from certification.models import MaintenanceYear
        from certification.services.maintenance import lgs_issue, maintenance_review_failed

        year = MaintenanceYear.objects.get(certificate=certificate, year=2)
        if then == "lgs":
            lgs_issue(year=year, by=admin)
        else:
            maintenance_review_failed(year=year, by=admin)
    if then == "revoked":
        certificate_revoke(
            certificate=certificate,
            by=admin,
            reason="demo data: the external audit report was withdrawn on appeal",
        )


def _recertifying(account: WsibAccount, days_to_go: int, stage: str, smr, admin) -> None:
    """A certificate near the end of its three years, re-registered (the same registration
    services as the first application)."""
    from dateutil.relativedelta import relativedelta

    from certification.models import Registration
    from certification.services.registration import (
        registration_confirm,
        registration_start,
        registration_submit,
    )

    if Certificate.objects.filter(wsib_account=account).exists():
        return
    today = timezone.localdate()
    certificate = certificate_issue(
        wsib_account=account,
        anniversary_date=today + timedelta(days=days_to_go) - relativedelta(years=3),
        by=admin,
        reason="demo data: external audit passed",
    )
    if Registration.objects.filter(recertification_of=certificate).exists():
        return
    registration = registration_start(wsib_account=account, facts=RECERTIFICATION_APPLICANT, by=smr)
    registration_submit(registration=registration, by=smr)
    if stage == "confirmed":
        registration_confirm(registration=registration, by=admin)


def seed(*, users, maple_account) -> None:
    admin = users["admin"]
    for number, firm, days, then in CERTIFIED_ACCOUNTS:
        maple_account(number, firm)
        _certify(WsibAccount.objects.get(account_number=number), days, then, admin)
    for number, firm, days_to_go, stage in RECERTIFYING_ACCOUNTS:
        maple_account(number, firm)
        _recertifying(
            WsibAccount.objects.get(account_number=number), days_to_go, stage, users["smr"], admin
        )
    lakeshore = WsibAccount.objects.filter(account_number="5520001").first()
    if lakeshore is not None:
        _certify(lakeshore, LAKESHORE_DAYS, "active", admin)
    if not RegistryClient.objects.filter(name=DEMO_CLIENT).exists():
        registry_client_create(
            name=DEMO_CLIENT, contact_email="api@registry.demo.test", rate_per_minute=60, by=admin
        )
    # Published after every demo step (certification.demo.demo_publish_registry).


def publish_if_stale(admin) -> bool:
    """Publish unless the latest publication already lists today's certified accounts."""
    latest = RegistryPublication.objects.order_by("-published_at", "-id").first()
    if latest is not None and latest.content_hash == registry_content_hash_today():
        return False
    registry_publish(by=admin)
    return True


def active_numbers() -> list[str]:
    return list(
        Certificate.objects.filter(status=CertificateStatus.ACTIVE).values_list("number", flat=True)
    )
