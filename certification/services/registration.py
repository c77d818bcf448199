"""The registration workflow [001 §2.1]: one function per transition of the table in
certification/workflows.py (REGISTRATION_FLOW).

Each transition checks who may make it (certification/rules.py), then its state with a
message that says why not, moves the status with `REGISTRATION_FLOW.move` (a conditional
update: two people clicking at once cannot both win; one typed history row) and queues
notifications for after the commit."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.audiences import organization_smrs
from certification.documents import REGISTRATION_CONFIRMATION
from certification.enums import (
    REGISTRATION_EDITABLE,
    REGISTRATION_IN_FLIGHT,
    CertificationAction,
    CertificationNotice,
    RegistrationStatus,
)
from certification.limits import REREGISTRATION_REASON_MAX_LENGTH, check_length
from certification.maintenance import reregistration_window
from certification.models import Certificate, Registration, WsibAccount
from certification.rules import registration_awaits_verification, registration_is_editable
from certification.workflows import REGISTRATION_FLOW, SUBMIT_MOVES
from cor_portal.access import require
from cor_portal.accounts.audiences import administrators
from cor_portal.accounts.language import user_language
from cor_portal.accounts.models import User
from cor_portal.documents.models import GeneratedDocument
from cor_portal.documents.services import document_for, document_issue
from cor_portal.errors import DomainError
from cor_portal.history.services import diff, record
from cor_portal.notifications.services import Localized, email_queue, notify, prefixed

from .organization import SMR_ONLY

REGISTRATION_FACT_FIELDS = (
    "applicant_name",
    "applicant_title",
    "applicant_email",
    "applicant_phone",
    "workers",
    "declaration_accepted",
)


# --- pure rules (no ORM) ---------------------------------------------------------------


def submission_problems(facts: Mapping[str, Any]) -> dict[str, str]:
    """What stops an application from being submitted, per field. The organization answers
    for the form being complete and accurate [001 §2.1]."""
    problems: dict[str, str] = {}
    if not str(facts.get("applicant_name") or "").strip():
        problems["applicant_name"] = _("Enter the applicant's name.")
    if not str(facts.get("applicant_email") or "").strip():
        problems["applicant_email"] = _("Enter the applicant's e-mail address.")
    workers = facts.get("workers")
    if workers is None or workers < 1:
        problems["workers"] = _("Enter the number of workers under this account (at least 1).")
    if not facts.get("declaration_accepted"):
        problems["declaration_accepted"] = _(
            "Confirm that the application is complete and accurate before submitting."
        )
    return problems


def submit_target(status: str) -> str | None:
    """The state a submission leads to from `status` (read from the workflow table), or None
    if it cannot be submitted."""
    for action in SUBMIT_MOVES:
        move = REGISTRATION_FLOW.move_of(action)
        if status in move.sources:
            return move.target
    return None


# --- helpers ------------------------------------------------------------------------------


def _status_label(status: str) -> str:
    return str(RegistrationStatus(status).label)


def _fresh(registration: Registration) -> Registration:
    return Registration.objects.select_related("wsib_account__organization").get(pk=registration.pk)


def _url(registration: Registration) -> str:
    return reverse("registration_detail", kwargs={"pk": registration.pk})


def _email_applicant(registration: Registration, *, subject, body, skip=()) -> None:
    """The applicant named on the form (an address, maybe no user): in the language of the
    user with that address when there is one and they chose one, else in the language of
    the request that sent it; the "[COR Portal]" prefix too. `subject` and `body`: plain or
    Localized texts."""
    to = registration.applicant_email
    if not to or to.lower() in {e.lower() for e in skip if e}:
        return
    reader = User.objects.filter(email__iexact=to, is_active=True).exclude(language="").first()
    language = user_language(reader) if reader else translation.get_language()
    with translation.override(language):
        email_queue(to=to, subject=prefixed(subject), body=str(body))


def _clean_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(facts) - set(REGISTRATION_FACT_FIELDS)
    if unknown:
        raise DomainError(_("These facts cannot be set here: %s.") % ", ".join(sorted(unknown)))
    values = dict(facts)
    for field in ("applicant_name", "applicant_title", "applicant_email", "applicant_phone"):
        if field in values:
            values[field] = str(values[field] or "").strip()
    if "workers" in values and (values["workers"] is None or values["workers"] < 1):
        raise DomainError(
            _("Enter the number of workers under this account (at least 1)."), field="workers"
        )
    return values


# --- transitions ----------------------------------------------------------------------------


@transaction.atomic
def registration_start(*, wsib_account: WsibAccount, facts: Mapping[str, Any], by) -> Registration:
    """The SMR starts the COR application for one WSIB account (a draft). One account has at
    most one registration in flight (also a database constraint), and an account whose
    registration was confirmed is already in the program."""
    account = WsibAccount.objects.select_for_update().get(pk=wsib_account.pk)
    require(by, "certification.register_account", account, str(SMR_ONLY))
    values = _clean_facts(facts)
    existing = Registration.objects.filter(wsib_account=account).values_list("status", flat=True)
    if any(s in REGISTRATION_IN_FLIGHT for s in existing):
        raise DomainError(
            _("This %(board)s account already has a registration in progress.")
            % {"board": account.account_label},
            field="wsib_account",
        )
    recertification_of = None
    if RegistrationStatus.CONFIRMED in existing:
        # Already in the program: only the recertification's application is accepted.
        recertification_of = _recertification_certificate(account)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                wsib_account=account,
                status=RegistrationStatus.DRAFT,
                created_by=by,
                recertification_of=recertification_of,
                **values,
            )
    except IntegrityError as exc:  # a second click raced the first
        raise DomainError(
            _("This %(board)s account already has a registration in progress.")
            % {"board": account.account_label},
            field="wsib_account",
        ) from exc
    changes: dict[str, tuple[Any, Any]] = {k: (None, v) for k, v in values.items()}
    if recertification_of is not None:
        changes["recertification_of"] = (None, recertification_of.number)
    record(
        subject=registration,
        actor=by,
        action=CertificationAction.REGISTRATION_STARTED,
        to_state=RegistrationStatus.DRAFT,
        changes=changes,
    )
    return registration


def _recertification_certificate(account: WsibAccount) -> Certificate:
    """The active certificate whose recertification a new application of an account already
    in the program is for [001 §2.5]: in its re-registration window, once. Otherwise the
    account is already registered (DomainError saying so, or why not yet)."""
    from certification.services.maintenance import recertification_year_for

    already = DomainError(
        _("This %(board)s account is already registered in the COR program.")
        % {"board": account.account_label},
        field="wsib_account",
    )
    try:
        year = recertification_year_for(account)
    except DomainError:
        raise already from None
    certificate = year.certificate
    opens_on, closes_on = reregistration_window(certificate.anniversary_date)
    today = timezone.localdate()
    if today < opens_on:
        raise DomainError(
            _(
                "This %(board)s account is registered and certified (certificate %(number)s). "
                "Re-registration for recertification opens on %(date)s, at the start of the "
                "certificate's third year."
            )
            % {
                "board": account.account_label,
                "number": certificate.number,
                "date": opens_on.isoformat(),
            },
            field="wsib_account",
        )
    if today > closes_on:  # the sweep lapses it; until then say why
        raise already
    if Registration.objects.filter(recertification_of=certificate).exists():
        raise DomainError(
            _("The recertification of certificate %(number)s already has its registration.")
            % {"number": certificate.number},
            field="wsib_account",
            code="conflict",
        )
    return certificate


def recertification_registration_of(certificate: Certificate) -> Registration | None:
    """The registration of `certificate`'s recertification, if the SMR started one."""
    return Registration.objects.filter(recertification_of=certificate).first()


@transaction.atomic
def registration_update(
    *, registration: Registration, facts: Mapping[str, Any], by
) -> Registration:
    """The SMR edits the application while it is a draft or after re-registration was
    requested; once submitted it is the certifying body's to verify."""
    registration = _fresh(registration)
    require(by, "certification.register_account", registration, str(SMR_ONLY))
    values = _clean_facts(facts)
    if not registration_is_editable(by, registration):
        raise DomainError(
            _("A %(status)s registration cannot be edited.")
            % {"status": _status_label(registration.status).lower()},
            field="status",
        )
    changes = diff(registration, values)
    if not changes:
        return registration
    updated = Registration.objects.filter(
        pk=registration.pk, status__in=REGISTRATION_EDITABLE
    ).update(**{k: values[k] for k in changes})
    if updated != 1:
        raise DomainError(
            _("This registration changed in the meantime; reload the page and try again."),
            field="status",
        )
    for field in changes:
        setattr(registration, field, values[field])
    record(
        subject=registration,
        actor=by,
        action=CertificationAction.REGISTRATION_UPDATED,
        changes=changes,
    )
    return registration


@transaction.atomic
def registration_submit(*, registration: Registration, by) -> Registration:
    """The SMR submits (draft → submitted) or resubmits (re-registration requested →
    resubmitted). Records when it was sent and the day it was received; tells the
    administrators it arrived and e-mails the applicant that it was received [001 §2.1]."""
    registration = _fresh(registration)
    organization = registration.wsib_account.organization
    require(by, "certification.register_account", registration, str(SMR_ONLY))
    old = registration.status
    new = submit_target(old)
    if new is None:
        raise DomainError(
            _(
                "Only a draft or a registration sent back for re-registration can be submitted; "
                "this one is %(status)s."
            )
            % {"status": _status_label(old).lower()},
            field="status",
        )
    problems = submission_problems({f: getattr(registration, f) for f in REGISTRATION_FACT_FIELDS})
    if problems:
        field, message = next(iter(problems.items()))
        raise DomainError(message, field=field)
    now = timezone.now()
    received_on = timezone.localdate(now)
    if old == RegistrationStatus.DRAFT:
        REGISTRATION_FLOW.move(
            registration,
            CertificationAction.REGISTRATION_SUBMITTED,
            by=by,
            submitted_at=now,
            received_on=received_on,
        )
    else:
        REGISTRATION_FLOW.move(
            registration,
            CertificationAction.REGISTRATION_RESUBMITTED,
            by=by,
            submitted_at=now,
            received_on=received_on,
        )
    account = registration.wsib_account
    notify(
        users=administrators().order_by("pk"),
        subject=Localized(
            gettext_lazy("Registration received: %(board)s %(number)s"),
            {"board": account.account_label_text, "number": account.account_number},
        ),
        body=Localized(
            gettext_lazy(
                "%(org)s submitted the COR registration of %(board)s account %(number)s. Verify "
                "the account and firm numbers."
            ),
            {
                "org": organization.legal_name,
                "board": account.account_label_text,
                "number": account.account_number,
            },
        ),
        url=_url(registration),
        kind=CertificationNotice.REGISTRATION_RECEIVED,
    )
    _email_applicant(
        registration,
        subject=_("Your COR registration was received"),
        body=_(
            "We received the COR registration of %(board)s account %(number)s (%(org)s) on "
            "%(date)s. Once the certifying body verifies the %(board)s account and firm numbers "
            "you will receive a second e-mail confirming the registration."
        )
        % {
            "board": account.account_label,
            "number": account.account_number,
            "org": organization.legal_name,
            "date": received_on.isoformat(),
        },
    )
    return registration


@transaction.atomic
def registration_confirm(*, registration: Registration, by) -> Registration:
    """An administrator confirms the registration after verifying the account and firm
    numbers. Queues the confirmation letter and tells the organization's SMRs (and the
    applicant) that the account is registered [001 §2.1]."""
    registration = _fresh(registration)
    require(by, "certification.verify_registration", registration)
    if not registration_awaits_verification(by, registration):
        raise DomainError(
            _(
                "Only a submitted or resubmitted registration can be confirmed; this one is "
                "%(status)s."
            )
            % {"status": _status_label(registration.status).lower()},
            field="status",
        )
    REGISTRATION_FLOW.move(
        registration,
        CertificationAction.REGISTRATION_CONFIRMED,
        by=by,
        confirmed_at=timezone.now(),
        confirmed_by=by,
    )
    from certification.tasks import task_generate_registration_confirmation_letter

    registration_id = registration.pk
    transaction.on_commit(
        lambda: task_generate_registration_confirmation_letter.delay(
            registration_id=registration_id
        )
    )
    account = registration.wsib_account
    smrs = list(organization_smrs(account.organization_id).order_by("pk"))
    body = Localized(
        gettext_lazy(
            "%(board)s account %(number)s of %(org)s is registered in the COR program. You may "
            "use the confirmation letter for bidding purposes."
        ),
        {
            "board": account.account_label_text,
            "number": account.account_number,
            "org": account.organization.legal_name,
        },
    )
    subject = Localized(
        gettext_lazy("COR registration confirmed: %(board)s %(number)s"),
        {"board": account.account_label_text, "number": account.account_number},
    )
    notify(
        users=smrs,
        subject=subject,
        body=body,
        url=_url(registration),
        kind=CertificationNotice.REGISTRATION_CONFIRMED,
    )
    _email_applicant(registration, subject=subject, body=body, skip=[u.email for u in smrs])
    return registration


@transaction.atomic
def registration_request_reregistration(
    *, registration: Registration, reason: str, by
) -> Registration:
    """An administrator sends the registration back because the account or firm information
    was wrong; the organization re-registers [001 §2.1]. The reason is required and goes to
    the SMRs."""
    registration = _fresh(registration)
    require(by, "certification.verify_registration", registration)
    reason = check_length(
        (reason or "").strip(), limit=REREGISTRATION_REASON_MAX_LENGTH, field="reason"
    )
    if not reason:
        raise DomainError(
            _("Say what was wrong so the organization can correct it."), field="reason"
        )
    if not registration_awaits_verification(by, registration):
        raise DomainError(
            _(
                "Re-registration can be requested only for a submitted or resubmitted "
                "registration; this one is %(status)s."
            )
            % {"status": _status_label(registration.status).lower()},
            field="status",
        )
    REGISTRATION_FLOW.move(
        registration,
        CertificationAction.REREGISTRATION_REQUESTED,
        by=by,
        reason=reason,
        reregistration_reason=reason,
    )
    account = registration.wsib_account
    smrs = list(organization_smrs(account.organization_id).order_by("pk"))
    subject = Localized(
        gettext_lazy("Re-registration needed: %(board)s %(number)s"),
        {"board": account.account_label_text, "number": account.account_number},
    )
    body = Localized(
        gettext_lazy(
            "The certifying body could not confirm the COR registration of %(board)s account "
            "%(number)s. Reason: %(reason)s\nCorrect the information and submit the "
            "registration again."
        ),
        {
            "board": account.account_label_text,
            "number": account.account_number,
            "reason": reason,
        },
    )
    notify(
        users=smrs,
        subject=subject,
        body=body,
        url=_url(registration),
        kind=CertificationNotice.REREGISTRATION_REQUESTED,
    )
    _email_applicant(registration, subject=subject, body=body, skip=[u.email for u in smrs])
    return registration


def registration_confirmation_letter(
    *, registration: Registration, by: User | None = None
) -> GeneratedDocument:
    """The stored confirmation letter of a confirmed registration, generating it the first
    time. Stored once: later calls return the same document."""
    existing = document_for(registration, REGISTRATION_CONFIRMATION)
    if existing is not None:
        return existing
    registration = _fresh(registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(
            _("Only a confirmed registration has a confirmation letter."), field="status"
        )
    return document_issue(kind=REGISTRATION_CONFIRMATION, subject=registration, by=by)
