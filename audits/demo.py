"""Demo internal audits of Maple Ridge Constructors, one WSIB account per stage of the
internal-audit workflow [001 §2.4]. Idempotent: each stage has its own account number, and
an account that exists already is left alone. Everything goes through the services (history,
notifications and deadlines exist as in real use); only dates the services take as "today"
are backdated afterwards with the ORM, so the under-review account's 60-day clock (D1) is
close to running out.

| account | stage                                              |
| 4810011 | in progress (three elements answered, one evidence) |
| 4810012 | submitted, awaiting pre-assessment                  |
| 4810013 | returned at pre-assessment with reasons             |
| 4810014 | under desk review, received 55 days ago (D1 in 5 d) |
| 4810015 | confirmed, CAP for continual improvement            |
| 4810016 | not confirmed, CAP for deficiencies, D2 open        |
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.enums import AuditKind
from audits.models import Audit, AuditTool, InternalReview, Item
from audits.services.audit import audit_start, audit_submit, evidence_attach, response_save
from audits.services.cap import cap_item_add, cap_item_update, cap_submit
from audits.services.common import D1, audit_url
from audits.services.qa_gate import demo_review_release
from audits.services.review import (
    desk_review_save_item,
    pre_assessment_record,
    reviewer_assign,
)
from audits.services.tool import audit_tool_publish, published_tool
from certification.demo.people import TINY_PDF
from certification.models import Organization, Person, WsibAccount
from certification.services.organization import wsib_account_create
from certification.services.registration import (
    registration_confirm,
    registration_start,
    registration_submit,
)
from cor_portal.deadlines.models import Deadline
from cor_portal.demo import DemoRun
from cor_portal.notifications.models import InboxMessage, OutboundEmail

DEMO_TOOL = ("COR 2020 (demo sample)", "demo-1")
MAPLE_LEGAL_NAME = "Maple Ridge Constructors Inc."
UNDER_REVIEW_RECEIVED_DAYS_AGO = 55

# account number, firm number, stage
STAGES = [
    ("4810011", "7310011", "in_progress"),
    ("4810012", "7310012", "submitted"),
    ("4810013", "7310013", "returned"),
    ("4810014", "7310014", "under_review"),
    ("4810015", "7310015", "confirmed"),
    ("4810016", "7310016", "not_confirmed"),
]


def _forget_cached_membership(*users) -> None:
    for user in users:
        for attr in ("_cor_organization_id", "_cor_member_role"):
            if hasattr(user, attr):
                delattr(user, attr)


def _account(organization: Organization, number: str, firm: str, smr, admin) -> WsibAccount:
    account = wsib_account_create(
        organization=organization,
        account_number=number,
        firm_number=firm,
        ohsms_in_place_since=date(2024, 3, 1),
        by=smr,
    )
    registration = registration_start(
        wsib_account=account,
        facts={
            "applicant_name": smr.get_full_name() or smr.username,
            "applicant_title": "Operations Manager",
            "applicant_email": smr.email,
            "applicant_phone": "705-555-0142",
            "workers": 40,
            "declaration_accepted": True,
        },
        by=smr,
    )
    registration_submit(registration=registration, by=smr)
    registration_confirm(registration=registration, by=admin)
    return account


def _answer(audit: Audit, items: list[Item], by, *, elements: int | None = None) -> None:
    for item in items:
        if elements is not None and item.sub_section.element.number > elements:
            continue
        response_save(
            audit=audit,
            item=item,
            points_earned=item.points,
            not_applicable=False,
            note="Verified in the demo.",
            by=by,
        )


def _backdate_receipt(audit: Audit, days_ago: int) -> None:
    """As if the audit arrived `days_ago` days ago: receipt date, the D1 clock, and the
    dates the notifications sent meanwhile quote (so the inbox agrees with D1)."""
    today = timezone.localdate()
    received = today - timedelta(days=days_ago)
    old_due, new_due = today + timedelta(days=60), received + timedelta(days=60)
    InternalReview.objects.filter(audit_id=audit.pk).update(
        received_on=received,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        review_due_on=new_due,
    )
    Audit.objects.filter(pk=audit.pk).update(
        signed_off_at=timezone.now() - timedelta(days=days_ago)
    )
    Deadline.objects.filter(
        kind=D1,
        subject_type=ContentType.objects.get_for_model(Audit),
        subject_id=str(audit.pk),
        state=Deadline.State.OPEN,
    ).update(opened_on=received, due_on=new_due)
    url = audit_url(audit)
    for rows in (
        InboxMessage.objects.filter(url=url),
        OutboundEmail.objects.filter(body__contains=url),
    ):
        for row in rows:
            body = row.body.replace(old_due.isoformat(), new_due.isoformat()).replace(
                today.isoformat(), received.isoformat()
            )
            if body != row.body:
                type(row).objects.filter(pk=row.pk).update(body=body)


def _stage(stage: str, account: WsibAccount, tool: AuditTool, ia_person, users) -> Audit:
    smr, ia, reviewer = users["smr"], users["ia"], users["reviewer"]
    items = list(
        Item.objects.filter(tool=tool).select_related("sub_section__element").order_by("order")
    )
    audit = audit_start(
        wsib_account=account,
        kind=AuditKind.INITIAL_INTERNAL,
        internal_auditor=ia_person,
        by=ia,
        tool=tool,
    )
    if stage == "in_progress":
        _answer(audit, items, ia, elements=3)
        evidence_attach(
            audit=audit,
            item=items[0],
            uploaded_file=SimpleUploadedFile("Health and safety policy 2026.pdf", TINY_PDF),
            document_date=timezone.localdate() - timedelta(days=40),
            by=ia,
        )
        return audit
    _answer(audit, items, ia)
    audit_submit(audit=audit, by=smr, signed_off=True)
    if stage == "submitted":
        return audit
    if stage == "returned":
        pre_assessment_record(
            audit=audit,
            by=reviewer,
            complete=False,
            declared_score_meets_benchmarks=True,
            reasons="The interview records for element 4 are missing; attach them and re-submit.",
        )
        return audit
    pre_assessment_record(
        audit=audit, by=reviewer, complete=True, declared_score_meets_benchmarks=True
    )
    audit = reviewer_assign(audit=audit, reviewer=reviewer, by=users["admin"])
    if stage == "under_review":
        _backdate_receipt(audit, UNDER_REVIEW_RECEIVED_DAYS_AGO)
        return audit
    if stage == "not_confirmed":
        legislated = next(i for i in items if i.legislated)
        desk_review_save_item(
            audit=audit,
            item=legislated,
            points_earned=0,
            not_applicable=False,
            note="No current copy of the legislation on site.",
            by=reviewer,
        )
        # Desktop QA (another staff member than the reviewer) releases the round first.
        completion = demo_review_release(
            audit=audit,
            reviewer=reviewer,
            qa_by=users["admin"],
            findings=[
                {
                    "text": "Legislation binder on site is from 2019.",
                    "item_number": legislated.number,
                }
            ],
            summary="The legislated requirement is not met.",
        )
    else:
        completion = demo_review_release(
            audit=audit,
            reviewer=reviewer,
            qa_by=users["admin"],
            summary="A well-documented programme.",
        )
        plan = completion.plan
        action = cap_item_add(
            plan=plan, description="Refresh the toolbox-talk schedule for winter work.", by=smr
        )
        cap_item_update(
            cap_item=action,
            by=smr,
            action="Add cold-stress talks from December to March.",
            owner="Sam Senior",
            target_date=timezone.localdate() + timedelta(days=45),
        )
        cap_submit(plan=plan, by=smr)
    from audits.reports import review_report_generate

    review_report_generate(audit=completion.audit)
    return completion.audit


def ensure_demo_tool() -> AuditTool:
    """The demo sample tool (shipped by a data migration; recreated the same way if a test
    database was flushed)."""
    from importlib import import_module

    from django.apps import apps

    tool = AuditTool.objects.filter(name=DEMO_TOOL[0], version=DEMO_TOOL[1]).first()
    if tool is None:
        import_module("audits.migrations.0002_cor2020_demo_sample").create_demo_tool(apps, None)
        tool = AuditTool.objects.get(name=DEMO_TOOL[0], version=DEMO_TOOL[1])
    return tool


def seed(*, users) -> dict:
    needed = ("smr", "ia", "reviewer", "admin")
    if any(name not in users for name in needed):
        return {}
    organization = Organization.objects.filter(legal_name=MAPLE_LEGAL_NAME).first()
    if organization is None:
        return {}
    tool = ensure_demo_tool()
    if published_tool(program=tool.program) is None:
        # Recreated after a flushed database (imports are drafts): the demo needs a tool
        # offered for new audits, and nothing else is.
        audit_tool_publish(tool=tool, by=users["admin"])
        tool.refresh_from_db()
    _forget_cached_membership(*(users[n] for n in needed))
    ia_person = Person.objects.filter(
        organization=organization, user=users["ia"], is_internal_auditor=True
    ).first()
    if ia_person is None:
        return {}
    created = {}
    for number, firm, stage in STAGES:
        if WsibAccount.objects.filter(account_number=number).exists():
            continue
        account = _account(organization, number, firm, users["smr"], users["admin"])
        created[stage] = _stage(stage, account, tool, ia_person, users)

    def confirmed_account(number: str, firm: str) -> WsibAccount:
        account = _account(organization, number, firm, users["smr"], users["admin"])
        _stage("confirmed", account, tool, ia_person, users)
        return account

    # The external audit at each of its stages (audits/demo_external.py).
    from audits.demo_external import seed_external

    created.update(
        {
            f"external_{k}": v
            for k, v in seed_external(
                users=users, tool=tool, make_confirmed_account=confirmed_account
            ).items()
        }
    )
    return created


def demo_step(run: DemoRun) -> dict:
    return seed(users=run.users)
