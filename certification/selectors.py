"""Reads of the certification app, shaped for pages and endpoints: each returns a queryset
already narrowed by cor_portal.access and carrying the joins its page needs, so the number of
queries per request does not grow with the rows. Two areas: organizations, WSIB accounts
and registrations; people, training, exemptions and readiness."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    INTERNAL_AUDITOR_REQUIRED_COURSES,
    REGISTRATION_AWAITING_VERIFICATION,
    SMR_REQUIRED_COURSES,
    Course,
    ExemptionStatus,
    RegistrationStatus,
)
from certification.models import (
    CodeOfEthicsSignature,
    Organization,
    Person,
    Registration,
    TrainingExemption,
    TrainingRecord,
    WsibAccount,
)
from certification.readiness import (
    Check,
    PersonFacts,
    ReadinessFacts,
    is_ready,
    readiness_checks,
)
from certification.rules import organization_id_of
from cor_portal.access import get_visible_or_404, visible

# --- organizations, WSIB accounts and registrations -----------------------------------------


def organization_of(user) -> Organization | None:
    """The employer user's own organization (None for staff, auditors, non-members)."""
    org_id = organization_id_of(user)
    if org_id is None:
        return None
    return visible(Organization, user).filter(pk=org_id).first()


def _latest_registration() -> QuerySet:
    return Registration.objects.filter(wsib_account=OuterRef("pk")).order_by("-created_at", "-id")


def wsib_accounts_for_list(user) -> QuerySet:
    """The accounts a user may see, each with its latest registration's id and status."""
    latest = _latest_registration()
    return (
        visible(WsibAccount, user)
        .select_related("organization")
        .annotate(
            latest_registration_id=Subquery(latest.values("pk")[:1]),
            latest_registration_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("organization__legal_name", "account_number")
    )


def registrations_for_list(user) -> QuerySet:
    return visible(Registration, user).select_related(
        "wsib_account__organization", "confirmed_by", "created_by"
    )


def registration_queue(user) -> QuerySet:
    """Registrations an administrator has to verify, oldest received first."""
    return (
        registrations_for_list(user)
        .filter(status__in=REGISTRATION_AWAITING_VERIFICATION)
        .order_by("received_on", "submitted_at", "id")
    )


def registrations_of_account(account: WsibAccount) -> QuerySet:
    return account.registrations.select_related("confirmed_by", "created_by").order_by(
        "-created_at", "-id"
    )


# --- people, training and exemptions ---------------------------------------------------


def required_courses(person: Person) -> tuple[str, ...]:
    courses: list[str] = []
    if person.is_smr:
        courses += SMR_REQUIRED_COURSES
    if person.is_internal_auditor:
        courses += [c for c in INTERNAL_AUDITOR_REQUIRED_COURSES if c not in courses]
    return tuple(courses)


@dataclass(frozen=True)
class TrainingStatus:
    required: tuple[str, ...]
    completed: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing_labels(self) -> list[str]:
        return [str(Course(c).label) for c in self.missing]


def training_status(person: Person) -> TrainingStatus:
    """From the prefetched training records (no query when they are prefetched)."""
    done = {r.course for r in person.training_records.all()}
    required = required_courses(person)
    return TrainingStatus(
        required=required,
        completed=tuple(c for c in required if c in done),
        missing=tuple(c for c in required if c not in done),
    )


def _current_signatures() -> Prefetch:
    return Prefetch(
        "ethics_signatures",
        queryset=CodeOfEthicsSignature.objects.filter(version=CODE_OF_ETHICS_CURRENT_VERSION),
        to_attr="current_ethics_signatures",
    )


def people_list(user) -> QuerySet[Person]:
    """People the user may see, with their training and current Code of Ethics signature."""
    return (
        visible(Person, user)
        .select_related("organization", "replaced_by", "user")
        .prefetch_related("training_records", _current_signatures())
        .order_by("organization__legal_name", "-active", "last_name", "first_name", "pk")
    )


def person_for_detail(user, pk: int) -> Person:
    qs = Person.objects.select_related("organization", "replaced_by", "user").prefetch_related(
        Prefetch("training_records", queryset=TrainingRecord.objects.select_related("exemption")),
        Prefetch(
            "exemptions",
            queryset=TrainingExemption.objects.select_related("decided_by", "requested_by"),
        ),
        Prefetch(
            "ethics_signatures",
            queryset=CodeOfEthicsSignature.objects.select_related("user").order_by("-signed_at"),
        ),
        "replaces",
    )
    return get_visible_or_404(qs, user, pk=pk)


def exemption_queue(user) -> QuerySet[TrainingExemption]:
    """Requests waiting for a decision, oldest first."""
    return (
        visible(TrainingExemption, user)
        .filter(status=ExemptionStatus.SUBMITTED)
        .select_related("person__organization", "requested_by")
        .order_by("requested_on", "pk")
    )


def recent_exemption_decisions(user, limit: int = 20) -> QuerySet[TrainingExemption]:
    return (
        visible(TrainingExemption, user)
        .exclude(status=ExemptionStatus.SUBMITTED)
        .select_related("person__organization", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


# --- readiness -----------------------------------------------------------------------------


def _person_facts(person: Person) -> PersonFacts:
    return PersonFacts(
        name=str(person),
        is_smr=person.is_smr,
        is_internal_auditor=person.is_internal_auditor,
        active=person.active,
        employment_status=person.employment_status,
        courses=frozenset(r.course for r in person.training_records.all()),
        signed_current_ethics=bool(person.current_ethics_signatures),
    )


def _people_facts_by_org(organization_ids) -> dict[int, tuple[PersonFacts, ...]]:
    people = (
        Person.objects.filter(organization_id__in=organization_ids, active=True)
        .prefetch_related("training_records", _current_signatures())
        .order_by("last_name", "first_name", "pk")
    )
    by_org: dict[int, list[PersonFacts]] = {}
    for person in people:
        by_org.setdefault(person.organization_id, []).append(_person_facts(person))
    return {k: tuple(v) for k, v in by_org.items()}


def _registration_status(account_ids) -> dict[int, str]:
    """Per account: "confirmed" if any registration was confirmed (readiness is about the
    initial cycle), else the status of the most recent application."""
    statuses: dict[int, str] = {}
    rows = (
        Registration.objects.filter(wsib_account_id__in=account_ids)
        .order_by("wsib_account_id", "-created_at", "-id")
        .values_list("wsib_account_id", "status")
    )
    for account_id, status in rows:
        if status == RegistrationStatus.CONFIRMED:
            statuses[account_id] = status
        else:
            statuses.setdefault(account_id, status)
    return statuses


@dataclass(frozen=True)
class AccountReadiness:
    account: WsibAccount
    checks: list[Check]

    @property
    def ready(self) -> bool:
        return is_ready(self.checks)

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if not c.met]


def readiness_for_accounts(accounts, today: date | None = None) -> list[AccountReadiness]:
    """Readiness of each account, in 4 queries whatever the number of accounts and people."""
    accounts = list(accounts)
    today = today or timezone.localdate()
    statuses = _registration_status([a.pk for a in accounts])
    people = _people_facts_by_org({a.organization_id for a in accounts})
    result = []
    for account in accounts:
        facts = ReadinessFacts(
            today=today,
            registration_status=statuses.get(account.pk),
            people=people.get(account.organization_id, ()),
            ohsms_in_place_since=account.ohsms_in_place_since,
        )
        result.append(AccountReadiness(account=account, checks=readiness_checks(facts)))
    return result


def readiness_for_account(account: WsibAccount, today: date | None = None) -> AccountReadiness:
    return readiness_for_accounts([account], today)[0]


def visible_accounts(user) -> QuerySet[WsibAccount]:
    return visible(WsibAccount, user).select_related("organization")
