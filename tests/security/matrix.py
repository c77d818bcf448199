"""Helpers of the access matrix (tests/security/test_access_matrix.py): the URL patterns read
from the URL configuration, the roles, the objects each URL kwarg is filled with, and one
request's answer reduced to what the table compares.

The world: two organizations built the same way. Each has a WSIB account with an internal
audit in progress (with evidence), a second account whose audit is under desk review by the
*assigned* reviewer, a third whose audit was reviewed (not confirmed: a corrective action plan
with one item, the review report), a fourth with a draft registration, people with a
training record and an exemption request, a viewer's membership, an open member invitation,
an inbox message, an API token and a calendar token of its SMR. "own" is the cast's
organization, "other" the second one (whose SMR is the cast's outsider)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie

from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import Cast

ROLES = (
    "smr",
    "ia",
    "viewer",
    "outsider",
    "ext_auditor",
    "ext_assigned",
    "reviewer",
    "assigned",
    "lead",
    "manager",
    "director",
    "admin",
    "anon",
)

# DRF's format-suffix twin of a route (`…\.(?P<format>[a-z0-9]+)/?$`, `<drf_format_suffix:format>`):
# the same view with the same permissions as the route it doubles.
_FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>\[a-z0-9\]\+\)/\?\$$|<drf_format_suffix:format>$")


@dataclass(frozen=True)
class Route:
    pattern: str  # the full route, prefixes joined, as the URL configuration spells it
    name: str | None


def routes() -> list[Route]:
    """Every URL pattern, walking included resolvers (DRF routers included) recursively.
    Patterns served twice (DefaultRouter's api-root in each app's router) appear once."""
    found: dict[str, Route] = {}

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                full = prefix + str(p.pattern)
                found.setdefault(full, Route(full, p.name))

    walk(get_resolver().url_patterns, "")
    return list(found.values())


def format_suffix_base(pattern: str) -> str | None:
    """The route a format-suffix twin doubles, or None when `pattern` is not one."""
    if not _FORMAT_SUFFIX.search(pattern):
        return None
    if pattern.endswith("<drf_format_suffix:format>"):
        return pattern.removesuffix("<drf_format_suffix:format>")
    return _FORMAT_SUFFIX.sub("/$", pattern)


def answer(client, method: str, path: str):
    """The answer the table compares: the status code, or "login" for a redirect to the
    login page (any other redirect stays 302)."""
    saved = SimpleCookie(client.cookies.output(header="", sep="\n"))
    response = getattr(client, method.lower())(path)
    client.cookies = saved  # a view that rotates or ends the session must not leak on
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


@dataclass
class Side:
    """One organization's objects, by the placeholder the table's paths use."""

    values: dict[str, object] = field(default_factory=dict)


def _confirmed_account(organization, by_smr, admin):
    from django.utils import timezone

    from certification.enums import RegistrationStatus
    from certification.models import Registration
    from tests.factories import WsibAccountFactory

    account = WsibAccountFactory(organization=organization)
    Registration.objects.create(
        wsib_account=account,
        status=RegistrationStatus.CONFIRMED,
        applicant_name="Pat",
        applicant_email="pat@example.test",
        declaration_accepted=True,
        created_by=by_smr,
        submitted_at=timezone.now(),
        received_on=date(2025, 1, 10),
        confirmed_at=timezone.now(),
        confirmed_by=admin,
    )
    return account


def _pdf(name: str = "e.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import SAMPLE_PDF

    return SimpleUploadedFile(name, SAMPLE_PDF, content_type="application/pdf")


def build_engagement(cast: Cast, audit, auditor):
    """The external audit of `audit`'s account: `auditor` chosen by the SMR, accepted, its
    plan submitted (D3 open); the pre-audit meeting form signed by all three."""
    from audits.enums import MeetingKind
    from audits.services.engagement import (
        auditor_choose,
        engagement_accept,
        meeting_sign,
        plan_save,
        plan_submit,
    )
    from tests.audits.external import PLAN

    engagement = auditor_choose(wsib_account=audit.wsib_account, auditor=auditor, by=cast.smr)
    engagement_accept(engagement=engagement, by=auditor.user, no_conflict=True)
    plan = plan_save(plan=engagement.plan, by=auditor.user, **PLAN)
    plan_submit(plan=plan, by=auditor.user)
    for user in (cast.smr, cast.internal_auditor, auditor.user):
        meeting_sign(
            engagement=engagement, meeting=MeetingKind.PRE_AUDIT, by=user, typed_name=str(user)
        )
    from audits.external_documents import meeting_form_issue

    meeting_form_issue(engagement_id=engagement.pk, meeting=MeetingKind.PRE_AUDIT)
    return engagement


def build_side(cast: Cast, *, items, assigned, engagement_auditor) -> Side:
    """One organization's objects (`cast.organization` is the side built)."""
    from audits.enums import AuditKind
    from audits.models import Evidence
    from audits.reports import review_report_generate
    from audits.services.audit import audit_start, audit_submit, evidence_attach, response_save
    from audits.services.cap import cap_generate, cap_item_add
    from audits.services.review import (
        desk_review_save_item,
        pre_assessment_record,
        review_complete,
        reviewer_assign,
    )
    from certification.enums import Course, ExemptionDocumentKind, MemberRole
    from certification.models import Membership, Registration
    from certification.services.onboarding import member_invite
    from certification.services.registration import registration_confirmation_letter
    from certification.services.training import exemption_request
    from cor_portal.accounts.tokens import api_token_issue
    from cor_portal.deadlines.models import CalendarFeedToken, Deadline
    from cor_portal.notifications.services import notify
    from tests.audits.conftest import make_ready
    from tests.factories import (
        PersonFactory,
        RegistrationFactory,
        TrainingRecordFactory,
        WsibAccountFactory,
    )

    _smr, ia = make_ready(cast)

    def start(account):
        return audit_start(
            wsib_account=account,
            kind=AuditKind.INITIAL_INTERNAL,
            internal_auditor=ia,
            by=cast.internal_auditor,
        )

    def answer_all(audit):
        for item in items.values():
            response_save(
                audit=audit,
                item=item,
                points_earned=10,
                not_applicable=False,
                note="",
                by=cast.internal_auditor,
            )

    def under_review(account):
        audit = start(account)
        answer_all(audit)
        audit = audit_submit(audit=audit, by=cast.smr, signed_off=True)
        pre_assessment_record(
            audit=audit, by=cast.reviewer, complete=True, declared_score_meets_benchmarks=True
        )
        audit.refresh_from_db()
        return reviewer_assign(audit=audit, reviewer=assigned, by=cast.admin)

    draft = start(cast.wsib_account)
    evidence_attach(
        audit=draft,
        item=items["1.1"],
        uploaded_file=_pdf(),
        document_date=date.today(),
        by=cast.internal_auditor,
    )
    evidence = Evidence.objects.get(audit=draft)

    review = under_review(_confirmed_account(cast.organization, cast.smr, cast.admin))

    done = under_review(_confirmed_account(cast.organization, cast.smr, cast.admin))
    for number in ("2.1", "2.2"):
        desk_review_save_item(
            audit=done,
            item=items[number],
            points_earned=0,
            not_applicable=False,
            note="Reviewer re-scored",
            by=assigned,
        )
    from audits.selectors import open_review
    from audits.services.qa_gate import qa_clear
    from oversight.services.qa import qa_review_open

    qa_clear(by=cast.admin, review=open_review(done))
    review_complete(audit=done, by=assigned, findings=["Records missing."])
    # Desktop QA of the audit under desk review (staff only: everyone else answers 404).
    qa_review = qa_review_open(by=cast.admin, review=open_review(review))
    cap = cap_generate(audit=done, by=assigned)
    engagement = build_engagement(cast, done, engagement_auditor)
    cap_item = cap_item_add(plan=cap, description="Write the records.", by=cast.smr)

    registration = RegistrationFactory(
        wsib_account=WsibAccountFactory(organization=cast.organization), created_by=cast.smr
    )
    confirmed = Registration.objects.get(wsib_account=cast.wsib_account)
    # Both PDFs stored once here: each request is rolled back, so a document generated on
    # demand would be rendered again for every role.
    registration_confirmation_letter(registration=confirmed)
    review_report_generate(audit=type(done).objects.get(pk=done.pk))

    from certification.services.certificates import certificate_issue, certificate_pdf

    certificate = certificate_issue(
        wsib_account=_confirmed_account(cast.organization, cast.smr, cast.admin),
        anniversary_date=date.today(),
        by=cast.admin,
    )
    certificate_pdf(certificate=certificate)  # stored once (each request is rolled back)
    from certification.models import MaintenanceYear
    from certification.services.maintenance import lgs_issue, lgs_pdf

    maintenance_year = MaintenanceYear.objects.get(certificate=certificate, year=2)
    recertification = MaintenanceYear.objects.get(certificate=certificate, year=4)
    letter = lgs_issue(year=maintenance_year, by=cast.admin)
    lgs_pdf(letter=letter)

    person = PersonFactory(organization=cast.organization)
    training = TrainingRecordFactory(person=person, course=Course.COR_INTERNAL_AUDITOR)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import SAMPLE_PDF

    exemption = exemption_request(
        person=person,
        course=Course.COR_ESSENTIALS,
        provider="Other Safety Association",
        provider_course_title="OHS Essentials",
        completed_on=date(2025, 1, 10),
        transcript=SimpleUploadedFile("t.pdf", SAMPLE_PDF),
        transcript_kind=ExemptionDocumentKind.TRANSCRIPT,
        course_outline=SimpleUploadedFile("o.pdf", SAMPLE_PDF),
        course_outline_kind=ExemptionDocumentKind.COURSE_OUTLINE,
        by=cast.smr,
    )
    membership = Membership.objects.get(user=cast.viewer, role=MemberRole.VIEWER)
    invitation = member_invite(
        by=cast.smr,
        organization=cast.organization,
        email=f"new-{cast.organization.pk}@example.test",
        role=MemberRole.VIEWER,
    )
    [message] = notify(users=[cast.smr], subject="Hello", body="Body", email=False)
    token, _key = api_token_issue(user=cast.smr)
    feed, _ = CalendarFeedToken.objects.get_or_create(user=cast.smr)
    action_plan, objective, milestone, deliverable = _action_plan(cast, engagement)
    deadline = (
        Deadline.objects.filter(organization_id=cast.organization.pk, state="open")
        .order_by("pk")
        .first()
    )
    assert deadline is not None, "the review's D1 deadline"
    from tests.equivalency.world import side_objects

    equivalency = side_objects(cast, certificate)
    return Side(
        {
            **equivalency,
            "org": cast.organization.pk,
            "wsib": cast.wsib_account.pk,
            "registration": registration.pk,
            "confirmed": confirmed.pk,
            "person": person.pk,
            "training": training.pk,
            "exemption": exemption.pk,
            "membership": membership.pk,
            "invitation": invitation.pk,
            "invitation_token": invitation.token,
            "draft": draft.pk,
            "evidence": evidence.pk,
            "review": review.pk,
            "done": done.pk,
            "qa_review": qa_review.pk,
            "cap": cap.pk,
            "cap_item": cap_item.pk,
            "message": message.pk,
            "api_token": token.public_id,
            "feed": feed.token,
            "deadline": deadline.pk,
            "certificate": certificate.pk,
            "certificate_number": certificate.number,
            "maintenance_year": maintenance_year.pk,
            "recertification": recertification.pk,
            "lgs": letter.pk,
            "lgs_number": letter.number,
            "engagement": engagement.pk,
            "plan": engagement.plan.pk,
            "auditor": engagement.auditor_id,
            "action_plan": action_plan.pk,
            "objective": objective.pk,
            "milestone": milestone.pk,
            "deliverable": deliverable.pk,
        }
    )


def _action_plan(cast: Cast, engagement):
    """A SOSE Action Plan submitted for the Lead Auditor's approval (rows written directly:
    the matrix asks who reaches each action, tests/sose/ walks the transitions), its
    associate auditor the engagement's."""
    from audits.evidence import store_evidence_file
    from sose.enums import PlanKind, PlanStatus
    from sose.models import ActionPlan, Deliverable, Milestone, Objective

    plan = ActionPlan.objects.create(
        kind=PlanKind.SOSE_SAP,
        status=PlanStatus.SUBMITTED,
        wsib_account=engagement.wsib_account,
        source_engagement=engagement,
        associate_auditor=engagement.auditor,
        created_by=cast.smr,
    )
    objective = Objective.objects.create(plan=plan, order=1, statement="Close the gap")
    milestone = Milestone.objects.create(objective=objective, order=1, description="Step")
    stored = store_evidence_file(_pdf("register.pdf"))
    deliverable = Deliverable.objects.create(
        milestone=milestone,
        title="Register",
        file=stored.key,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        document_date=date(2026, 1, 5),
        uploaded_by=cast.smr,
    )
    return plan, objective, milestone, deliverable


@dataclass
class World:
    users: dict[str, object]  # role -> user (no "anon")
    own: dict[str, object]  # placeholder -> value of the cast's organization's object
    other: dict[str, object]  # placeholder -> value of the second organization's object
    shared: dict[str, object]  # placeholder -> value of an object no organization owns


def build_world(cast: Cast) -> World:
    from certification.enums import MemberRole
    from cor_portal.accounts.enums import UserRole
    from cor_portal.accounts.services import staff_invite
    from tests.audits.conftest import make_tool
    from tests.audits.external import approved_auditor
    from tests.factories import UserFactory, member

    tool, items = make_tool(publish_by=cast.admin)
    assigned = UserFactory(role=UserRole.REVIEWER)
    # The external auditor assigned to (and accepted) the own side's engagement, and a third
    # auditor of another company who has the other side's; `ext_auditor` has none.
    ext_assigned = approved_auditor(cast.admin, "Northern Audit Co.")
    third = approved_auditor(cast.admin, "Lakeshore Safety Audits")
    own = build_side(cast, items=items, assigned=assigned, engagement_auditor=ext_assigned)
    other_cast = Cast(
        organization=cast.other_organization,
        wsib_account=cast.other_wsib_account,
        smr=cast.outsider,
        internal_auditor=member(cast.other_organization, MemberRole.INTERNAL_AUDITOR),
        viewer=member(cast.other_organization, MemberRole.VIEWER),
        other_organization=cast.organization,
        other_wsib_account=cast.wsib_account,
        outsider=cast.smr,
        auditor=cast.auditor,
        reviewer=cast.reviewer,
        admin=cast.admin,
    )
    other = build_side(other_cast, items=items, assigned=assigned, engagement_auditor=third)
    invitation = staff_invite(by=cast.admin, email="new-staff@example.test", role=UserRole.REVIEWER)
    from audits.enums import ConflictKind
    from audits.services.roster import conflict_declare
    from certification.services.registry import registry_client_create, registry_publish

    # The own side's auditor declared a conflict with the other organization.
    conflict = conflict_declare(
        auditor=ext_assigned,
        organization=cast.other_organization,
        kind=ConflictKind.CONSULTING,
        by=ext_assigned.user,
    )
    # Auditor quality (oversight): one of each record, on the own side's engagement auditor.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.models import AuditorCpd, AuditorDeclaration, AuditorEvaluation, Eaqa

    own_engagement = ext_assigned.engagements.first()
    evaluation = AuditorEvaluation.objects.create(
        auditor=ext_assigned,
        engagement=own_engagement,
        year=date.today().year,
        evaluated_on=date.today(),
        evaluator=cast.reviewer,
        findings="Interviews well sampled.",
        rating="meets",
    )
    eaqa = Eaqa.objects.create(
        auditor=ext_assigned,
        year=date.today().year,
        selected_on=date.today(),
        selected_by=cast.admin,
    )
    declaration = AuditorDeclaration.objects.create(
        auditor=ext_assigned,
        year=date.today().year,
        declared_on=date.today(),
        statement="No conflicts.",
        recorded_by=cast.admin,
    )
    cpd = AuditorCpd.objects.create(
        auditor=ext_assigned,
        title="Webinar",
        completed_on=date.today(),
        hours=2,
        evidence=SimpleUploadedFile("cpd.pdf", b"%PDF-1.7\n%%EOF\n"),
        evidence_name="cpd.pdf",
        recorded_by=cast.admin,
    )
    publication = registry_publish(by=cast.admin)
    registry_client = registry_client_create(name="Matrix registry client", by=cast.admin)
    from certification.services.programs import ensure_configured_programs

    program_year = ensure_configured_programs()["acsa_year"]
    from oversight.services.workplan import workplan_create
    from oversight.workplan import program_year_of

    workplan = workplan_create(year=program_year_of(date.today()), by=cast.admin)
    return World(
        users={
            "smr": cast.smr,
            "ia": cast.internal_auditor,
            "viewer": cast.viewer,
            "outsider": cast.outsider,
            "ext_auditor": cast.auditor,
            "ext_assigned": ext_assigned.user,
            "reviewer": cast.reviewer,
            "assigned": assigned,
            "lead": UserFactory(role=UserRole.LEAD_AUDITOR),
            "manager": UserFactory(role=UserRole.PROGRAM_MANAGER),
            "director": UserFactory(role=UserRole.PROGRAM_DIRECTOR),
            "admin": cast.admin,
        },
        own=own.values,
        other=other.values,
        shared={
            "item": items["1.1"].pk,
            "tool": tool.pk,
            "staff_invitation": invitation.pk,
            "staff_invitation_token": invitation.token,
            "registry_client": registry_client.pk,
            "registry_publication": publication.pk,
            "auditor_conflict": conflict.pk,
            "evaluation": evaluation.pk,
            "eaqa": eaqa.pk,
            "declaration": declaration.pk,
            "cpd": cpd.pk,
            "roster_auditor": ext_assigned.pk,
            "program_year": program_year.pk,
            "workplan": workplan.pk,
        },
    )


def takes_object(path: str, world: World) -> bool:
    return any("{" + key + "}" in path for key in world.own)


def observe(rows, world: World) -> dict[str, dict[str, tuple]]:
    """route -> variant ("any", or "own" and "other") -> the answers in ROLES order. Each
    request runs in a savepoint rolled back after it, so no answer depends on another."""
    import logging
    import time

    from django.test import Client

    timings: dict[str, float] = {}
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anon":
            clients[role].force_login(world.users[role])
    seen: dict[str, dict[str, tuple]] = {}
    # Refusals are logged (django.request, with tracebacks); thousands of them cost time and
    # say nothing the answers do not.
    logging.disable(logging.WARNING)
    try:
        for pattern, row in rows.items():
            started = time.perf_counter()
            seen[pattern] = _observe_row(row, world, clients)
            timings[pattern] = time.perf_counter() - started
    finally:
        logging.disable(logging.NOTSET)
    observe.timings = timings  # type: ignore[attr-defined]
    return seen


def _observe_row(row, world: World, clients) -> dict[str, tuple]:
    from django.db import transaction

    if takes_object(row.path, world):
        variants = {"own": world.own, "other": world.other}
    else:
        variants = {"any": {}}
    seen = {}
    for variant, values in variants.items():
        path = row.path.format(**world.shared, **values)
        got = []
        for role in ROLES:
            sid = transaction.savepoint()
            try:
                got.append(answer(clients[role], row.method, path))
            finally:
                transaction.savepoint_rollback(sid)
        seen[variant] = tuple(got)
    return seen
