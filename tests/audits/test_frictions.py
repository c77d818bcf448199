"""Workflow frictions of issue 8 item 4, asserted on page content (Django test client)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.enums import AuditAction
from audits.models import Evidence
from audits.services.audit import evidence_attach
from cor_portal.history.models import HistoryEntry
from cor_portal.notifications.models import InboxMessage
from tests.audits.conftest import PDF, Flow, db_state, qa_cleared

pytestmark = pytest.mark.django_db


def _answer_one(flow: Flow, audit, number="1.2", points=10):
    from audits.services.audit import response_save

    response_save(
        audit=audit,
        item=flow.items[number],
        points_earned=points,
        not_applicable=False,
        note="",
        by=flow.cast.internal_auditor,
    )


# --- internal auditor ---------------------------------------------------------------------


def test_live_score_says_how_many_items_are_answered(client, flow: Flow):
    audit = flow.start()
    _answer_one(flow, audit)
    client.force_login(flow.cast.internal_auditor)
    html = client.get(reverse("audits:audit_element", args=[audit.pk, 1])).content.decode()
    assert "1</span> of 4 items answered" in html
    assert '<progress class="completion" max="4" value="1"' in html
    assert "Overall, over the answered items" in html
    assert "Not final: the score counts only the items answered so far." in html


def test_last_element_offers_review_and_submit_and_every_element_is_reachable(client, flow):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    first = client.get(reverse("audits:audit_element", args=[audit.pk, 1])).content.decode()
    last = client.get(reverse("audits:audit_element", args=[audit.pk, 2])).content.decode()
    submit_url = reverse("audits:audit_submit", args=[audit.pk])
    assert f'href="{submit_url}" data-testid="review-and-submit"' not in first
    assert f'href="{submit_url}" data-testid="review-and-submit"' in last
    # The jump list links every other element from each page.
    assert reverse("audits:audit_element", args=[audit.pk, 2]) in first
    assert reverse("audits:audit_element", args=[audit.pk, 1]) in last
    assert 'aria-current="page">2. Element 2' in last
    # A viewer cannot submit: no next step to the submit page.
    client.force_login(flow.cast.viewer)
    viewer = client.get(reverse("audits:audit_element", args=[audit.pk, 2])).content.decode()
    assert "review-and-submit" not in viewer


def test_old_evidence_is_warned_about_in_words_at_upload(client, flow: Flow):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    old = timezone.localdate() - timedelta(days=400)
    response = client.post(
        reverse("audits:evidence_upload", args=[audit.pk]),
        {
            "item": flow.items["1.1"].pk,
            "document_date": old.isoformat(),
            "file": SimpleUploadedFile("old.pdf", PDF),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "old.pdf was attached, but it will not count" in html
    assert "more than 12 months before" in html
    assert "Upload a newer document" in html
    # A recent file is simply attached.
    response = client.post(
        reverse("audits:evidence_upload", args=[audit.pk]),
        {
            "item": flow.items["1.1"].pk,
            "document_date": timezone.localdate().isoformat(),
            "file": SimpleUploadedFile("new.pdf", PDF),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "new.pdf was attached." in html and "new.pdf was attached, but" not in html


def test_removing_evidence_asks_for_confirmation(client, flow: Flow):
    audit = flow.start()
    evidence = evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("policy.pdf", PDF),
        document_date=timezone.localdate(),
        by=flow.cast.internal_auditor,
    )
    url = reverse("audits:evidence_remove", args=[evidence.pk])
    client.force_login(flow.cast.internal_auditor)
    element = client.get(reverse("audits:audit_element", args=[audit.pk, 1])).content.decode()
    assert f'<a href="{url}">Remove policy.pdf</a>' in element
    page = client.get(url)
    assert page.status_code == 200
    assert "Remove policy.pdf?" in page.content.decode()
    assert 'name="confirm"' in page.content.decode()
    # A POST without the confirmation removes nothing and asks again.
    before = db_state()
    again = client.post(url)
    assert again.status_code == 400 and "Remove policy.pdf?" in again.content.decode()
    assert db_state() == before
    done = client.post(url, {"confirm": "1"}, follow=True)
    assert "policy.pdf was removed." in done.content.decode()
    assert not Evidence.objects.exists()


def test_viewer_gets_no_removal_confirm_page(client, flow: Flow):
    audit = flow.start()
    evidence = evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("policy.pdf", PDF),
        document_date=timezone.localdate(),
        by=flow.cast.internal_auditor,
    )
    client.force_login(flow.cast.viewer)
    assert client.get(reverse("audits:evidence_remove", args=[evidence.pk])).status_code == 403


def test_internal_auditor_tells_the_smr_the_audit_is_ready(client, flow: Flow):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    url = reverse("audits:ready_for_sign_off", args=[audit.pk])
    # Not complete yet: refused in words, nothing recorded, nobody told.
    page = client.get(reverse("audits:audit_submit", args=[audit.pk])).content.decode()
    assert "Tell the SMR it is ready for sign-off" not in page
    before = db_state()
    refused = client.post(url, follow=True).content.decode()
    assert "not answered yet" in refused
    assert db_state() == before
    flow.answer(audit)
    page = client.get(reverse("audits:audit_submit", args=[audit.pk])).content.decode()
    assert "Tell the SMR it is ready for sign-off" in page
    response = client.post(url, follow=True)
    assert "The SMR was told the audit is ready for sign-off." in response.content.decode()
    message = InboxMessage.objects.get(kind="audit_ready_for_sign_off")
    assert message.user == flow.cast.smr
    assert "ready for your sign-off" in message.subject
    assert message.url == reverse("audits:audit_submit", args=[audit.pk])
    assert HistoryEntry.objects.filter(action=AuditAction.READY_FOR_SIGN_OFF).count() == 1


def test_viewer_cannot_say_ready_for_sign_off(client, flow: Flow):
    audit = flow.start()
    flow.answer(audit)
    client.force_login(flow.cast.viewer)
    before = db_state()
    response = client.post(reverse("audits:ready_for_sign_off", args=[audit.pk]))
    assert response.status_code == 403
    assert db_state() == before


# --- SMR ----------------------------------------------------------------------------------


def test_blocking_problems_link_to_their_items_and_submit_is_disabled(client, flow: Flow):
    audit = flow.start()
    _answer_one(flow, audit, "1.2")
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_submit", args=[audit.pk])).content.decode()
    element_1 = reverse("audits:audit_element", args=[audit.pk, 1])
    element_2 = reverse("audits:audit_element", args=[audit.pk, 2])
    assert f'<a href="{element_1}#item-{flow.items["1.1"].pk}">Item 1.1: not answered yet' in html
    assert f'<a href="{element_2}#item-{flow.items["2.2"].pk}">Item 2.2: not answered yet' in html
    assert "3 problems block submission" in html
    assert 'type="submit" disabled' in html


def test_submit_without_the_tick_keeps_every_problem(client, flow: Flow):
    audit = flow.start()
    _answer_one(flow, audit, "1.2")
    client.force_login(flow.cast.smr)
    before = db_state()
    response = client.post(reverse("audits:audit_submit", args=[audit.pk]), {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "4 problems block submission" in html
    assert "Item 1.1: not answered yet" in html and "Item 2.2: not answered yet" in html
    assert "Tick the sign-off" in html
    assert db_state() == before


def test_complete_audit_without_the_tick_has_the_button_enabled(client, flow: Flow):
    audit = flow.start()
    flow.answer(audit)
    client.force_login(flow.cast.smr)
    html = client.post(reverse("audits:audit_submit", args=[audit.pk]), {}).content.decode()
    assert "1 problem blocks submission" in html and "Tick the sign-off" in html
    assert 'type="submit" disabled' not in html


def test_submitted_audit_is_not_headed_score_so_far(client, flow: Flow):
    audit = flow.submitted()
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Score so far" not in html
    assert "Declared score" in html


def test_not_confirmed_review_shows_the_reviewers_outcome_first(client, flow: Flow):
    completion = flow.reviewed(reviewer_points={"1.1": 5})
    audit = completion.audit
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "The desk review did not confirm the benchmarks." in html
    assert "Legislated item 1.1 (element 1) scored 50.00 %" in html
    assert "Every benchmark is met." not in html
    outcome = html.index("Reviewer's outcome")
    assert outcome < html.index("Score declared by the employer")
    assert outcome < html.index('id="facts-heading"')


# --- reviewer -----------------------------------------------------------------------------


def test_desk_review_element_shows_employer_evidence_and_a_live_reviewer_score(client, flow):
    from audits.services.audit import audit_submit
    from audits.services.review import pre_assessment_record, reviewer_assign

    audit = flow.start()
    flow.answer(audit)
    evidence = evidence_attach(
        audit=audit,
        item=flow.items["1.2"],
        uploaded_file=SimpleUploadedFile("minutes.pdf", PDF),
        document_date=timezone.localdate(),
        by=flow.cast.internal_auditor,
    )
    audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    pre_assessment_record(
        audit=audit, by=flow.cast.reviewer, complete=True, declared_score_meets_benchmarks=True
    )
    reviewer_assign(audit=audit, reviewer=flow.cast.reviewer, by=flow.cast.admin)
    client.force_login(flow.cast.reviewer)
    url = reverse("audits:desk_review_element", args=[audit.pk, 1])
    html = client.get(url).content.decode()
    download = reverse("audits:evidence_download", args=[evidence.pk])
    assert f'<a href="{download}">minutes.pdf</a>' in html
    assert 'data-testid="reviewer-live-overall">100.00<' in html
    response = client.post(
        reverse("audits:review_item_save", args=[audit.pk, flow.items["1.1"].pk]),
        {"points_earned": "5", "note": "Half"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    # The htmx answer refreshes the reviewer's score out of band.
    assert 'id="reviewer-score"' in html and 'hx-swap-oob="true"' in html
    assert 'data-testid="reviewer-live-overall">87.50<' in html
    assert 'data-testid="reviewer-live-element">75.00<' in html
    assert "Legislated item 1.1 (element 1) scored 50.00 %" in html


def test_review_queue_has_an_action_column(client, flow: Flow):
    submitted = flow.submitted()
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("audits:review_queue")).content.decode()
    assert '<th scope="col">Next step</th>' in html
    detail = reverse("audits:audit_detail", args=[submitted.pk])
    assert f'<a class="button" href="{detail}#pre-heading">Pre-assess</a>' in html


def test_review_queue_action_follows_the_state(client, flow: Flow):
    audit = flow.under_review()
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("audits:review_queue")).content.decode()
    desk = reverse("audits:desk_review", args=[audit.pk])
    assert f'<a class="button" href="{desk}">Do the desk review</a>' in html


def test_pre_assessment_has_two_explicit_buttons(client, flow: Flow):
    audit = flow.submitted()
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert 'name="decision" value="accept">Accept for desk review</button>' in html
    assert 'name="decision" value="return" class="secondary">Return with reasons</button>' in html
    assert "Record pre-assessment" not in html
    before = db_state()
    # A return must say what is wrong; no decision at all is refused too.
    refused = client.post(
        reverse("audits:pre_assess", args=[audit.pk]),
        {"decision": "return", "reasons": "Scores wrong"},
        follow=True,
    ).content.decode()
    assert "To return the audit, tick what is wrong" in refused
    refused = client.post(reverse("audits:pre_assess", args=[audit.pk]), {}, follow=True)
    assert "Choose: accept the audit, or return it with reasons." in refused.content.decode()
    assert db_state() == before
    client.post(
        reverse("audits:pre_assess", args=[audit.pk]),
        {"decision": "return", "incomplete": "on", "reasons": "Element 2 is missing."},
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == "returned"
    assessment = audit.internal_review.pre_assessments.get()
    assert assessment.complete is False and assessment.declared_score_meets_benchmarks is True


def test_findings_can_be_added_and_removed(client, flow: Flow):
    audit = flow.under_review()
    client.force_login(flow.cast.reviewer)
    url = reverse("audits:review_complete", args=[audit.pk])
    page = client.get(reverse("audits:desk_review", args=[audit.pk])).content.decode()
    assert page.count('data-testid="finding-row"') == 1
    before = db_state()
    added = client.post(
        url, {"finding_1_text": "First", "finding_1_item": "1.2", "add_finding": "1"}
    ).content.decode()
    assert added.count('data-testid="finding-row"') == 2
    assert ">First</textarea>" in added and 'value="1.2"' in added
    removed = client.post(
        url,
        {
            "finding_1_text": "First",
            "finding_2_text": "Second",
            "remove_finding": "1",
        },
    ).content.decode()
    assert removed.count('data-testid="finding-row"') == 1
    assert ">Second</textarea>" in removed and ">First</textarea>" not in removed
    assert db_state() == before
    qa_cleared(audit, by=flow.cast.admin)
    # Seven findings: more than the five slots there used to be.
    data = {f"finding_{n}_text": f"Concern {n}" for n in range(1, 8)}
    client.post(url, {**data, "confirm": "1"})
    from audits.models import ReviewFinding

    assert ReviewFinding.objects.count() == 7


def test_completing_the_review_asks_for_confirmation(client, flow: Flow):
    audit = flow.under_review()
    client.force_login(flow.cast.reviewer)
    url = reverse("audits:review_complete", args=[audit.pk])
    before = db_state()
    preview = client.post(
        url, {"finding_1_text": "Binder out of date", "finding_1_item": "1.1", "summary": "Ok"}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Complete the review?" in html and "Benchmarks confirmed" in html
    assert "Item 1.1: Binder out of date" in html
    assert 'name="confirm" value="1"' in html
    assert db_state() == before
    # Going back keeps what was typed.
    back = client.post(
        url, {"finding_1_text": "Binder out of date", "finding_1_item": "1.1", "edit": "1"}
    ).content.decode()
    assert ">Binder out of date</textarea>" in back
    assert db_state() == before
    qa_cleared(audit, by=flow.cast.admin)
    client.post(
        url,
        {
            "finding_1_text": "Binder out of date",
            "finding_1_item": "1.1",
            "summary": "Ok",
            "confirm": "1",
        },
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == "confirmed"


# --- homes --------------------------------------------------------------------------------


def test_viewer_home_says_what_they_may_see(client, flow: Flow):
    flow.start()
    client.force_login(flow.cast.viewer)
    html = client.get(reverse("home")).content.decode()
    assert "fill it in and submit it" not in html
    assert "Complete and submit" not in html
    assert "You are a viewer of your organization" in html
    assert "you may read its items, scores and evidence" in html
    # The internal auditor still gets the to-do.
    client.force_login(flow.cast.internal_auditor)
    html = client.get(reverse("home")).content.decode()
    assert "fill it in and submit it" in html
    assert "You are a viewer" not in html


@pytest.mark.parametrize(
    "role, text",
    [
        ("lead_auditor", "As lead auditor you approve SOSE action plans"),
        ("program_manager", "As program manager you decide level-2 appeals"),
        ("program_director", "As program director you make the final (level-3) decision"),
        ("external_auditor", "Open External audits to accept or decline an engagement"),
    ],
)
def test_each_staff_role_home_says_what_it_is_for(client, db, role, text):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=role))
    html = client.get(reverse("home")).content.decode()
    assert "Your role" in html
    assert text in html
    if role != "external_auditor":
        assert "not in the portal yet" in html


def test_reviewer_home_has_no_role_paragraph(client, flow: Flow):
    client.force_login(flow.cast.reviewer)
    assert "Your role" not in client.get(reverse("home")).content.decode()


def test_external_auditor_audits_page_is_their_engagements(client, flow: Flow):
    client.force_login(flow.cast.auditor)
    response = client.get(reverse("audits:audit_list"))
    assert response.status_code == 302 and response["Location"] == reverse("audits:engagement_list")
    html = client.get(reverse("audits:engagement_list")).content.decode()
    assert "Your engagements" in html


# --- CAP, demo inbox, start list ----------------------------------------------------------


def test_cap_page_shows_deficiency_text_whole(client, flow: Flow):
    plan = flow.reviewed(reviewer_points={"1.1": 5}).plan
    item = plan.items.get(order=1)
    assert len(item.description) > 60  # the old cut fell inside it
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:cap_detail", args=[plan.pk])).content.decode()
    assert f"Action 1 ({item.description}) needs an owner and a target date." in html


def test_demo_inbox_review_due_date_agrees_with_d1(db):
    from io import StringIO

    from django.core.management import call_command

    from audits.models import Audit
    from cor_portal.deadlines.models import Deadline

    call_command("seed_demo", stdout=StringIO())
    audit = Audit.objects.get(wsib_account__account_number="4810014")
    d1 = Deadline.objects.get(kind="D1", subject_id=str(audit.pk), state=Deadline.State.OPEN)
    url = reverse("audits:audit_detail", args=[audit.pk])
    messages = list(InboxMessage.objects.filter(url=url, body__contains="due"))
    assert messages
    stale = (timezone.localdate() + timedelta(days=60)).isoformat()
    for message in messages:
        assert stale not in message.body
    assert any(d1.due_on.isoformat() in m.body for m in messages)
    received = audit.internal_review.received_on.isoformat()
    assert any(received in m.body for m in messages if "submitted" in m.body)


def test_start_list_says_why_an_account_or_auditor_cannot_be_chosen(client, db):
    from datetime import date

    from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION, EmploymentStatus
    from certification.models import CodeOfEthicsSignature, Person, TrainingRecord
    from tests.audits.conftest import make_ready, make_tool
    from tests.factories import WsibAccountFactory, make_cast

    cast = make_cast()
    make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    unregistered = WsibAccountFactory(organization=cast.organization, account_number="7777777")
    rookie = Person.objects.create(
        organization=cast.organization,
        first_name="Rob",
        last_name="Rookie",
        is_internal_auditor=True,
        employment_status=EmploymentStatus.PERMANENT_FULL_TIME,
    )
    TrainingRecord.objects.create(
        person=rookie, course="cor_essentials", completed_on=date(2025, 3, 1)
    )
    CodeOfEthicsSignature.objects.create(
        person=rookie,
        signed_name=str(rookie),
        version=CODE_OF_ETHICS_CURRENT_VERSION,
    )
    client.force_login(cast.smr)
    html = client.get(reverse("audits:audit_list")).content.decode()
    assert f'<option value="{unregistered.pk}" disabled>7777777' in html
    assert "7777777 cannot be chosen:" in html
    assert f'<option value="{rookie.pk}" disabled>' in html
    assert "Rob Rookie cannot be chosen: still needs:" in html
    assert f'<option value="{ia.pk}">' in html
    assert f'<option value="{cast.wsib_account.pk}">' in html
    # Posting a blocked choice anyway: the same reason, nothing changes.
    before = db_state()
    response = client.post(
        reverse("audits:audit_start"),
        {"wsib_account": cast.wsib_account.pk, "internal_auditor": rookie.pk},
    )
    assert response.status_code == 400
    assert "still needs:" in response.content.decode()
    assert db_state() == before
