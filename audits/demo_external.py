"""Demo external audits of Maple Ridge Constructors, one WSIB account per external stage
[001 §2.4 "External Audit"]: each account's internal audit is confirmed first, then the
external audit goes as far as its stage, through the services. The demo auditors `auditor`
(Northern Audit Co.) and `auditor2` (Lakeshore Safety Audits) sign the Code of Ethics and
are approved. Idempotent: an account that exists is left alone.

| account | stage                                                      |
| 4810021 | auditor chosen (`auditor`), awaiting acceptance            |
| 4810022 | plan submitted (D3 open)                                   |
| 4810023 | plan approved, audit can start                             |
| 4810024 | external audit report submitted (awaiting the reviewer)    |
| 4810025 | passed: certificate issued (`auditor2`)                    |
| 4810026 | failed: CAP to the auditor, re-audit due in 6 months (D4)  |
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from audits.enums import AuditorStatus, ConflictKind, FindingKind, MeetingKind
from audits.models import AuditTool, ExternalAuditor, Item
from audits.services import engagement as svc
from audits.services.audit import response_save
from audits.services.qa_gate import demo_report_release
from audits.services.roster import auditor_approve, conflict_declare, roster_entry_for
from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.models import CodeOfEthicsSignature, Organization, WsibAccount

# account number, firm number, stage, demo auditor
EXTERNAL_STAGES = [
    ("4810021", "7310021", "chosen", "auditor"),
    ("4810022", "7310022", "plan_submitted", "auditor"),
    ("4810023", "7310023", "plan_approved", "auditor"),
    ("4810024", "7310024", "report_submitted", "auditor"),
    ("4810025", "7310025", "certified", "auditor2"),
    ("4810026", "7310026", "failed", "auditor"),
]


def _approved(user, admin) -> ExternalAuditor:
    entry = roster_entry_for(user)
    assert entry is not None
    CodeOfEthicsSignature.objects.get_or_create(
        user=user,
        person=None,
        version=CODE_OF_ETHICS_CURRENT_VERSION,
        defaults={"signed_name": user.get_full_name() or user.username},
    )
    if entry.status != AuditorStatus.APPROVED:
        entry = auditor_approve(auditor=entry, by=admin, reason="Demo roster")
    return entry


def _external_stage(stage: str, account: WsibAccount, auditor: ExternalAuditor, tool, users):
    smr, ia, reviewer = users["smr"], users["ia"], users["reviewer"]
    engagement = svc.auditor_choose(wsib_account=account, auditor=auditor, by=smr)
    if stage == "chosen":
        return engagement
    user = auditor.user
    svc.engagement_accept(engagement=engagement, by=user, no_conflict=True)
    start = timezone.localdate() + timedelta(days=30)
    plan = svc.plan_save(
        plan=engagement.plan,
        by=user,
        scope="All COR 2020 elements; head office and the active yard.",
        sites="Head office (Maple Ridge); Yard 2",
        starts_on=start,
        ends_on=start + timedelta(days=2),
        audit_days=Decimal("3"),
        interviews_management=2,
        interviews_supervisors=4,
        interviews_workers=10,
    )
    svc.plan_submit(plan=plan, by=user)
    if stage == "plan_submitted":
        return engagement
    svc.plan_approve(plan=plan, by=reviewer)
    for signer in (smr, ia, user):
        svc.meeting_sign(
            engagement=engagement,
            meeting=MeetingKind.PRE_AUDIT,
            by=signer,
            typed_name=signer.get_full_name() or signer.username,
        )
    if stage == "plan_approved":
        return engagement
    audit = svc.external_audit_start(engagement=engagement, by=user)
    items = list(Item.objects.filter(tool=audit.tool).order_by("order"))
    legislated = next((i for i in items if i.legislated), None)
    for item in items:
        points = item.points
        if stage == "failed" and item == legislated:
            points = 0
        response_save(
            audit=audit,
            item=item,
            points_earned=points,
            not_applicable=False,
            note="Missing the current legislation binder." if points == 0 else "",
            by=user,
        )
    svc.finding_add(
        engagement=engagement,
        by=user,
        kind=FindingKind.STRENGTH,
        text="Toolbox talks are held and recorded every week.",
        element_number=items[0].sub_section.element.number if items else None,
    )
    if stage == "failed" and legislated is not None:
        svc.finding_add(
            engagement=engagement,
            by=user,
            kind=FindingKind.FINDING,
            text="The legislation binder on site is from 2019.",
            item_number=legislated.number,
        )
    svc.report_submit(engagement=engagement, by=user, summary="External audit completed.")
    if stage == "report_submitted":
        return engagement
    # Desktop QA releases the report (its outcome goes to the employer).
    engagement = demo_report_release(engagement=engagement, qa_by=users["admin"], approver=reviewer)
    if stage == "failed":
        svc.cap_comment(
            engagement=engagement,
            by=user,
            comment="Send me the corrective action plan with implementation dates.",
        )
    return engagement


def seed_external(*, users, tool: AuditTool, make_confirmed_account) -> dict:
    needed = ("smr", "ia", "reviewer", "admin", "auditor", "auditor2")
    if any(name not in users for name in needed):
        return {}
    auditors = {name: _approved(users[name], users["admin"]) for name in ("auditor", "auditor2")}
    created = {}
    for number, firm, stage, auditor in EXTERNAL_STAGES:
        if WsibAccount.objects.filter(account_number=number).exists():
            continue
        account = make_confirmed_account(number, firm)
        created[stage] = _external_stage(stage, account, auditors[auditor], tool, users)
    # A declared conflict for the roster pages: `auditor2` consulted for Lakeshore Paving.
    lakeshore = Organization.objects.filter(wsib_accounts__account_number="5520001").first()
    if lakeshore is not None:
        conflict_declare(
            auditor=auditors["auditor2"],
            organization=lakeshore,
            kind=ConflictKind.CONSULTING,
            description="Wrote their hazard assessment procedure in 2025.",
            by=users["auditor2"],
        )
    # The registry is published after every demo step (certification's demo finisher), so
    # it lists the account certified here.
    return created


__all__ = ["EXTERNAL_STAGES", "Organization", "seed_external"]
