"""Demo SOSE Action Plans of Maple Ridge Constructors (seed_demo), through the services: each
account's internal audit is confirmed, its external audit passes below 100 % with two
findings (two CAP items), then the plan goes as far as its stage. Idempotent: an account that
exists is left alone.

| account | stage                                                                  |
| 4810031 | SAP in progress: approved by `lead`, verification planned by `auditor2` |
| 4810032 | SAP verified at 100 % by `auditor2`; the Ministry package can be built  |

The Alberta employer's maintenance action plans at each stage: sose.demo_acsa.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.enums import FindingKind
from audits.models import Item
from audits.services.qa_gate import demo_qa_release
from certification.models import WsibAccount
from cor_portal.demo import DemoRun

from .enums import PlanKind
from .models import Milestone
from .services import plan as s

STAGES = [("4810031", "7310031", "in_progress"), ("4810032", "7310032", "verified")]
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _passed_external(account, users, auditor):
    from audits.services import engagement as svc
    from audits.services.audit import response_save

    engagement = svc.auditor_choose(wsib_account=account, auditor=auditor, by=users["smr"])
    svc.engagement_accept(engagement=engagement, by=auditor.user, no_conflict=True)
    start = timezone.localdate() - timedelta(days=60)
    plan = svc.plan_save(
        plan=engagement.plan,
        by=auditor.user,
        scope="All COR 2020 elements; head office.",
        sites="Head office",
        starts_on=start,
        ends_on=start + timedelta(days=1),
        audit_days=2,
        interviews_management=1,
        interviews_supervisors=2,
        interviews_workers=4,
    )
    svc.plan_submit(plan=plan, by=auditor.user)
    svc.plan_approve(plan=plan, by=users["reviewer"])
    audit = svc.external_audit_start(engagement=engagement, by=auditor.user)
    items = list(Item.objects.filter(tool=audit.tool).order_by("order"))
    short = next((i for i in items if not i.legislated and i.points > 1), None)
    for item in items:
        response_save(
            audit=audit,
            item=item,
            points_earned=item.points - 1 if item == short else item.points,
            not_applicable=False,
            note="Inspection records incomplete." if item == short else "",
            by=auditor.user,
        )
    for text in (
        "Workplace inspection records are incomplete for Yard 2.",
        "The hazard register has not been reviewed this year.",
    ):
        svc.finding_add(
            engagement=engagement,
            by=auditor.user,
            kind=FindingKind.FINDING,
            text=text,
            element_number=items[0].sub_section.element.number if items else None,
        )
    svc.report_submit(engagement=engagement, by=auditor.user, summary="External audit completed.")
    # Desktop QA releases the report before the employer sees it (and may approve it itself).
    if demo_qa_release(by=users["admin"], engagement=engagement):
        engagement.refresh_from_db()
        return engagement
    return svc.report_approve(engagement=engagement, by=users["reviewer"])


def _plan(stage, account, users, auditor):
    smr = users["smr"]
    plan = s.plan_start(kind=PlanKind.SOSE_SAP, wsib_account=account, by=smr)
    today = timezone.localdate()
    for objective in plan.objectives.order_by("order"):
        s.objective_save(
            plan=plan,
            by=smr,
            objective=objective,
            measure="Verified by the associate auditor against the records",
            starts_on=today - timedelta(days=20),
            ends_on=today + timedelta(days=90),
        )
        for n, step in enumerate(("Plan and assign", "Implement and record"), start=1):
            s.milestone_save(
                objective=objective,
                by=smr,
                description=step,
                assignee="H&S coordinator" if n == 1 else "Joint Health and Safety Committee",
                target_date=today + timedelta(days=30 * n),
            )
    s.proposal_submit(plan=plan, by=smr)
    s.plan_approve(plan=plan, by=users["lead"])
    s.verification_plan_record(
        plan=plan,
        by=auditor.user,
        scope="Every objective and milestone of the SAP; head office records.",
        cost="1850.00",
    )
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    done = milestones if stage == "verified" else milestones[:1]
    for milestone in done:
        s.milestone_complete(milestone=milestone, by=smr, completed_on=today)
        s.deliverable_attach(
            milestone=milestone,
            by=smr,
            upload=SimpleUploadedFile("evidence.pdf", DEMO_PDF, content_type="application/pdf"),
            title=f"Evidence for milestone {milestone.label}",
            document_date=today,
        )
    if stage == "in_progress":
        return plan
    s.final_submit(plan=plan, by=smr, signed_name=smr.get_full_name() or smr.username)
    s.plan_score(
        plan=plan,
        by=auditor.user,
        scores={m.pk: 1 for m in milestones},
        objective_notes={o.pk: "Completed and evidenced." for o in plan.objectives.all()},
        results="Every objective of the SAP is fully implemented.",
        strengths="Committee ownership of the corrective actions.",
        recommendations="Keep the hazard register on the annual review calendar.",
    )
    return plan


def demo_step(run: DemoRun) -> dict:
    from .demo_acsa import demo_step as acsa_step

    users = run.users
    acsa = {f"acsa_{stage}": plan for stage, plan in acsa_step(users).items()}
    return {**_sose_step(users), **acsa}


def _sose_step(users) -> dict:
    if any(n not in users for n in ("smr", "reviewer", "lead", "auditor2", "admin")):
        return {}
    from audits.demo import MAPLE_LEGAL_NAME, _account, _stage, ensure_demo_tool
    from audits.demo_external import _approved
    from certification.models import Organization, Person

    organization = Organization.objects.filter(legal_name=MAPLE_LEGAL_NAME).first()
    ia_person = Person.objects.filter(
        organization=organization, user=users.get("ia"), is_internal_auditor=True
    ).first()
    if organization is None or ia_person is None:
        return {}
    tool = ensure_demo_tool()

    def make_account(number: str, firm: str):
        account = _account(organization, number, firm, users["smr"], users["admin"])
        _stage("confirmed", account, tool, ia_person, users)
        return account

    auditor = _approved(users["auditor2"], users["admin"])
    created = {}
    for number, firm, stage in STAGES:
        if WsibAccount.objects.filter(account_number=number).exists():
            continue
        account = make_account(number, firm)
        _passed_external(account, users, auditor)
        created[stage] = _plan(stage, account, users, auditor)
    return created
