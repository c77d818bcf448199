"""Demo organizations, WSIB accounts (and an Alberta employer's WCB accounts, on the ACSA
program) and registrations at each stage. Idempotent: accounts
are found by their number, and only a new account is taken through the workflow (with the
services, so the history and notifications exist as they would in real use)."""

from datetime import date

from django.utils import timezone

from certification.enums import CertificationAction, MemberRole, RegistrationStatus, Sector
from certification.models import Membership, Organization, Registration, WsibAccount
from certification.services.organization import wsib_account_create
from certification.services.programs import ensure_configured_programs
from certification.services.registration import (
    registration_confirm,
    registration_request_reregistration,
    registration_start,
    registration_submit,
)
from cor_portal.demo import DemoRun
from cor_portal.history.services import record

from . import certificates as demo_certificates
from . import people as demo_people

MAPLE = {
    "legal_name": "Maple Ridge Constructors Inc.",
    "operating_name": "Maple Ridge Constructors",
    "street_address": "120 Industrial Parkway",
    "city": "Barrie",
    "postal_code": "L4N 3V9",
    "sector": Sector.CONSTRUCTION,
    "workers": 85,
    "contact_name": "Sam Senior",
    "contact_email": "smr@demo.cor-portal.test",
    "contact_phone": "705-555-0142",
}
LAKESHORE = {
    "legal_name": "Lakeshore Paving Ltd.",
    "operating_name": "Lakeshore Paving",
    "street_address": "44 Lakeshore Road",
    "city": "Mississauga",
    "postal_code": "L5G 1E2",
    "sector": Sector.CONSTRUCTION,
    "workers": 32,
}
# (account number, firm number, stage)
MAPLE_ACCOUNTS = [
    ("4810001", "7310001", "confirmed"),
    ("4810002", "7310002", "submitted"),
    ("4810003", "7310003", "reregistration_requested"),
    ("4810004", "7310004", "draft"),
    ("4810005", "7310005", "none"),
]
LAKESHORE_ACCOUNT = ("5520001", "7520001")
# The Alberta employer on the ACSA program (SPEC §6.3): WCB accounts of 9 digits (the portal's
# WCB format is 7 to 9 digits; these numbers are the demo's own, not real accounts).
PRAIRIE = {
    "legal_name": "Prairie Summit Builders Ltd.",
    "operating_name": "Prairie Summit Builders",
    "street_address": "8200 Macleod Trail SE",
    "city": "Calgary",
    "province": "AB",
    "postal_code": "T2H 0M2",
    "sector": Sector.CONSTRUCTION,
    "workers": 60,
    "contact_name": "Alex Prairie",
    "contact_email": "absmr@demo.cor-portal.test",
    "contact_phone": "403-555-0177",
    "program_id": "acsa",
}
# (account number, firm number, stage)
PRAIRIE_ACCOUNTS = [
    ("630000101", "730000101", "confirmed"),
    ("630000102", "730000102", "submitted"),
]


def _organization(facts: dict, creator) -> Organization:
    organization, _ = Organization.objects.get_or_create(
        legal_name=facts["legal_name"], defaults={**facts, "created_by": creator}
    )
    return organization


def _member(user, organization: Organization, role: str) -> None:
    Membership.objects.get_or_create(
        user=user, defaults={"organization": organization, "role": role}
    )
    # Cached by certification.rules; drop it so the services see the new membership.
    for attr in ("_cor_organization_id", "_cor_member_role"):
        if hasattr(user, attr):
            delattr(user, attr)


def _applicant(user) -> dict:
    return {
        "applicant_name": user.get_full_name() or user.username,
        "applicant_title": "Operations Manager",
        "applicant_email": user.email,
        "applicant_phone": "705-555-0142",
        "workers": 40,
        "declaration_accepted": True,
    }


def _maple_account(organization, number: str, firm: str, stage: str, smr, admin) -> None:
    if WsibAccount.objects.filter(account_number=number).exists():
        return
    account = wsib_account_create(
        organization=organization,
        account_number=number,
        firm_number=firm,
        ohsms_in_place_since=date(2024, 3, 1),
        by=smr,
    )
    if stage == "none":
        return
    facts = _applicant(smr)
    if stage == "draft":
        facts["declaration_accepted"] = False
    registration = registration_start(wsib_account=account, facts=facts, by=smr)
    if stage == "draft":
        return
    registration_submit(registration=registration, by=smr)
    if stage == "confirmed":
        registration_confirm(registration=registration, by=admin)
    elif stage == "reregistration_requested":
        registration_request_reregistration(
            registration=registration,
            reason="The firm number does not match the WSIB account. Check your WSIB clearance "
            "certificate and correct the firm number.",
            by=admin,
        )


def _lakeshore_account(organization, admin) -> None:
    number, firm = LAKESHORE_ACCOUNT
    account, created = WsibAccount.objects.get_or_create(
        account_number=number,
        defaults={
            "organization": organization,
            "firm_number": firm,
            "ohsms_in_place_since": date(2023, 9, 1),
        },
    )
    if not created:
        return
    # Lakeshore has no demo login of its own; its history says the demo set it up.
    record(
        subject=account,
        actor=admin,
        action=CertificationAction.WSIB_ACCOUNT_CREATED,
        reason="demo data",
    )
    now = timezone.now()
    registration = Registration.objects.create(
        wsib_account=account,
        status=RegistrationStatus.CONFIRMED,
        applicant_name="Lee Shore",
        applicant_email="lee.shore@lakeshore-paving.test",
        workers=32,
        declaration_accepted=True,
        created_by=admin,
        submitted_at=now,
        received_on=timezone.localdate(now),
        confirmed_at=now,
        confirmed_by=admin,
    )
    record(
        subject=registration,
        actor=admin,
        action=CertificationAction.REGISTRATION_CONFIRMED,
        to_state=RegistrationStatus.CONFIRMED,
        reason="demo data",
    )


def seed(*, users) -> dict:
    admin, smr = users["admin"], users["smr"]
    maple = _organization(MAPLE, smr)
    _member(smr, maple, MemberRole.SMR)
    _member(users["ia"], maple, MemberRole.INTERNAL_AUDITOR)
    _member(users["viewer"], maple, MemberRole.VIEWER)
    for number, firm, stage in MAPLE_ACCOUNTS:
        _maple_account(maple, number, firm, stage, smr, admin)
    lakeshore = _organization(LAKESHORE, admin)
    _lakeshore_account(lakeshore, admin)
    organizations = {"maple": maple, "lakeshore": lakeshore}
    absmr = users.get("absmr")
    if absmr is not None:
        ensure_configured_programs()  # a flushed database: the programs the migrations load
        prairie = _organization(PRAIRIE, absmr)
        _member(absmr, prairie, MemberRole.SMR)
        for number, firm, stage in PRAIRIE_ACCOUNTS:
            _maple_account(prairie, number, firm, stage, absmr, admin)
        organizations["prairie"] = prairie
    return organizations


def demo_step(run: DemoRun) -> dict:
    """Organizations and accounts, then their people; returns the organizations by name."""
    organizations = seed(users=run.users)
    demo_people.seed(users=run.users, organizations=organizations)
    users = run.users
    maple = organizations["maple"]

    def maple_account(number: str, firm: str) -> None:
        _maple_account(maple, number, firm, "confirmed", users["smr"], users["admin"])

    demo_certificates.seed(users=users, maple_account=maple_account)
    return organizations


def demo_publish_registry(run: DemoRun) -> None:
    """After every demo step: publish the registry when it no longer matches today's
    certified accounts (so the registry, the feed and bulk verification list every demo
    certificate, the external-audit ones included). Idempotent."""
    admin = run.users.get("admin")
    if admin is not None:
        demo_certificates.publish_if_stale(admin)
