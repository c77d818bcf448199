"""Demo people, training records, exemptions and Code of Ethics signatures. Idempotent:
people are found by organization and name, and only what is missing is created — through
the services where a demo login can act, so history and notifications look real.

Maple Ridge: Sam Senior (SMR, login `smr`, COR™ Essentials), Ira Auditor (internal auditor,
login `ia`, all four courses), both signed the Code of Ethics; a former SMR replaced by Sam;
Jordan Backup, a second internal auditor whose Basic Auditing Principles exemption request
waits for the certifying body. Lakeshore: an SMR without a login, no internal auditor yet."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    CertificationAction,
    Course,
    EmploymentStatus,
    ExemptionDocumentKind,
)
from certification.models import CodeOfEthicsSignature, Person, TrainingExemption, TrainingRecord
from certification.services.people import PersonData, ethics_sign, person_add, person_replace
from certification.services.training import exemption_request, training_record_add
from cor_portal.history.services import record

PFT = EmploymentStatus.PERMANENT_FULL_TIME
# A one-page PDF small enough to live in the code (the demo needs a file, not a document).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _find(organization, first: str, last: str) -> Person | None:
    return Person.objects.filter(
        organization=organization, first_name=first, last_name=last
    ).first()


def _person(organization, smr_user, data: PersonData) -> Person:
    return _find(organization, data.first_name, data.last_name) or person_add(
        organization=organization, data=data, by=smr_user
    )


def _courses(person: Person, courses, completed_on: date, smr_user) -> None:
    done = set(TrainingRecord.objects.filter(person=person).values_list("course", flat=True))
    for course in courses:
        if course not in done:
            training_record_add(
                person=person, course=course, completed_on=completed_on, by=smr_user
            )


def _sign(person: Person, by) -> None:
    if not CodeOfEthicsSignature.objects.filter(
        person=person, version=CODE_OF_ETHICS_CURRENT_VERSION
    ).exists():
        ethics_sign(by=by, person=person, signed_name=str(person))


def _maple(organization, users) -> None:
    smr_user, ia_user = users["smr"], users["ia"]
    for user in (smr_user, ia_user):  # drop cached membership lookups (certification.rules)
        for attr in ("_cor_organization_id", "_cor_member_role"):
            if hasattr(user, attr):
                delattr(user, attr)
    sam = _person(
        organization,
        smr_user,
        PersonData(
            first_name="Sam",
            last_name="Senior",
            employment_status=PFT,
            is_smr=True,
            email=smr_user.email,
            job_title="Operations Manager",
            user=smr_user,
        ),
    )
    _courses(sam, [Course.COR_ESSENTIALS], date(2024, 5, 14), smr_user)
    _sign(sam, smr_user)

    ira = _person(
        organization,
        smr_user,
        PersonData(
            first_name="Ira",
            last_name="Auditor",
            employment_status=PFT,
            is_internal_auditor=True,
            email=ia_user.email,
            job_title="Health & Safety Coordinator",
            user=ia_user,
        ),
    )
    _courses(ira, INTERNAL_AUDITOR_REQUIRED_COURSES, date(2024, 9, 20), smr_user)
    _sign(ira, ia_user)

    if _find(organization, "Pat", "Former") is None:
        former = person_add(
            organization=organization,
            data=PersonData(
                first_name="Pat", last_name="Former", employment_status=PFT, is_smr=True
            ),
            by=smr_user,
        )
        person_replace(
            person=former,
            by=smr_user,
            reason="Retired; Sam Senior now oversees the COR™ process.",
            replacement=sam,
            ended_on=date(2024, 6, 30),
        )

    jordan = _person(
        organization,
        smr_user,
        PersonData(
            first_name="Jordan",
            last_name="Backup",
            employment_status=PFT,
            is_internal_auditor=True,
            job_title="Site Supervisor",
        ),
    )
    _courses(
        jordan,
        [Course.COR_ESSENTIALS, Course.COR_INTERNAL_AUDITOR, Course.HAZARD_RISK_MANAGEMENT],
        date(2025, 2, 11),
        smr_user,
    )
    _sign(jordan, smr_user)  # his signed paper form, recorded by the SMR
    if not TrainingExemption.objects.filter(person=jordan).exists():
        exemption_request(
            person=jordan,
            course=Course.BASIC_AUDITING_PRINCIPLES,
            provider="Alberta Construction Safety Association",
            provider_course_title="Auditor Training Program — Principles of Auditing",
            completed_on=timezone.localdate() - timedelta(days=200),
            transcript=SimpleUploadedFile("ACSA transcript - J Backup.pdf", TINY_PDF),
            transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
            course_outline=SimpleUploadedFile("ACSA auditor course outline.pdf", TINY_PDF),
            course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
            by=smr_user,
        )


def _lakeshore(organization, users) -> None:
    """No demo login belongs to Lakeshore: its SMR is written directly, with history."""
    if _find(organization, "Lee", "Shore") is not None:
        return
    lee = Person.objects.create(
        organization=organization,
        first_name="Lee",
        last_name="Shore",
        email="lee.shore@lakeshore-paving.test",
        is_smr=True,
        employment_status=PFT,
    )
    actor = users.get("admin")
    record(
        subject=lee,
        actor=actor,
        action=CertificationAction.DESIGNATED,
        to_state="active",
        reason="demo data",
    )
    TrainingRecord.objects.create(
        person=lee, course=Course.COR_ESSENTIALS, completed_on=date(2023, 10, 5)
    )
    record(
        subject=lee,
        actor=actor,
        action=CertificationAction.TRAINING_RECORD_ADDED,
        changes={str(Course.COR_ESSENTIALS.label): (None, "2023-10-05 (IHSA)")},
        reason="demo data",
    )


def seed(*, users, organizations):
    if organizations.get("maple") is not None and "smr" in users and "ia" in users:
        _maple(organizations["maple"], users)
    if organizations.get("lakeshore") is not None:
        _lakeshore(organizations["lakeshore"], users)
    return None
