"""The action-plan pages [SPEC §6]: the SOSE plan from pre-filled objectives through the Lead
Auditor's approval, the associate auditor's verification plan and verification audit to 100 %
and the Ministry package; the ACSA plan from proposal (returned, amended) to the QA reviewer's
score of record; bad input through the pages answers 400 naming the problem and changes
nothing; who may act decides first (403), who may see (404); queries constant in rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cor_portal.deadlines.models import Deadline
from cor_portal.history.models import HistoryEntry
from sose.enums import PlanKind, PlanStatus
from sose.models import ActionPlan, Deliverable, Milestone, Objective
from sose.services import plan as s
from tests.audits.conftest import PDF
from tests.sose.test_services import _acsa_plan, _fill_sose

pytestmark = pytest.mark.django_db


def _url(plan, tail=""):
    return f"/action-plans/{plan.pk}/{tail}"


def _state() -> dict:
    """Everything the plan pages write, to assert a refusal changed nothing."""
    return {
        "plans": sorted(
            ActionPlan.objects.values_list(
                "pk", "status", "participants", "verification_cost", "self_score_pct", "score_pct"
            )
        ),
        "objectives": sorted(
            Objective.objects.values_list("pk", "statement", "measure", "starts_on", "ends_on")
        ),
        "milestones": sorted(
            Milestone.objects.values_list(
                "pk", "assignee", "target_date", "weight", "completed_on", "self_score", "score"
            )
        ),
        "deliverables": Deliverable.objects.count(),
        "history": HistoryEntry.objects.count(),
        "deadlines": sorted(Deadline.objects.values_list("pk", "kind", "state")),
    }


def _refused(client, url, data, *, says: str, status=400):
    before = _state()
    response = client.post(url, data)
    assert response.status_code == status, response.content[:500]
    if says:
        assert says in response.content.decode()
    assert _state() == before
    return response


def _pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_sose_plan_through_the_pages(sose, lead, client):
    cast = sose.cast
    today = timezone.localdate()
    client.force_login(cast.smr)
    listing = client.get("/action-plans/")
    assert listing.status_code == 200
    assert "Start an action plan" in listing.content.decode()
    started = client.post(
        "/action-plans/start/", {"kind": PlanKind.SOSE_SAP, "wsib_account": cast.wsib_account.pk}
    )
    assert started.status_code == 302, started.content[:500]
    plan = ActionPlan.objects.get()
    page = client.get(_url(plan)).content.decode()
    # every corrective-action item of the external audit is an objective, pre-filled
    assert "Update the hazard register" in page and "Train JHSC" in page
    assert "Corrective action item:" in page
    assert "Submit the plan for approval" in page
    # submitting with objectives that have no milestones: refused, every problem named
    _refused(client, _url(plan, "submit-proposal/"), {}, says="milestone")
    objective = plan.objectives.order_by("order").first()
    # an objective ending before it starts
    _refused(
        client,
        _url(plan, f"objectives/{objective.pk}/"),
        {"statement": "x", "starts_on": today, "ends_on": today - timedelta(days=1)},
        says="cannot end before it starts",
    )
    # a weight on a SOSE milestone (the kind has none)
    _refused(
        client,
        _url(plan, f"objectives/{objective.pk}/milestones/"),
        {"description": "x", "assignee": "JHSC", "target_date": today, "weight": "10"},
        says="no weights",
    )
    for o in plan.objectives.order_by("order"):
        saved = client.post(
            _url(plan, f"objectives/{o.pk}/"),
            {
                "statement": o.statement,
                "measure": "Register reviewed",
                "starts_on": today,
                "ends_on": today + timedelta(days=60),
            },
        )
        assert saved.status_code == 302
        for n in (1, 2):
            added = client.post(
                _url(plan, f"objectives/{o.pk}/milestones/"),
                {"description": f"Step {n}", "assignee": "JHSC", "target_date": today},
            )
            assert added.status_code == 302, added.content[:500]
    assert client.post(_url(plan, "submit-proposal/")).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    # the QA reviewer does not approve a SAP (the Lead Auditor does)
    client.force_login(cast.reviewer)
    assert "Approve the plan" not in client.get(_url(plan)).content.decode()
    _refused(client, _url(plan, "approve/"), {}, says="", status=403)
    client.force_login(lead)
    assert "Approve the plan" in client.get(_url(plan)).content.decode()
    assert client.post(_url(plan, "approve/")).status_code == 302
    # the associate auditor plans the verification audit
    auditor = sose.extras["engagement"].auditor.user
    client.force_login(auditor)
    assert "Plan the verification audit" in client.get(_url(plan)).content.decode()
    _refused(
        client,
        _url(plan, "verification-plan/"),
        {"scope": "All objectives", "cost": "-1"},
        says="cannot be negative",
    )
    _refused(client, _url(plan, "verification-plan/"), {"scope": "", "cost": "100"}, says="scope")
    assert (
        client.post(
            _url(plan, "verification-plan/"), {"scope": "All objectives", "cost": "2400.00"}
        ).status_code
        == 302
    )
    # the employer implements: completion and evidence per milestone
    client.force_login(cast.smr)
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    _refused(
        client,
        _url(plan, f"milestones/{milestones[0].pk}/complete/"),
        {"completed_on": today + timedelta(days=1)},
        says="in the future",
    )
    _refused(
        client,
        _url(plan, f"milestones/{milestones[0].pk}/deliverables/"),
        {"file": _pdf(), "title": "Register"},
        says="dated",
    )
    for m in milestones:
        assert (
            client.post(
                _url(plan, f"milestones/{m.pk}/complete/"), {"completed_on": today}
            ).status_code
            == 302
        )
        attached = client.post(
            _url(plan, f"milestones/{m.pk}/deliverables/"),
            {"file": _pdf(), "title": "Register", "document_date": today},
        )
        assert attached.status_code == 302, attached.content[:500]
    page = client.get(_url(plan)).content.decode()
    assert "Overall: 100.00 % complete" in page
    assert 'id="plan-progress-caption"' in page  # the chart
    assert "Final submission and SMR sign-off" in page
    _refused(client, _url(plan, "submit-final/"), {"signed_name": ""}, says="type your name")
    assert client.post(_url(plan, "submit-final/"), {"signed_name": "Sam Smr"}).status_code == 302
    # the verification audit: every milestone achieved, the executive summary
    client.force_login(auditor)
    achieved = {f"achieved-{m.pk}": "1" for m in milestones}
    _refused(client, _url(plan, "score/"), achieved, says="executive summary")
    verified = client.post(
        _url(plan, "score/"),
        {
            **achieved,
            f"mnote-{milestones[0].pk}": "Register seen",
            "results": "Every objective met",
            "strengths": "Committee ownership",
            "recommendations": "Keep the register current",
        },
    )
    assert verified.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.PASSED, Decimal("100.00"))
    client.force_login(cast.smr)
    page = client.get(_url(plan)).content.decode()
    assert "Score of record: 100.00 %" in page and "Every objective met" in page
    assert "Download the Ministry package (PDF)" in page
    package = client.post(_url(plan, "package/"))
    assert package.status_code == 200
    assert package["Content-Type"] == "application/pdf"
    assert package.content.startswith(b"%PDF")


def test_sose_verification_short_of_100_is_not_passed(sose, lead, client):
    cast = sose.cast
    plan = s.plan_start(kind=PlanKind.SOSE_SAP, wsib_account=cast.wsib_account, by=cast.smr)
    _fill_sose(plan, cast.smr)
    s.proposal_submit(plan=plan, by=cast.smr)
    s.plan_approve(plan=plan, by=lead)
    auditor = sose.extras["engagement"].auditor.user
    s.verification_plan_record(plan=plan, by=auditor, scope="All", cost="10")
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    for m in milestones:
        s.milestone_complete(milestone=m, by=cast.smr, completed_on=timezone.localdate())
        s.deliverable_attach(
            milestone=m, by=cast.smr, upload=_pdf(), title="R", document_date=timezone.localdate()
        )
    s.final_submit(plan=plan, by=cast.smr, signed_name="Sam")
    client.force_login(auditor)
    # one milestone left unticked: not achieved, below 100 %
    achieved = {f"achieved-{m.pk}": "1" for m in milestones[1:]}
    client.post(_url(plan, "score/"), {**achieved, "results": "One step missing"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.NOT_PASSED and plan.score_pct < 100
    client.force_login(cast.smr)
    assert "Download the Ministry package" not in client.get(_url(plan)).content.decode()


def _approved_acsa(cast):
    plan = _acsa_plan(cast)
    s.proposal_submit(
        plan=plan, by=cast.smr, participants="Ada (COR auditor)", organization_chart="CEO"
    )
    s.plan_approve(plan=plan, by=cast.reviewer)
    return plan


def test_acsa_plan_through_the_pages(acsa, client):
    cast = acsa
    today = timezone.localdate()
    plan = _acsa_plan(cast, weights=((20, 20), (15, 15), (15, 14)))
    client.force_login(cast.smr)
    page = client.get(_url(plan)).content.decode()
    assert "Participants and their training" in page
    # weights total 99, no participants, no chart: every problem named, nothing changed
    _refused(client, _url(plan, "submit-proposal/"), {}, says="100")
    last = Milestone.objects.filter(objective__plan=plan).order_by("pk").last()
    # a weight above 100, or not a number
    for bad in ("101", "abc", "0"):
        _refused(
            client,
            _url(plan, f"milestones/{last.pk}/"),
            {"description": "Drill", "assignee": "Crew", "target_date": today, "weight": bad},
            says="weight",
        )
    saved = client.post(
        _url(plan, f"milestones/{last.pk}/"),
        {
            "description": "Drill",
            "assignee": "Crew leads",
            "target_date": today + timedelta(days=50),
            "deliverable": "Drill log",
            "weight": "15",
        },
    )
    assert saved.status_code == 302
    submitted = client.post(
        _url(plan, "submit-proposal/"),
        {"participants": "Ada (COR auditor training 2024)", "organization_chart": "CEO > Ops"},
    )
    assert submitted.status_code == 302
    # the QA reviewer returns it for amendments (a reason is required), then approves
    client.force_login(cast.reviewer)
    assert "Decision on the proposal" in client.get(_url(plan)).content.decode()
    _refused(client, _url(plan, "return/"), {"reason": ""}, says="Say what to amend")
    assert client.post(_url(plan, "return/"), {"reason": "Objective 2 is vague"}).status_code == 302
    client.force_login(cast.smr)
    page = client.get(_url(plan)).content.decode()
    assert "Objective 2 is vague" in page
    assert (
        client.post(
            _url(plan, "submit-proposal/"),
            {"participants": "Ada (COR auditor training 2024)", "organization_chart": "CEO > Ops"},
        ).status_code
        == 302
    )
    client.force_login(cast.reviewer)
    assert client.post(_url(plan, "approve/")).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    # the employer: deliverables, self-score with partial points, final submission
    client.force_login(cast.smr)
    milestones = list(Milestone.objects.filter(objective__plan=plan).order_by("pk"))
    for m in milestones:
        assert (
            client.post(
                _url(plan, f"milestones/{m.pk}/deliverables/"),
                {"file": _pdf(), "title": "Drill log", "document_date": today},
            ).status_code
            == 302
        )
        client.post(_url(plan, f"milestones/{m.pk}/complete/"), {"completed_on": today})
    objectives = list(plan.objectives.order_by("order"))
    _refused(client, _url(plan, "self-score/"), {f"self-{milestones[0].pk}": "20.01"}, says="20")
    _refused(client, _url(plan, "self-score/"), {f"self-{milestones[0].pk}": "-1"}, says="")
    scores = {f"self-{m.pk}": str(m.weight) for m in milestones}
    scores[f"self-{milestones[0].pk}"] = "10.5"
    notes = {f"notes-{o.pk}": "Two of four drills" for o in objectives}
    assert client.post(_url(plan, "self-score/"), {**scores, **notes}).status_code == 302
    plan.refresh_from_db()
    assert plan.self_score_pct == Decimal("90.50")
    _refused(
        client,
        _url(plan, "submit-final/"),
        {"signed_name": "Sam Smr", "results": ""},
        says="executive summary",
    )
    final = client.post(
        _url(plan, "submit-final/"),
        {"signed_name": "Sam Smr", "results": "Done", "strengths": "Crews", "recommendations": ""},
    )
    assert final.status_code == 302
    # the QA reviewer's score of record: 59.99 % → below 60 %, D19 by December 31
    client.force_login(cast.reviewer)
    page = client.get(_url(plan)).content.decode()
    assert "Assign the score of record" in page
    qa = {f"score-{m.pk}": "0" for m in milestones}
    qa.update({f"score-{milestones[0].pk}": "20", f"score-{milestones[1].pk}": "20"})
    qa.update({f"score-{milestones[2].pk}": "15", f"score-{milestones[3].pk}": "4.99"})
    _refused(client, _url(plan, "score/"), {**qa, f"score-{milestones[4].pk}": "16"}, says="15")
    missing = dict(qa)
    del missing[f"score-{milestones[5].pk}"]
    _refused(client, _url(plan, "score/"), missing, says="missing")
    assert client.post(_url(plan, "score/"), qa).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.score_pct) == (PlanStatus.NOT_PASSED, Decimal("59.99"))
    assert Deadline.objects.filter(kind="D19", subject_id=plan.pk).exists()
    page = client.get(_url(plan)).content.decode()
    assert "Score of record: 59.99 %" in page
    export = client.get(_url(plan, "export/"))
    assert export.status_code == 200 and export["Content-Type"] == "application/zip"


def test_acsa_objective_bounds_through_the_pages(acsa, client):
    cast = acsa
    plan = _acsa_plan(cast, weights=((20, 20), (15, 15), (15, 15)))
    client.force_login(cast.smr)
    objective = plan.objectives.order_by("order").first()
    today = timezone.localdate()
    for _n in range(3):
        client.post(
            _url(plan, f"objectives/{objective.pk}/milestones/"),
            {"description": "x", "assignee": "y", "target_date": today, "weight": "1"},
        )
    assert objective.milestones.count() == 5
    _refused(
        client,
        _url(plan, f"objectives/{objective.pk}/milestones/"),
        {"description": "x", "assignee": "y", "target_date": today, "weight": "1"},
        says="at most 5",
    )
    for n in range(4):
        assert client.post(_url(plan, "objectives/"), {"statement": f"More {n}"}).status_code == 302
    assert plan.objectives.count() == 7
    assert client.post(_url(plan, "objectives/"), {"statement": "Eighth"}).status_code == 302
    # eight objectives: the proposal is refused, naming the bound
    _refused(client, _url(plan, "submit-proposal/"), {}, says="7")


def test_who_sees_and_who_acts(acsa, client):
    cast = acsa
    plan = _approved_acsa(cast)
    client.force_login(cast.outsider)
    assert client.get(_url(plan)).status_code == 404
    _refused(client, _url(plan, "self-score/"), {}, says="", status=404)
    client.force_login(cast.viewer)
    assert client.get(_url(plan)).status_code == 200
    # a viewer sees, but acts on nothing, whatever it sends (403 before the input)
    m = Milestone.objects.filter(objective__plan=plan).first()
    _refused(client, _url(plan, "self-score/"), {f"self-{m.pk}": "999"}, says="", status=403)
    _refused(client, _url(plan, "submit-final/"), {"signed_name": ""}, says="", status=403)
    # the SMR does not score its own plan
    client.force_login(cast.smr)
    _refused(client, _url(plan, "score/"), {f"score-{m.pk}": "1"}, says="", status=403)


def test_page_queries_constant_in_rows(acsa, client, django_assert_max_num_queries):
    cast = acsa
    plan = _acsa_plan(cast)  # 3 objectives of 2 milestones
    client.force_login(cast.smr)
    with django_assert_max_num_queries(40) as few:
        assert client.get(_url(plan)).status_code == 200
    with django_assert_max_num_queries(12) as listed:
        assert client.get("/action-plans/").status_code == 200
    # four more objectives, five milestones each: the same number of queries
    for n in range(4):
        objective = s.objective_save(plan=plan, by=cast.smr, statement=f"More {n}")
        for _ in range(5):
            s.milestone_save(
                objective=objective, by=cast.smr, description="x", assignee="y", weight="1"
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(plan)).status_code == 200
    with django_assert_max_num_queries(len(listed.captured_queries)):
        assert client.get("/action-plans/").status_code == 200
