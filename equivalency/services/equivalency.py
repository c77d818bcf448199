"""ISO 45001 and MLTSD equivalency [001 §6; SPEC §4.5, §5 D10, D11]: one function per move of
EQUIVALENCY_FLOW and EQUIVALENCY_CERTIFICATE_FLOW.

    equivalency_request_create  the SMR: kind, the Ontario WSIB account (optional for ISO)
    equivalency_document_add    the SMR, while a draft: one named document
    equivalency_submit          the SMR: every required document by name (else refused,
                                naming each missing one); opens D10 (submitted + 30 days)
    equivalency_decide          a Lead Auditor: fee (amount, paid date), summary; approve →
                                a 1-year COR (D11 opens) — or, for ISO 45001 without a WSIB
                                account or Ontario work in scope, reciprocity for bidding only
                                with the reason; refuse; the decision report PDF either way
    equivalency_certificates_expire  the sweep, D11: the certificate's year ended
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.audiences import organization_smrs
from certification.enums import CertificateStatus
from certification.models import Certificate, Organization, WsibAccount
from certification.uploads import check_upload, clean_original_name
from cor_portal.access import require
from cor_portal.deadlines.services.deadline import deadline_meet, deadline_open
from cor_portal.documents.services import document_issue
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.notifications.services import Localized, notify

from ..documents import EQUIVALENCY_CERTIFICATE, EQUIVALENCY_DECISION_REPORT
from ..enums import (
    DocumentKind,
    EquivalencyAction,
    EquivalencyCertificateStatus,
    EquivalencyKind,
    EquivalencyOutcome,
    EquivalencyStatus,
    ReciprocityStatus,
)
from ..models import (
    EquivalencyCertificate,
    EquivalencyCertificateCounter,
    EquivalencyDocument,
    EquivalencyRequest,
    ReciprocityRequest,
)
from ..rules_pure import (
    NO_ONTARIO_WORK,
    NO_WSIB_ACCOUNT,
    allowed_documents,
    certificate_expiry,
    certificate_last_day,
    equivalency_decision,
    missing_documents,
    review_due,
)
from ..workflows import EQUIVALENCY_CERTIFICATE_FLOW, EQUIVALENCY_FLOW
from .common import D10, D11, a_date, fee, not_future, text

REASON_TEXT = {
    NO_WSIB_ACCOUNT: gettext_lazy(
        "The organization has no valid Ontario WSIB account on this request."
    ),
    NO_ONTARIO_WORK: gettext_lazy(
        "The ISO 45001 audit scope does not include representative work performed in Ontario."
    ),
}


def _url(request: EquivalencyRequest) -> str:
    from django.urls import reverse

    return reverse("equivalency:equivalency", args=[request.pk])


def _account_of(organization: Organization, wsib_account) -> WsibAccount | None:
    if wsib_account in (None, ""):
        return None
    if isinstance(wsib_account, WsibAccount):
        if wsib_account.organization_id == organization.pk:
            return wsib_account
    else:
        found = WsibAccount.objects.filter(pk=wsib_account, organization=organization).first()
        if found is not None:
            return found
    raise DomainError(_("Choose one of your organization's accounts."), field="wsib_account")


def _active_cor(account: WsibAccount) -> Certificate | None:
    return Certificate.objects.filter(wsib_account=account, status=CertificateStatus.ACTIVE).first()


@transaction.atomic
def equivalency_request_create(
    *,
    organization: Organization,
    kind: str,
    wsib_account=None,
    ontario_work_in_scope: bool = False,
    by,
) -> EquivalencyRequest:
    require(by, "equivalency.request_equivalency", organization)
    if kind not in EquivalencyKind.values:
        raise DomainError(
            _("Choose ISO 45001 equivalency or MLTSD accreditation equivalency."), field="kind"
        )
    account = _account_of(organization, wsib_account)
    request = EquivalencyRequest.objects.create(
        organization=organization,
        wsib_account=account,
        kind=kind,
        ontario_work_in_scope=bool(ontario_work_in_scope),
        created_by=by,
    )
    record(
        subject=request,
        actor=by,
        action=EquivalencyAction.EQUIVALENCY_CREATED,
        to_state=EquivalencyStatus.DRAFT,
        changes={"kind": ("", kind)},
    )
    return request


@transaction.atomic
def equivalency_document_add(
    *, request: EquivalencyRequest, kind: str, upload, by
) -> EquivalencyDocument:
    require(by, "equivalency.request_equivalency", request)
    if request.status != EquivalencyStatus.DRAFT:
        raise DomainError(
            _("This request was submitted: its documents can no longer change."),
            code="conflict",
        )
    allowed = allowed_documents(request.kind)
    if kind not in allowed:
        raise DomainError(
            _("A %(request)s request carries: %(documents)s.")
            % {
                "request": request.get_kind_display(),
                "documents": "; ".join(str(DocumentKind(k).label) for k in allowed),
            },
            field="kind",
        )
    check_upload(upload, field="file")
    name = clean_original_name(getattr(upload, "name", "") or "document")
    document = EquivalencyDocument(request=request, kind=kind, original_name=name, uploaded_by=by)
    document.file.save(name, upload, save=False)
    document.save()
    record(
        subject=request,
        actor=by,
        action=EquivalencyAction.EQUIVALENCY_DOCUMENT_ADDED,
        changes={kind: ("", name)},
    )
    return document


@transaction.atomic
def equivalency_submit(*, request: EquivalencyRequest, by) -> EquivalencyRequest:
    require(by, "equivalency.request_equivalency", request)
    if request.status != EquivalencyStatus.DRAFT:
        raise DomainError(_("This request was already submitted."), code="conflict")
    missing = missing_documents(request.kind, request.documents.values_list("kind", flat=True))
    if missing:
        raise DomainError(
            _("Missing required document(s): %(documents)s.")
            % {"documents": "; ".join(str(DocumentKind(k).label) for k in missing)},
            field="documents",
        )
    if request.kind == EquivalencyKind.MLTSD and request.wsib_account_id is None:
        raise DomainError(
            _(
                "An MLTSD accreditation equivalency is issued to an Ontario WSIB account: "
                "choose it."
            ),
            field="wsib_account",
        )
    if request.wsib_account is not None and (active := _active_cor(request.wsib_account)):
        raise DomainError(
            _("%(board)s account %(account)s already holds Certificate of Recognition %(number)s.")
            % {
                "board": request.wsib_account.account_label,
                "account": request.wsib_account.account_number,
                "number": active.number,
            },
            field="wsib_account",
        )
    today = timezone.localdate()
    due = review_due(today)
    EQUIVALENCY_FLOW.move(
        request,
        EquivalencyAction.EQUIVALENCY_SUBMITTED,
        by=by,
        submitted_on=today,
        review_due_on=due,
        changes={"review_due_on": (None, due)},
    )
    deadline_open(
        kind=D10,
        subject=request,
        due_on=due,
        opened_on=today,
        title=Localized(
            gettext_lazy("Lead Auditor review of %(kind)s request %(ref)s"),
            {"kind": EquivalencyKind(request.kind).label, "ref": str(request)},
        ),
        url=_url(request),
        organization_id=request.organization_id,
        wsib_account_id=request.wsib_account_id,
        actor=by,
    )
    return request


def _next_number(year: int) -> str:
    counters = EquivalencyCertificateCounter.objects.select_for_update()
    counter = counters.filter(year=year).first()
    if counter is None:
        EquivalencyCertificateCounter.objects.bulk_create(
            [EquivalencyCertificateCounter(year=year, last=0)], ignore_conflicts=True
        )
        counter = counters.get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"EQC-{year:04d}-{counter.last:06d}"


def _issue_certificate(request: EquivalencyRequest, today, by) -> EquivalencyCertificate:
    account = request.wsib_account
    assert account is not None
    if EquivalencyCertificate.objects.filter(
        wsib_account=account, status=EquivalencyCertificateStatus.ACTIVE
    ).exists():
        raise DomainError(
            _("%(board)s account %(account)s already holds an active equivalency certificate.")
            % {"board": account.account_label, "account": account.account_number},
            field="wsib_account",
            code="conflict",
        )
    certificate = EquivalencyCertificate.objects.create(
        request=request,
        wsib_account=account,
        number=_next_number(today.year),
        issued_on=today,
        expiry_date=certificate_expiry(today),
        issued_by=by,
    )
    record(
        subject=certificate,
        actor=by,
        action=EquivalencyAction.EQUIVALENCY_APPROVED,
        to_state=EquivalencyCertificateStatus.ACTIVE,
        changes={
            "number": ("", certificate.number),
            "expiry_date": (None, certificate.expiry_date),
        },
    )
    deadline_open(
        kind=D11,
        subject=certificate,
        due_on=certificate_last_day(today),
        opened_on=today,
        title=Localized(
            gettext_lazy("Equivalency certificate %(number)s: valid one year"),
            {"number": certificate.number},
        ),
        url=_url(request),
        organization_id=request.organization_id,
        wsib_account_id=account.pk,
        actor=by,
    )
    document_issue(kind=EQUIVALENCY_CERTIFICATE, subject=certificate, by=by)
    return certificate


@transaction.atomic
def equivalency_decide(
    *,
    request: EquivalencyRequest,
    outcome: str,
    summary: str,
    fee_amount,
    fee_paid_on,
    ontario_work_in_scope: bool | None = None,
    reason: str = "",
    by,
) -> EquivalencyRequest:
    require(by, "equivalency.decide_equivalency", request)
    if outcome not in EquivalencyOutcome.values:
        raise DomainError(_("Choose the decision: approve or refuse."), field="outcome")
    if request.status != EquivalencyStatus.SUBMITTED:
        raise DomainError(_("This request does not await a decision."), code="conflict")
    today = timezone.localdate()
    summary = text(
        summary, field="summary", required=True, message=_("Summarize the review of the documents.")
    )
    amount = fee(fee_amount)
    paid_on = not_future(a_date(fee_paid_on, field="fee_paid_on"), today, field="fee_paid_on")
    reason = text(
        reason,
        field="reason",
        required=outcome == EquivalencyOutcome.REFUSE,
        message=_("Give the reason the request is refused."),
    )
    in_scope = (
        request.ontario_work_in_scope
        if ontario_work_in_scope is None
        else bool(ontario_work_in_scope)
    )
    decision = equivalency_decision(
        kind=request.kind,
        outcome=outcome,
        has_wsib_account=request.wsib_account_id is not None,
        ontario_work_in_scope=in_scope,
    )
    if decision.reasons:
        why = " ".join(str(REASON_TEXT[r]) for r in decision.reasons)
        reason = f"{why} {_('Reciprocity for bidding purposes only is granted.')}" + (
            f" {reason}" if reason else ""
        )
    values = {
        "by": by,
        "reason": reason,
        "fee_amount": amount,
        "fee_paid_on": paid_on,
        "decided_on": today,
        "decided_by": by,
        "decision_summary": summary,
        "decision_reason": reason,
        "ontario_work_in_scope": in_scope,
        "changes": {"fee_amount": (None, amount), "fee_paid_on": (None, paid_on)},
    }
    if decision.status == EquivalencyStatus.APPROVED:
        EQUIVALENCY_FLOW.move(request, EquivalencyAction.EQUIVALENCY_APPROVED, **values)
    elif decision.status == EquivalencyStatus.RECIPROCITY:
        EQUIVALENCY_FLOW.move(request, EquivalencyAction.EQUIVALENCY_TO_RECIPROCITY, **values)
    else:
        EQUIVALENCY_FLOW.move(request, EquivalencyAction.EQUIVALENCY_REFUSED, **values)
    # Decided late, the sweep has claimed (or will claim) the SLA breach.
    deadline_meet(kind=D10, subject=request, actor=by, on=today, missing_ok=True)
    if decision.status == EquivalencyStatus.APPROVED:
        _issue_certificate(request, today, by)
    elif decision.status == EquivalencyStatus.RECIPROCITY:
        grant = ReciprocityRequest.objects.create(
            organization=request.organization,
            wsib_account=request.wsib_account,
            home_province="",
            cfcsa_member="",
            source=request,
            status=ReciprocityStatus.APPROVED,
            submitted_on=request.submitted_on or today,
            submitted_by=request.created_by,
            decided_on=today,
            decided_by=by,
            valid_until=certificate_last_day(today),
            decision_reason=reason,
        )
        record(
            subject=grant,
            actor=by,
            action=EquivalencyAction.RECIPROCITY_APPROVED,
            to_state=ReciprocityStatus.APPROVED,
            reason=reason,
        )
    document_issue(kind=EQUIVALENCY_DECISION_REPORT, subject=request, by=by)
    notify(
        users=organization_smrs(request.organization_id),
        subject=Localized(
            gettext_lazy("Equivalency decision: %(decision)s"),
            {"decision": EquivalencyStatus(decision.status).label},
        ),
        body=reason or summary,
        url=_url(request),
        kind="equivalency_decided",
    )
    return request


def equivalency_certificates_expire(certificate_ids: list[int]) -> list[int]:
    """D11 (the sweep): the certificate's year is over; the standing it gave ends."""
    return EQUIVALENCY_CERTIFICATE_FLOW.move_set(
        EquivalencyCertificate.objects.filter(pk__in=certificate_ids),
        EquivalencyAction.EQUIVALENCY_CERTIFICATE_EXPIRED,
        reason=str(gettext_lazy("Valid one year (D11).")),
    )
