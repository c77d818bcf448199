"""Demo spot checks, equivalency and reciprocity at every stage (seed_demo), on Maple Ridge's
WSIB accounts 4820001-4820099 (this app's own numbers). Idempotent: an account that already
exists is left alone; every stage is reached through the services."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from certification.demo import _maple_account
from certification.models import WsibAccount
from certification.services.certificates import certificate_issue
from cor_portal.demo import DemoRun

from .enums import EquivalencyKind, ReferralDecision, SpotCheckOutcome
from .models import EquivalencyRequest, ReciprocityRequest
from .rules_pure import allowed_documents
from .services.equivalency import (
    equivalency_decide,
    equivalency_document_add,
    equivalency_request_create,
    equivalency_submit,
)
from .services.reciprocity import reciprocity_decide, reciprocity_request_create
from .services.spot_checks import (
    spot_check_decide,
    spot_check_issue_letter,
    spot_check_open,
    spot_check_report_cap,
    spot_check_validate,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# (account number, the stage its spot check reaches)
SPOT_CHECKS = [
    ("4820001", "open"),
    ("4820002", "no_follow_up"),
    ("4820003", "corrective_action"),
    ("4820004", "cap_implemented"),
    ("4820005", "validated"),
    ("4820006", "referred"),
    ("4820007", "decided"),
]
# (account number or None, kind, stage)
EQUIVALENCY = [
    ("4820010", EquivalencyKind.ISO_45001, "draft"),
    ("4820011", EquivalencyKind.ISO_45001, "submitted"),
    ("4820012", EquivalencyKind.ISO_45001, "approved"),
    ("4820013", EquivalencyKind.MLTSD, "approved"),
    ("4820014", EquivalencyKind.ISO_45001, "refused"),
    ("4820015", EquivalencyKind.ISO_45001, "reciprocity"),  # no Ontario work in scope
]
RECIPROCITY = [("4820020", "submitted"), ("4820021", "approved")]


def _account(maple, number: str, users) -> tuple[WsibAccount, bool]:
    existed = WsibAccount.objects.filter(account_number=number).exists()
    if not existed:
        _maple_account(maple, number, "73" + number[2:], "confirmed", users["smr"], users["admin"])
    return WsibAccount.objects.get(account_number=number), existed


def _spot_check(account: WsibAccount, stage: str, users) -> None:
    reviewer, smr, admin = users["reviewer"], users["smr"], users["admin"]
    today = timezone.localdate()
    certificate_issue(
        wsib_account=account,
        anniversary_date=today - timedelta(days=120),
        by=admin,
        reason="demo data: external audit passed",
    )
    check = spot_check_open(
        wsib_account=account,
        scope="Elements 3 (hazard assessment) and 9 (inspections); two active sites.",
        check_date=today - timedelta(days=2),
        findings="Site inspections recorded on schedule."
        if stage in ("open", "no_follow_up")
        else "Hazard assessments not reviewed after a change of process at one site.",
        by=reviewer,
    )
    if stage == "open":
        return
    if stage == "no_follow_up":
        spot_check_issue_letter(check=check, outcome=SpotCheckOutcome.NO_FOLLOW_UP, by=reviewer)
        return
    spot_check_issue_letter(check=check, outcome=SpotCheckOutcome.CORRECTIVE_ACTION, by=reviewer)
    if stage == "corrective_action":
        return
    spot_check_report_cap(
        check=check,
        actions="Hazard assessments reviewed at both sites; supervisors retrained.",
        implemented_on=today,
        by=smr,
    )
    if stage == "cap_implemented":
        return
    spot_check_validate(
        check=check,
        validated=stage == "validated",
        scope="Document review of the revised hazard assessments.",
        notes="" if stage == "validated" else "The second site's assessment was not revised.",
        fee_amount=Decimal("350.00"),
        fee_paid_on=today,
        by=reviewer,
    )
    if stage == "decided":
        spot_check_decide(
            check=check,
            decision=ReferralDecision.KEEP,
            reason="The second site closed; the remaining site's assessment is complete.",
            by=reviewer,
        )


def _equivalency(maple, account: WsibAccount | None, kind: str, stage: str, users) -> None:
    smr, lead = users["smr"], users["lead"]
    request = equivalency_request_create(
        organization=maple,
        kind=kind,
        wsib_account=account,
        ontario_work_in_scope=stage != "reciprocity",
        by=smr,
    )
    for doc in allowed_documents(kind):
        equivalency_document_add(
            request=request, kind=doc, upload=ContentFile(PDF, name=f"{doc}.pdf"), by=smr
        )
    if stage == "draft":
        return
    equivalency_submit(request=request, by=smr)
    if stage == "submitted":
        return
    equivalency_decide(
        request=request,
        outcome="refuse" if stage == "refused" else "approve",
        summary="The audit report and certificate cover the organization's OHSMS.",
        fee_amount=Decimal("750.00"),
        fee_paid_on=timezone.localdate(),
        reason="The ISO 45001 certificate expired before the request."
        if stage == "refused"
        else "",
        by=lead,
    )


def demo_step(run: DemoRun) -> None:
    users = run.users
    maple = run.earlier["certification"]["maple"]  # type: ignore[index]
    for number, stage in SPOT_CHECKS:
        account, existed = _account(maple, number, users)
        if not existed:
            _spot_check(account, stage, users)
    for number, kind, stage in EQUIVALENCY:
        account, existed = _account(maple, number, users)
        if not existed and not EquivalencyRequest.objects.filter(wsib_account=account).exists():
            _equivalency(maple, account, kind, stage, users)
    for number, stage in RECIPROCITY:
        account, existed = _account(maple, number, users)
        if existed or ReciprocityRequest.objects.filter(wsib_account=account).exists():
            continue
        request = reciprocity_request_create(
            organization=maple,
            wsib_account=account,
            home_province="AB",
            cfcsa_member="Alberta Construction Safety Association",
            letter=ContentFile(PDF, name="acsa-cor-letter.pdf"),
            by=users["smr"],
        )
        if stage == "approved":
            reciprocity_decide(
                request=request,
                approve=True,
                valid_until=timezone.localdate() + timedelta(days=300),
                by=users["reviewer"],
            )
