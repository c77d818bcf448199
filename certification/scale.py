"""Scale step of certification (seed_scale, cor_portal/scale.py): organizations, WSIB accounts
at every registration stage, their SMR users and memberships, SMR and internal-auditor people
with training, and the registrations' history.

Shape, for N accounts: every tenth account belongs to the organization of the account before
it (so ~0.9 N organizations, some with two accounts). Account numbers are distinct random
7-digit numbers (never one already in the database); firm numbers repeat per organization.
Registration stages: 80 % confirmed, 5 % each draft, submitted, re-registration requested,
resubmitted. One internal auditor in ten lacks the COR Internal Auditor course (training in
progress). Only accounts with a confirmed registration get audits (audits' step)."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType

from certification.enums import (
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    CertificationAction,
    Course,
    EmploymentStatus,
    MemberRole,
    RegistrationStatus,
    Sector,
)
from certification.models import (
    Membership,
    Organization,
    Person,
    Registration,
    TrainingRecord,
    WsibAccount,
)
from certification.programs import DEFAULT_PROGRAM_CODE
from cor_portal.accounts.enums import UserRole
from cor_portal.accounts.models import User
from cor_portal.accounts.scale import USER_COLUMNS, user_row
from cor_portal.history.models import HistoryEntry
from cor_portal.scale import HISTORY_COLUMNS, ScaleRun

WORDS = [
    "Maple",
    "Birch",
    "Cedar",
    "Granite",
    "Harbour",
    "Northern",
    "Lakeshore",
    "Summit",
    "Valley",
    "River",
    "Pine",
    "Oak",
    "Boreal",
    "Prairie",
    "Atlas",
    "Beacon",
    "Keystone",
    "Pioneer",
    "Frontier",
    "Trillium",
    "Huron",
    "Ottawa",
    "Superior",
    "Algonquin",
    "Niagara",
    "Muskoka",
    "Cobalt",
    "Timber",
    "Iron",
    "Copper",
]
SUFFIXES = ["Constructors Inc.", "Contracting Ltd.", "Builders Corp.", "Paving Ltd.", "Electric"]
FIRST = [
    "Sam",
    "Alex",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Drew",
    "Robin",
]
LAST = [
    "Tremblay",
    "Martin",
    "Roy",
    "Gagnon",
    "Smith",
    "Brown",
    "Wilson",
    "Lee",
    "Singh",
    "Patel",
    "Nguyen",
    "Côté",
]
TRAINED_ON = date(2024, 5, 15)
OHSMS_SINCE = date(2023, 3, 1)
REGISTRATION_STAGES = [
    (RegistrationStatus.CONFIRMED, 80),
    (RegistrationStatus.DRAFT, 5),
    (RegistrationStatus.SUBMITTED, 5),
    (RegistrationStatus.REREGISTRATION_REQUESTED, 5),
    (RegistrationStatus.RESUBMITTED, 5),
]


@dataclass(frozen=True)
class ScaleAccount:
    pk: int
    number: str
    organization_id: int
    registration: str
    smr_user_id: int
    internal_auditor_id: int  # a Person


def _stage(rng, i: int) -> str:
    """The i-th account's registration: the first accounts take each stage in turn (a small
    data set has them all), the rest draw by share."""
    if i < len(REGISTRATION_STAGES):
        return REGISTRATION_STAGES[i][0]
    roll = rng.randrange(100)
    for status, share in REGISTRATION_STAGES:
        if roll < share:
            return status
        roll -= share
    return RegistrationStatus.CONFIRMED


def _account_numbers(rng, n: int) -> list[str]:
    taken = set(WsibAccount.objects.values_list("account_number", flat=True))
    picked = rng.sample(range(1_000_000, 10_000_000), n + len(taken))
    numbers = [f"{x:07d}" for x in picked if f"{x:07d}" not in taken]
    return numbers[:n]


def scale_step(run: ScaleRun) -> list[ScaleAccount]:
    rng = run.rng("certification")
    n = run.accounts
    admin_id = run.earlier["accounts"][UserRole.ADMINISTRATOR][0]
    org_index = [i - (i + 1) // 10 for i in range(n)]  # every 10th shares the previous org
    n_orgs = org_index[-1] + 1 if n else 0
    org_ids = run.reserve_ids(Organization, n_orgs)
    account_ids = run.reserve_ids(WsibAccount, n)
    numbers = _account_numbers(rng, n)
    user_ids = run.reserve_ids(User, n_orgs)  # one SMR user per organization, who created it

    # Organizations, each with an SMR user, an SMR person and an internal-auditor person.
    org_rows, user_rows, org_names = [], [], []
    for k, pk in enumerate(org_ids):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIXES)} ({run.tag}-{k})"
        org_names.append(name)
        created = run.at(900 - k % 600)
        org_rows.append(
            [
                pk,
                name,
                "",
                f"{k % 900 + 1} King Street",
                "Toronto",
                "ON",
                f"M5V {k % 10}A{k % 7}",
                rng.choice(Sector.values),
                rng.randrange(5, 400),
                "",
                "",
                "",
                created,
                user_ids[k],
                DEFAULT_PROGRAM_CODE,
            ]
        )
        first, last = rng.choice(FIRST), rng.choice(LAST)
        user_rows.append(
            user_row(
                run, username=f"{run.tag}-smr-{k}", role=UserRole.EMPLOYER, first=first, last=last
            )
        )
    run.copy(
        Organization,
        [
            "id",
            "legal_name",
            "operating_name",
            "street_address",
            "city",
            "province",
            "postal_code",
            "sector",
            "workers",
            "contact_name",
            "contact_email",
            "contact_phone",
            "created_at",
            "created_by_id",
            "program_id",
        ],
        org_rows,
    )
    run.copy(
        User,
        ["id", *USER_COLUMNS],
        ([pk, *row] for pk, row in zip(user_ids, user_rows, strict=True)),
    )
    run.copy(
        Membership,
        ["user_id", "organization_id", "role", "created_at"],
        ([u, o, MemberRole.SMR, run.at(800)] for u, o in zip(user_ids, org_ids, strict=True)),
    )
    person_ids = run.reserve_ids(Person, 2 * n_orgs)
    person_rows, training_rows = [], []
    for k, org in enumerate(org_ids):
        smr_pk, ia_pk = person_ids[2 * k], person_ids[2 * k + 1]
        smr_user = user_rows[k]
        person_rows.append(
            [smr_pk, org, user_ids[k], smr_user[3], smr_user[4], smr_user[5], "President", True,
             False, EmploymentStatus.PERMANENT_FULL_TIME, True, None, None, run.at(800)]
        )  # fmt: skip
        person_rows.append(
            [ia_pk, org, None, rng.choice(FIRST), rng.choice(LAST), "", "Safety coordinator",
             False, True, EmploymentStatus.PERMANENT_FULL_TIME, True, None, None, run.at(800)]
        )  # fmt: skip
        training_rows.append([smr_pk, Course.COR_ESSENTIALS, TRAINED_ON, "IHSA"])
        for course in INTERNAL_AUDITOR_REQUIRED_COURSES:
            if course == Course.COR_INTERNAL_AUDITOR and k % 10 == 7:
                continue  # training in progress
            training_rows.append([ia_pk, course, TRAINED_ON, "IHSA"])
    run.copy(
        Person,
        ["id", "organization_id", "user_id", "first_name", "last_name", "email", "job_title",
         "is_smr", "is_internal_auditor", "employment_status", "active", "ended_on",
         "replaced_by_id", "created_at"],
        person_rows,
    )  # fmt: skip
    created = run.at(800)
    run.copy(
        TrainingRecord,
        ["person_id", "course", "completed_on", "provider", "created_at"],
        ([*row, created] for row in training_rows),
    )

    # WSIB accounts and their registrations.
    accounts: list[ScaleAccount] = []
    account_rows, registration_rows, history_rows = [], [], []
    registration_ids = run.reserve_ids(Registration, n)
    reg_type = ContentType.objects.get_for_model(Registration).pk
    for i, (pk, number) in enumerate(zip(account_ids, numbers, strict=True)):
        k = org_index[i]
        org = org_ids[k]
        firm = f"{(org * 7919) % 9_000_000 + 1_000_000:07d}"
        account_rows.append([pk, org, number, firm, OHSMS_SINCE, run.at(700)])
        status = _stage(rng, i)
        smr = user_rows[k]
        started = run.at(600 - i % 300)
        submitted = None if status == RegistrationStatus.DRAFT else run.at(590 - i % 300)
        confirmed = status == RegistrationStatus.CONFIRMED
        rereg = (
            "The firm number does not match WSIB's records; check it and re-register."
            if status
            in (RegistrationStatus.REREGISTRATION_REQUESTED, RegistrationStatus.RESUBMITTED)
            else ""
        )
        registration_rows.append(
            [registration_ids[i], pk, status, f"{smr[3]} {smr[4]}", "President", smr[5], "",
             rng.randrange(5, 400), status != RegistrationStatus.DRAFT, started, user_ids[k],
             submitted, submitted.date() if submitted else None, rereg,
             run.at(580 - i % 300) if confirmed else None, admin_id if confirmed else None]
        )  # fmt: skip
        reg = str(registration_ids[i])
        history_rows.append([reg_type, reg, started, user_ids[k],
                             CertificationAction.REGISTRATION_STARTED, "", "draft", "{}",
                             ""])  # fmt: skip
        if submitted:
            history_rows.append([reg_type, reg, submitted, user_ids[k],
                                 CertificationAction.REGISTRATION_SUBMITTED, "draft", "submitted",
                                 "{}", ""])  # fmt: skip
        if rereg:
            history_rows.append([reg_type, reg, submitted, admin_id,
                                 CertificationAction.REREGISTRATION_REQUESTED, "submitted",
                                 "reregistration_requested", "{}", rereg])  # fmt: skip
        if confirmed:
            history_rows.append([reg_type, reg, run.at(580 - i % 300), admin_id,
                                 CertificationAction.REGISTRATION_CONFIRMED, "submitted",
                                 "confirmed", "{}", ""])  # fmt: skip
        accounts.append(
            ScaleAccount(
                pk=pk,
                number=number,
                organization_id=org,
                registration=status,
                smr_user_id=user_ids[k],
                internal_auditor_id=person_ids[2 * k + 1],
            )
        )
    run.copy(
        WsibAccount,
        ["id", "organization_id", "account_number", "firm_number", "ohsms_in_place_since",
         "created_at"],
        account_rows,
    )  # fmt: skip
    run.copy(
        Registration,
        ["id", "wsib_account_id", "status", "applicant_name", "applicant_title",
         "applicant_email", "applicant_phone", "workers", "declaration_accepted", "created_at",
         "created_by_id", "submitted_at", "received_on", "reregistration_reason",
         "confirmed_at", "confirmed_by_id"],
        registration_rows,
    )  # fmt: skip
    run.copy(HistoryEntry, HISTORY_COLUMNS, history_rows)
    return accounts
