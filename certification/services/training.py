"""Writes for training: records of the required courses, and training exemption requests and
their decision [001 §2.2]. History of training records is kept on the person (a removed
record's history must outlive it); an exemption keeps its own history."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.audiences import organization_smrs
from certification.enums import (
    ACCEPTABLE_EXEMPTION_DOCUMENTS,
    CertificationAction,
    CertificationNotice,
    Course,
    ExemptionDocumentKind,
    ExemptionStatus,
)
from certification.limits import EXEMPTION_REASON_MAX_LENGTH, check_length, required_text
from certification.models import Person, TrainingExemption, TrainingRecord
from certification.readiness import exemption_completion_problem, is_exemptable
from certification.rules import exemption_is_undecided
from certification.services.people import SMR_ONLY
from certification.uploads import check_upload
from certification.workflows import EXEMPTION_FLOW
from cor_portal.access import require
from cor_portal.accounts.audiences import intake_staff
from cor_portal.accounts.models import User
from cor_portal.errors import DomainError
from cor_portal.history.services import diff, record
from cor_portal.notifications.services import Joined, Localized, Lowercase, notify

IHSA = "IHSA"


def _course_label(course: str) -> str:
    return str(Course(course).label)


def _check_course(course: str) -> None:
    if course not in Course.values:
        raise DomainError(_("Choose a course."), field="course")


def _check_completed_on(completed_on: date | None) -> None:
    if completed_on is None:
        raise DomainError(_("Enter the completion date."), field="completed_on")
    if completed_on > timezone.localdate():
        raise DomainError(_("The completion date cannot be in the future."), field="completed_on")


def _check_active(person: Person) -> None:
    if not person.active:
        raise DomainError(_("This person was replaced; their training can no longer be changed."))


@transaction.atomic
def training_record_add(
    *, person: Person, course: str, completed_on: date, by: User, provider: str = IHSA
) -> TrainingRecord:
    require(by, "certification.manage_people", person, str(SMR_ONLY))
    _check_active(person)
    _check_course(course)
    _check_completed_on(completed_on)
    provider = (provider or "").strip() or IHSA
    if TrainingRecord.objects.filter(person=person, course=course).exists():
        raise DomainError(
            _("%(person)s already has a record for %(course)s.")
            % {"person": person, "course": _course_label(course)},
            field="course",
        )
    try:
        with transaction.atomic():
            training = TrainingRecord.objects.create(
                person=person, course=course, completed_on=completed_on, provider=provider
            )
    except IntegrityError as exc:  # the same record added twice at once
        raise DomainError(
            _("%(person)s already has a record for %(course)s.")
            % {"person": person, "course": _course_label(course)},
            field="course",
        ) from exc
    record(
        subject=person,
        actor=by,
        action=CertificationAction.TRAINING_RECORD_ADDED,
        changes={_course_label(course): (None, f"{completed_on.isoformat()} ({provider})")},
    )
    return training


def _check_editable(training: TrainingRecord) -> None:
    if training.exemption_id is not None:
        raise DomainError(
            _("This record comes from an approved exemption and cannot be changed here.")
        )


@transaction.atomic
def training_record_update(
    *,
    training: TrainingRecord,
    by: User,
    completed_on: date | None = None,
    provider: str | None = None,
) -> TrainingRecord:
    require(by, "certification.manage_people", training, str(SMR_ONLY))
    _check_active(training.person)
    _check_editable(training)
    values: dict = {}
    if completed_on is not None:
        _check_completed_on(completed_on)
        values["completed_on"] = completed_on
    if provider is not None:
        values["provider"] = provider.strip() or IHSA
    changes = diff(training, values)
    if not changes:
        return training
    for key, (_old, new) in changes.items():
        setattr(training, key, new)
    training.save(update_fields=list(changes))
    label = _course_label(training.course)
    record(
        subject=training.person,
        actor=by,
        action=CertificationAction.TRAINING_RECORD_UPDATED,
        changes={f"{label}: {key}": change for key, change in changes.items()},
    )
    return training


@transaction.atomic
def training_record_remove(*, training: TrainingRecord, by: User, reason: str = "") -> None:
    require(by, "certification.manage_people", training, str(SMR_ONLY))
    _check_active(training.person)
    _check_editable(training)
    person = training.person
    label = _course_label(training.course)
    before = f"{training.completed_on.isoformat()} ({training.provider})"
    deleted, _rows = TrainingRecord.objects.filter(pk=training.pk).delete()
    if not deleted:
        raise DomainError(_("This training record was already removed."))
    record(
        subject=person,
        actor=by,
        action=CertificationAction.TRAINING_RECORD_REMOVED,
        changes={label: (before, None)},
        reason=reason,
    )


# --- exemptions [001 §2.2] ------------------------------------------------------------------

_REFUSED_DOCUMENTS = {
    ExemptionDocumentKind.COURSE_CERTIFICATE: gettext_lazy(
        "Course certificates are not acceptable documentation [COR™ 2020 §2.2]: upload the "
        "%(wanted)s from the training provider."
    ),
    ExemptionDocumentKind.WALLET_CARD: gettext_lazy(
        "Wallet cards are not acceptable documentation [COR™ 2020 §2.2]: upload the "
        "%(wanted)s from the training provider."
    ),
    ExemptionDocumentKind.PROFESSIONAL_EXPERIENCE: gettext_lazy(
        "Professional experience is not accepted in lieu of training [COR™ 2020 §2.2]: "
        "upload the %(wanted)s of a course taken."
    ),
}


def _check_document_kind(declared: str, *, wanted: str, field: str) -> None:
    wanted_label = str(ExemptionDocumentKind(wanted).label).lower()
    if declared in _REFUSED_DOCUMENTS:
        refused = _REFUSED_DOCUMENTS[ExemptionDocumentKind(declared)]
        raise DomainError(refused % {"wanted": wanted_label}, field=field)
    if declared not in ACCEPTABLE_EXEMPTION_DOCUMENTS or declared != wanted:
        raise DomainError(
            _("This file must be the %(wanted)s.") % {"wanted": wanted_label}, field=field
        )


@transaction.atomic
def exemption_request(
    *,
    person: Person,
    course: str,
    provider: str,
    provider_course_title: str,
    completed_on: date,
    transcript,
    transcript_kind: str,
    course_outline,
    course_outline_kind: str,
    by: User,
) -> TrainingExemption:
    """Ask the certifying body to count a course from another recognized provider instead
    of the IHSA course. Checks every rule before storing anything; notifies administrators
    and reviewers."""
    require(by, "certification.request_exemption", person, str(SMR_ONLY))
    _check_active(person)
    _check_course(course)
    if not is_exemptable(course):
        raise DomainError(
            _(
                "Exemptions are granted only for COR™ Essentials and Basic Auditing Principles "
                "[COR™ 2020 §2.2]; %(course)s must be taken with IHSA."
            )
            % {"course": _course_label(course)},
            field="course",
        )
    provider = (provider or "").strip()
    if not provider:
        raise DomainError(_("Enter the training provider."), field="provider")
    if provider.upper() == IHSA:
        raise DomainError(
            _("An IHSA course needs no exemption: add it as a training record."), field="provider"
        )
    provider_course_title = (provider_course_title or "").strip()
    if not provider_course_title:
        raise DomainError(_("Enter the title of the course taken."), field="provider_course_title")
    today = timezone.localdate()
    if completed_on is None:
        raise DomainError(_("Enter the completion date."), field="completed_on")
    problem = exemption_completion_problem(completed_on=completed_on, requested_on=today)
    if problem:
        raise DomainError(problem, field="completed_on")
    if TrainingRecord.objects.filter(person=person, course=course).exists():
        raise DomainError(
            _("%(person)s already has a record for %(course)s.")
            % {"person": person, "course": _course_label(course)},
            field="course",
        )
    if TrainingExemption.objects.filter(
        person=person, course=course, status=ExemptionStatus.SUBMITTED
    ).exists():
        raise DomainError(
            _("An exemption request for this course is already waiting for a decision."),
            field="course",
        )
    _check_document_kind(
        transcript_kind, wanted=ExemptionDocumentKind.TRANSCRIPT, field="transcript_kind"
    )
    _check_document_kind(
        course_outline_kind,
        wanted=ExemptionDocumentKind.COURSE_OUTLINE,
        field="course_outline_kind",
    )
    transcript_checked = check_upload(transcript, field="transcript")
    outline_checked = check_upload(course_outline, field="course_outline")

    exemption = TrainingExemption(
        person=person,
        course=course,
        provider=provider,
        provider_course_title=provider_course_title,
        completed_on=completed_on,
        requested_on=today,
        transcript_name=transcript_checked.original_name,
        course_outline_name=outline_checked.original_name,
        requested_by=by,
    )
    # Storage names are random (models.exemption_upload_key); the original names are kept.
    exemption.transcript.save(transcript_checked.original_name, transcript, save=False)
    exemption.course_outline.save(outline_checked.original_name, course_outline, save=False)
    stored = [exemption.transcript.name, exemption.course_outline.name]
    try:
        with transaction.atomic():
            exemption.save()
    except IntegrityError as exc:
        for name in stored:
            exemption.transcript.storage.delete(name)
        raise DomainError(
            _("An exemption request for this course is already waiting for a decision."),
            field="course",
        ) from exc
    record(
        subject=exemption,
        actor=by,
        action=CertificationAction.EXEMPTION_REQUESTED,
        to_state=ExemptionStatus.SUBMITTED,
        changes={
            "course": (None, _course_label(course)),
            "provider": (None, provider),
            "provider_course_title": (None, provider_course_title),
            "completed_on": (None, completed_on),
        },
    )
    record(
        subject=person,
        actor=by,
        action=CertificationAction.PERSON_EXEMPTION_REQUESTED,
        changes={_course_label(course): (None, f"{provider}: {provider_course_title}")},
    )
    organization = person.organization
    url = reverse("exemption_detail", args=[exemption.pk])
    notify(
        users=list(intake_staff().order_by("pk")),
        subject=Localized(
            gettext_lazy("Training exemption request from %(org)s"), {"org": organization}
        ),
        body=Localized(
            gettext_lazy(
                "%(person)s asks to be exempted from %(course)s (%(provider)s: %(title)s)."
            ),
            {
                "person": person,
                "course": Course(course).label,
                "provider": provider,
                "title": provider_course_title,
            },
        ),
        url=url,
        kind=CertificationNotice.EXEMPTION_REQUESTED,
    )
    return exemption


DECIDE_STAFF_ONLY = gettext_lazy("Only certifying-body staff decide exemption requests.")


def _undecided(exemption: TrainingExemption, by: User) -> TrainingExemption:
    """The request, locked and fresh, if it still waits for a decision."""
    require(by, "certification.decide_exemption", exemption, str(DECIDE_STAFF_ONLY))
    exemption = TrainingExemption.objects.select_for_update().get(pk=exemption.pk)
    if not exemption_is_undecided(by, exemption):
        raise DomainError(_("This request was already decided."), field="decision")
    return exemption


def _tell_decision(exemption: TrainingExemption, *, reason: str, by: User) -> None:
    person = exemption.person
    decision = Lowercase(ExemptionStatus(exemption.status).label)
    url = reverse("person_detail", args=[person.pk])
    recipients = [*organization_smrs(person.organization_id), exemption.requested_by]
    body = Joined(
        [
            Localized(
                gettext_lazy("The exemption from %(course)s for %(person)s was %(decision)s."),
                {
                    "course": Course(exemption.course).label,
                    "person": person,
                    "decision": decision,
                },
            ),
            Localized(gettext_lazy("Reason: %(reason)s"), {"reason": reason}) if reason else "",
        ]
    )
    notify(
        users=recipients,
        subject=Localized(
            gettext_lazy("Training exemption %(decision)s: %(person)s"),
            {"decision": decision, "person": person},
        ),
        body=body,
        url=url,
        kind=CertificationNotice.EXEMPTION_DECIDED,
    )


@transaction.atomic
def exemption_approve(
    *, exemption: TrainingExemption, by: User, reason: str = ""
) -> TrainingExemption:
    """Approve: status submitted → approved and a TrainingRecord (provider = the other
    provider) linked to the exemption. Notifies the organization's SMRs and the requester."""
    exemption = _undecided(exemption, by)
    reason = check_length((reason or "").strip(), limit=EXEMPTION_REASON_MAX_LENGTH, field="reason")
    if TrainingRecord.objects.filter(
        person_id=exemption.person_id, course=exemption.course
    ).exists():
        raise DomainError(
            _("This person already has a record for this course; refuse the request instead."),
            field="decision",
        )
    EXEMPTION_FLOW.move(
        exemption,
        CertificationAction.EXEMPTION_APPROVED,
        by=by,
        reason=reason,
        decided_by=by,
        decided_at=timezone.now(),
        decision_reason=reason,
    )
    person = exemption.person
    TrainingRecord.objects.create(
        person=person,
        course=exemption.course,
        completed_on=exemption.completed_on,
        provider=exemption.provider,
        exemption=exemption,
    )
    record(
        subject=person,
        actor=by,
        action=CertificationAction.TRAINING_RECORD_ADDED,
        changes={
            _course_label(exemption.course): (
                None,
                f"{exemption.completed_on.isoformat()} ({exemption.provider}, exemption)",
            )
        },
    )
    _tell_decision(exemption, reason=reason, by=by)
    return exemption


@transaction.atomic
def exemption_refuse(*, exemption: TrainingExemption, by: User, reason: str) -> TrainingExemption:
    """Refuse with a reason (required): submitted → refused. Notifies the SMRs."""
    require(by, "certification.decide_exemption", exemption, str(DECIDE_STAFF_ONLY))
    reason = required_text(
        reason,
        limit=EXEMPTION_REASON_MAX_LENGTH,
        field="reason",
        missing=_("Give the reason for refusing the request."),
    )
    exemption = _undecided(exemption, by)
    EXEMPTION_FLOW.move(
        exemption,
        CertificationAction.EXEMPTION_REFUSED,
        by=by,
        reason=reason,
        decided_by=by,
        decided_at=timezone.now(),
        decision_reason=reason,
    )
    record(
        subject=exemption.person,
        actor=by,
        action=CertificationAction.PERSON_EXEMPTION_REFUSED,
        reason=reason,
    )
    _tell_decision(exemption, reason=reason, by=by)
    return exemption


def exemption_decide(
    *, exemption: TrainingExemption, decision: str, reason: str, by: User
) -> TrainingExemption:
    """One entry point for pages and the API: decision is "approve" or "refuse"."""
    require(by, "certification.decide_exemption", exemption, str(DECIDE_STAFF_ONLY))
    if decision == "approve":
        return exemption_approve(exemption=exemption, by=by, reason=reason)
    if decision == "refuse":
        return exemption_refuse(exemption=exemption, by=by, reason=reason)
    raise DomainError(_("Choose approve or refuse."), field="decision")
