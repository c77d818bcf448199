"""Writes for people: designating SMRs and internal auditors, editing their facts, replacing
them, and Code of Ethics signatures. Each function checks the move is allowed, writes, records
history in the same transaction and queues notifications on commit."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.enums import (
    CODE_OF_ETHICS_CURRENT_VERSION,
    CertificationAction,
    CertificationNotice,
    EmploymentStatus,
)
from certification.limits import REPLACEMENT_REASON_MAX_LENGTH, check_length
from certification.models import CodeOfEthicsSignature, Membership, Organization, Person
from cor_portal.access import require
from cor_portal.accounts.audiences import administrators
from cor_portal.accounts.models import User
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.services import diff, record
from cor_portal.notifications.services import Joined, Localized, notify

# Only an SMR of the person's own organization manages its people [SPEC §1]: the
# permissions take the organization or the person (certification/rules.py).
from .organization import SMR_ONLY

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "job_title",
    "is_smr",
    "is_internal_auditor",
    "employment_status",
    "user",
)


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    employment_status: str
    is_smr: bool = False
    is_internal_auditor: bool = False
    email: str = ""
    job_title: str = ""
    user: User | None = None

    def as_dict(self) -> dict:
        return {f: getattr(self, f) for f in PERSON_FIELDS}


def person_problem(values: dict, *, organization_id: int) -> DomainError | None:
    """The first thing wrong with a person's facts, naming the field, or None."""
    if not (values.get("first_name") or "").strip():
        return DomainError(_("Enter the first name."), field="first_name")
    if not (values.get("last_name") or "").strip():
        return DomainError(_("Enter the last name."), field="last_name")
    status = values.get("employment_status")
    if status not in EmploymentStatus.values:
        return DomainError(_("Choose an employment status."), field="employment_status")
    if not values.get("is_smr") and not values.get("is_internal_auditor"):
        return DomainError(
            _("Choose a role: Senior Management Representative, internal auditor or both."),
            field="is_smr",
        )
    if values.get("is_internal_auditor") and status != EmploymentStatus.PERMANENT_FULL_TIME:
        return DomainError(
            _(
                "An internal auditor must be a permanent full-time employee [COR™ 2020 §2.2]; "
                "this person's employment status is %(status)s."
            )
            % {"status": EmploymentStatus(status).label},
            field="employment_status",
        )
    user = values.get("user")
    if user is not None:
        same_org = Membership.objects.filter(user=user, organization_id=organization_id).exists()
        if not same_org:
            return DomainError(
                _("The login must belong to a member of this organization."), field="user"
            )
    return None


def _clean(values: dict) -> dict:
    cleaned = dict(values)
    for key in ("first_name", "last_name", "email", "job_title"):
        if key in cleaned and isinstance(cleaned[key], str):
            cleaned[key] = cleaned[key].strip()
    return cleaned


def _check_user_not_linked(user: User | None, *, except_pk: int | None = None) -> None:
    if user is None:
        return
    taken = Person.objects.filter(user=user, active=True)
    if except_pk is not None:
        taken = taken.exclude(pk=except_pk)
    if taken.exists():
        raise DomainError(_("This login is already linked to another active person."), field="user")


@transaction.atomic
def person_add(*, organization: Organization, data: PersonData, by: User) -> Person:
    """Designate an SMR and/or internal auditor. Records history."""
    require(by, "certification.manage_people", organization, str(SMR_ONLY))
    values = _clean(data.as_dict())
    problem = person_problem(values, organization_id=organization.pk)
    if problem:
        raise problem
    _check_user_not_linked(values["user"])
    person = Person.objects.create(organization=organization, **values)
    record(
        subject=person,
        actor=by,
        action=CertificationAction.DESIGNATED,
        to_state="active",
        changes={k: (None, v) for k, v in values.items() if v not in ("", None, False)},
    )
    return person


@transaction.atomic
def person_update(*, person: Person, by: User, **new_values) -> Person:
    """Edit a person's facts; history keeps the diff. A replaced person is no longer edited."""
    require(by, "certification.manage_people", person, str(SMR_ONLY))
    unknown = set(new_values) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not person.active:
        raise DomainError(_("This person was replaced; their record can no longer be edited."))
    values = _clean(new_values)
    merged = {f: getattr(person, f) for f in PERSON_FIELDS} | values
    problem = person_problem(merged, organization_id=person.organization_id)
    if problem:
        raise problem
    if "user" in values:
        _check_user_not_linked(values["user"], except_pk=person.pk)
    changes = diff(person, values)
    if not changes:
        return person
    for key, (_old, new) in changes.items():
        setattr(person, key, new)
    person.save(update_fields=list(changes))
    record(subject=person, actor=by, action=CertificationAction.PERSON_UPDATED, changes=changes)
    return person


@transaction.atomic
def person_replace(
    *,
    person: Person,
    by: User,
    reason: str,
    replacement: Person | None = None,
    new_person: PersonData | None = None,
    ended_on: date | None = None,
) -> Person:
    """Replace an SMR or internal auditor who is no longer available [001 §3.2]: the old
    person becomes inactive (ended_on, replaced_by), the replacement — an existing person of
    the organization or a new one — takes over the old person's role(s). History on both;
    the certifying body's administrators are notified ("notifying IHSA")."""
    require(by, "certification.manage_people", person, str(SMR_ONLY))
    reason = check_length(
        (reason or "").strip(), limit=REPLACEMENT_REASON_MAX_LENGTH, field="reason"
    )
    if not reason:
        raise DomainError(_("Give the reason for the replacement."), field="reason")
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today:
        raise DomainError(_("The end date cannot be in the future."), field="ended_on")
    if (replacement is None) == (new_person is None):
        raise DomainError(
            _("Choose an existing person or enter a new person as the replacement."),
            field="replacement",
        )
    if not person.active:
        raise DomainError(_("This person was already replaced."))
    roles = {"is_smr": person.is_smr, "is_internal_auditor": person.is_internal_auditor}

    if replacement is not None:
        replacement = Person.objects.select_for_update().get(pk=replacement.pk)
        if replacement.organization_id != person.organization_id or not replacement.active:
            raise DomainError(
                _("Choose an active person of this organization."), field="replacement"
            )
        if replacement.pk == person.pk:
            raise DomainError(_("A person cannot replace themselves."), field="replacement")
        new_roles = {k: v or getattr(replacement, k) for k, v in roles.items()}
        merged = {f: getattr(replacement, f) for f in PERSON_FIELDS} | new_roles
        problem = person_problem(merged, organization_id=person.organization_id)
        if problem:
            raise DomainError(problem.message, field="replacement")
        role_changes = diff(replacement, new_roles)
        if role_changes:
            for key, (_old, new) in role_changes.items():
                setattr(replacement, key, new)
            replacement.save(update_fields=list(role_changes))
    else:
        assert new_person is not None
        values = _clean(new_person.as_dict()) | {k: True for k, v in roles.items() if v}
        problem = person_problem(values, organization_id=person.organization_id)
        if problem:
            raise problem
        _check_user_not_linked(values["user"])
        role_changes = {}
        replacement = Person.objects.create(organization_id=person.organization_id, **values)
        record(
            subject=replacement,
            actor=by,
            action=CertificationAction.DESIGNATED,
            to_state="active",
            changes={k: (None, v) for k, v in values.items() if v not in ("", None, False)},
        )

    updated = Person.objects.filter(pk=person.pk, active=True).update(
        active=False, ended_on=ended_on, replaced_by=replacement
    )
    if updated != 1:
        raise DomainError(_("This person was already replaced."))
    person.refresh_from_db()
    record(
        subject=person,
        actor=by,
        action=CertificationAction.REPLACED,
        from_state="active",
        to_state="inactive",
        changes={"replaced_by": (None, str(replacement)), "ended_on": (None, ended_on)},
        reason=reason,
    )
    record(
        subject=replacement,
        actor=by,
        action=CertificationAction.REPLACES,
        changes={"replaces": (None, str(person)), **role_changes},
        reason=reason,
    )
    role_names = Joined(
        [
            label
            for flag, label in (
                (person.is_smr, gettext_lazy("Senior Management Representative")),
                (person.is_internal_auditor, gettext_lazy("internal auditor")),
            )
            if flag
        ],
        separator=" / ",
    )
    organization = person.organization
    url = reverse("person_detail", args=[replacement.pk])
    notify(
        users=list(administrators()),
        subject=Localized(
            gettext_lazy("%(org)s replaced its %(role)s"),
            {"org": organization, "role": role_names},
        ),
        body=Localized(
            gettext_lazy(
                "%(old)s (%(role)s) was replaced by %(new)s on %(on)s. Reason: %(reason)s"
            ),
            {
                "old": person,
                "role": role_names,
                "new": replacement,
                "on": ended_on.isoformat(),
                "reason": reason,
            },
        ),
        url=url,
        kind=CertificationNotice.PERSON_REPLACED,
    )
    return replacement


# --- Code of Ethics [001 §4.5] --------------------------------------------------------------


@transaction.atomic
def ethics_sign(
    *,
    by: User,
    signed_name: str,
    person: Person | None = None,
    version: str = CODE_OF_ETHICS_CURRENT_VERSION,
) -> CodeOfEthicsSignature:
    """Sign the Code of Ethics, once per version: as `person` (an SMR or internal auditor —
    signed by their own login, or recorded from their signed form by an SMR of their
    organization), or as the logged-in user (external auditors, staff) when person is None."""
    if person is not None:  # who may sign for this person, before the input is read
        require(by, "certification.sign_code_of_ethics_as", person, str(SMR_ONLY))
    signed_name = (signed_name or "").strip()
    if not signed_name:
        raise DomainError(_("Type your full name to sign."), field="signed_name")
    if version != CODE_OF_ETHICS_CURRENT_VERSION:
        raise DomainError(_("Only the current version can be signed."), field="version")
    if person is not None:
        own = person.user_id is not None and person.user_id == by.pk
        if not person.active:
            raise DomainError(_("This person was replaced and can no longer sign."))
        exists = CodeOfEthicsSignature.objects.filter(person=person, version=version)
        user = by if own else None
    else:
        # Employer staff sign as their Person (an SMR or internal auditor); a user-level
        # signature is for external auditors [001 §4.5] and certifying-body staff.
        if not (by.is_external_auditor or by.is_certifying_body_staff):
            raise NotAllowed(
                _(
                    "Sign as a Senior Management Representative or internal auditor of "
                    "your organization."
                )
            )
        exists = CodeOfEthicsSignature.objects.filter(user=by, person__isnull=True, version=version)
        user = by
    if exists.exists():
        raise DomainError(
            _("The Code of Ethics (%(version)s) is already signed.") % {"version": version},
            field="version",
        )
    try:
        with transaction.atomic():
            signature = CodeOfEthicsSignature.objects.create(
                person=person, user=user, signed_name=signed_name, version=version
            )
    except IntegrityError as exc:  # two clicks at once
        raise DomainError(
            _("The Code of Ethics (%(version)s) is already signed.") % {"version": version},
            field="version",
        ) from exc
    record(
        subject=person if person is not None else by,
        actor=by,
        action=CertificationAction.CODE_OF_ETHICS_SIGNED,
        to_state=version,
        changes={"signed_name": (None, signed_name)},
    )
    return signature


@transaction.atomic
def ohsms_date_set(*, wsib_account, since: date | None, by: User):
    """The employer states when its OHSMS was put in place [001 §1.2]; history keeps it."""
    require(by, "certification.manage_organization", wsib_account, str(SMR_ONLY))
    if since is not None and since > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="ohsms_in_place_since")
    changes = diff(wsib_account, {"ohsms_in_place_since": since})
    if changes:
        wsib_account.ohsms_in_place_since = since
        wsib_account.save(update_fields=["ohsms_in_place_since"])
        record(
            subject=wsib_account,
            actor=by,
            action=CertificationAction.OHSMS_DATE_SET,
            changes=changes,
        )
    return wsib_account
