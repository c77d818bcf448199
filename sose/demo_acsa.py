"""Demo maintenance action plans of the Alberta employer on the ACSA program, Prairie Summit
Builders (seed_demo, `absmr`), one WCB account per stage, through the services. Each account
is certified (its current certificate issued by the service after a first, superseded one:
a full cycle completed) and the organization has a permanent full-time internal auditor.
Idempotent: an account that exists is left alone. The numbers are 7 digits (WCB allows 7 to
9) because the public registry keeps a 7-digit account number (certification.RegistryEntry).

| account   | stage                                                                     |
| 6300111     | draft (3 objectives, weights 100)                                         |
| 6300112     | proposal submitted: awaiting the QA reviewer                              |
| 6300113     | approved: in progress, two milestones completed                           |
| 6300114     | final submitted: self-scored, signed off, awaiting the QA score           |
| 6300115     | scored 75 % by `reviewer`: certification maintained                       |
| 6300116     | scored 45 % by `reviewer`: below 60 %, a maintenance audit due (D19)      |
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.enums import CertificateStatus, CertificationAction, EmploymentStatus
from certification.models import Certificate, Person, WsibAccount
from cor_portal.history.services import record

from .enums import PlanKind
from .models import Milestone
from .services import plan as s

STAGES = [
    ("6300111", "7300111", "draft"),
    ("6300112", "7300112", "submitted"),
    ("6300113", "7300113", "approved"),
    ("6300114", "7300114", "final_submitted"),
    ("6300115", "7300115", "passed"),
    ("6300116", "7300116", "not_passed"),
]
ORDER = [stage for _n, _f, stage in STAGES]
OBJECTIVES = [
    ("Close the recommendations of the last certification audit on hazard assessments", 20, 20),
    ("Every crew holds a monthly documented site inspection", 15, 15),
    ("Supervisors complete the ACSA leadership course", 15, 15),
]
# The QA reviewer's share of each milestone's weight for the two scored plans.
QA_SHARE = {"passed": Decimal("0.75"), "not_passed": Decimal("0.45")}
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _auditor_on_staff(organization, smr) -> None:
    from certification.services.people import PersonData, person_add

    if Person.objects.filter(
        organization=organization,
        is_internal_auditor=True,
        employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
    ).exists():
        return
    person_add(
        organization=organization,
        data=PersonData(
            first_name="Dana",
            last_name="Kowalchuk",
            employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
            is_internal_auditor=True,
            job_title="Safety Coordinator",
        ),
        by=smr,
    )


def _certified(account: WsibAccount, admin) -> None:
    """A first certificate (its cycle completed, superseded) and the current one."""
    from certification.services.certificates import certificate_issue

    today = timezone.localdate()
    old = Certificate.objects.create(
        wsib_account=account,
        number=f"COR-{today.year - 4}-{account.account_number[-6:]}",
        status=CertificateStatus.SUPERSEDED,
        ended_at=timezone.now(),
        anniversary_date=today - timedelta(days=365 * 3 + 300),
        expiry_date=today - timedelta(days=300),
        issued_by=admin,
    )
    record(
        subject=old, actor=admin, action=CertificationAction.CERTIFICATE_ISSUED, reason="demo data"
    )
    certificate_issue(
        wsib_account=account,
        anniversary_date=today - timedelta(days=300),
        by=admin,
        reason="demo data: recertified after the first cycle",
    )


def _plan(stage: str, account: WsibAccount, smr, reviewer):
    today = timezone.localdate()
    plan = s.plan_start(kind=PlanKind.ACSA_MAINTENANCE, wsib_account=account, by=smr)
    for n, (statement, *weights) in enumerate(OBJECTIVES, start=1):
        objective = s.objective_save(
            plan=plan,
            by=smr,
            statement=statement,
            measure="Records reviewed by the QA reviewer",
            starts_on=today + timedelta(days=7),
            ends_on=today + timedelta(days=180),
            from_recommendation=n == 1,
        )
        for m, weight in enumerate(weights, start=1):
            s.milestone_save(
                objective=objective,
                by=smr,
                description=("Plan and assign", "Carry out and record")[m - 1],
                assignee=("Safety Coordinator", "Site supervisors")[m - 1],
                target_date=today + timedelta(days=60 * m),
                deliverable=("Schedule and assignments", "Signed records")[m - 1],
                weight=str(weight),
            )
    if stage == "draft":
        return plan
    s.proposal_submit(
        plan=plan,
        by=smr,
        participants="Dana Kowalchuk (ACSA auditor training, 2024); site supervisors",
        organization_chart="President > Operations Manager > Safety Coordinator > Supervisors",
    )
    if stage == "submitted":
        return plan
    s.plan_approve(plan=plan, by=reviewer)
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    done = milestones[:2] if stage == "approved" else milestones
    for milestone in done:
        s.milestone_complete(milestone=milestone, by=smr, completed_on=today)
        s.deliverable_attach(
            milestone=milestone,
            by=smr,
            upload=SimpleUploadedFile("records.pdf", DEMO_PDF, content_type="application/pdf"),
            title=f"Milestone {milestone.label} records",
            document_date=today,
        )
    if stage == "approved":
        return plan
    s.self_score_record(
        plan=plan,
        by=smr,
        scores={m.pk: m.weight for m in milestones},
        notes={o.pk: "Every milestone's records attached." for o in plan.objectives.all()},
    )
    s.final_submit(
        plan=plan,
        by=smr,
        signed_name=smr.get_full_name() or smr.username,
        results="Every objective carried out as planned.",
        strengths="Supervisors own the inspections.",
        recommendations="Keep the leadership course in the onboarding plan.",
    )
    if stage == "final_submitted":
        return plan
    share = QA_SHARE[stage]
    s.plan_score(
        plan=plan,
        by=reviewer,
        scores={m.pk: (m.weight or Decimal(0)) * share for m in milestones},
    )
    return plan


def demo_step(users) -> dict:
    from certification.demo import PRAIRIE, _maple_account
    from certification.models import Organization

    if any(n not in users for n in ("absmr", "reviewer", "admin")):
        return {}
    prairie = Organization.objects.filter(legal_name=PRAIRIE["legal_name"]).first()
    if prairie is None:
        return {}
    smr, admin = users["absmr"], users["admin"]
    _auditor_on_staff(prairie, smr)
    created = {}
    for number, firm, stage in STAGES:
        if WsibAccount.objects.filter(account_number=number).exists():
            continue
        _maple_account(prairie, number, firm, "confirmed", smr, admin)
        account = WsibAccount.objects.get(account_number=number)
        _certified(account, admin)
        created[stage] = _plan(stage, account, smr, users["reviewer"])
    return created
