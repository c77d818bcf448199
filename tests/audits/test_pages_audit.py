"""Employer audit pages: list and start, overview, element page with htmx item saves and the
live score, evidence upload/list/stale flags, sign-off and submission. Every role of the
cast, bad input (clear message, nothing changes), and constant query counts."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.enums import InternalReviewStatus
from audits.models import Audit, Evidence, ItemResponse
from audits.services.audit import evidence_attach
from tests.audits.conftest import PDF, Flow, db_state

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(client, user):
    client.force_login(user)
    return client


# --- who sees what ------------------------------------------------------------------------

# role: (status of the audit page, can fill items, sees submit button)
AUDIT_PAGE = {
    "smr": (200, True, True),
    "internal_auditor": (200, True, False),
    "viewer": (200, False, False),
    "outsider": (404, False, False),
    "auditor": (404, False, False),
    "reviewer": (200, False, False),
    "admin": (200, False, False),
}


@pytest.mark.parametrize("role", AUDIT_PAGE)
def test_audit_pages_per_role(client, flow: Flow, role):
    audit = flow.start()
    user = getattr(flow.cast, role)
    status, can_fill, can_submit = AUDIT_PAGE[role]
    client.force_login(user)
    detail = client.get(reverse("audits:audit_detail", args=[audit.pk]))
    element = client.get(reverse("audits:audit_element", args=[audit.pk, 1]))
    assert detail.status_code == status
    assert element.status_code == status
    if status != 200:
        return
    html = detail.content.decode()
    assert flow.cast.wsib_account.account_number in html
    assert "1. Element 1" in html and "2. Element 2" in html
    assert ("Review and submit" in html) is can_submit
    page = element.content.decode()
    assert "Question 1.1" in page and "Question 1.2" in page and "Question 2.1" not in page
    assert ("Save item 1.1" in page) is can_fill
    assert ("Upload evidence" in page) is can_fill


SAVE_STATUS = {
    "smr": 302,
    "internal_auditor": 302,
    "viewer": 403,
    "outsider": 404,
    "auditor": 404,
    "reviewer": 403,
    "admin": 403,
}


@pytest.mark.parametrize("role", SAVE_STATUS)
def test_item_save_per_role(client, flow: Flow, role):
    audit = flow.start()
    client.force_login(getattr(flow.cast, role))
    response = client.post(
        reverse("audits:response_save", args=[audit.pk, flow.items["1.1"].pk]),
        {"points_earned": "10", "note": ""},
    )
    assert response.status_code == SAVE_STATUS[role]
    saved = ItemResponse.objects.filter(audit=audit).count()
    assert saved == (1 if SAVE_STATUS[role] == 302 else 0)


def test_audit_list_and_start(client, flow: Flow):
    client.force_login(flow.cast.internal_auditor)
    page = client.get(reverse("audits:audit_list"))
    html = page.content.decode()
    assert "Start an initial internal audit" in html
    assert flow.cast.wsib_account.account_number in html
    assert flow.cast.other_wsib_account.account_number not in html
    response = client.post(
        reverse("audits:audit_start"),
        {"wsib_account": flow.cast.wsib_account.pk, "internal_auditor": flow.ia.pk},
    )
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:audit_detail", args=[audit.pk])
    assert (
        audit.internal_review.status == InternalReviewStatus.IN_PROGRESS
        and audit.tool_id == flow.tool.pk
    )
    # A second start is refused with the reason, and nothing is created.
    again = client.post(
        reverse("audits:audit_start"),
        {"wsib_account": flow.cast.wsib_account.pk, "internal_auditor": flow.ia.pk},
    )
    assert again.status_code == 400
    assert "already has an initial internal audit in progress" in again.content.decode()
    assert Audit.objects.count() == 1


def test_viewer_cannot_start(client, flow: Flow):
    client.force_login(flow.cast.viewer)
    assert "Start an initial internal audit" not in (
        client.get(reverse("audits:audit_list")).content.decode()
    )
    response = client.post(
        reverse("audits:audit_start"),
        {"wsib_account": flow.cast.wsib_account.pk, "internal_auditor": flow.ia.pk},
    )
    assert response.status_code == 403
    assert not Audit.objects.exists()


def test_staff_audit_list_goes_to_queue(client, flow: Flow):
    client.force_login(flow.cast.reviewer)
    response = client.get(reverse("audits:audit_list"))
    assert response["Location"] == reverse("audits:review_queue")


# --- filling in ---------------------------------------------------------------------------


def test_htmx_item_save_returns_row_and_live_score(client, flow: Flow):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    url = reverse("audits:response_save", args=[audit.pk, flow.items["1.1"].pk])
    response = client.post(url, {"points_earned": "10", "note": "Policy signed"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="item-{flow.items["1.1"].pk}"' in html
    assert "Item 1.1 saved." in html
    assert 'hx-swap-oob="true"' in html
    assert 'data-testid="overall-pct">100.00<' in html
    assert 'data-testid="element-pct">100.00<' in html
    response = client.post(
        reverse("audits:response_save", args=[audit.pk, flow.items["1.2"].pk]),
        {"points_earned": "3"},
        **HTMX,
    )
    html = response.content.decode()
    # 13 / 20 = 65 % for element 1 and overall.
    assert 'data-testid="overall-pct">65.00<' in html
    assert "Overall score 65.00 % is below the required 80.00 %." in html
    r = ItemResponse.objects.get(audit=audit, item=flow.items["1.1"])
    assert (r.points_earned, r.not_applicable, r.note) == (10, False, "Policy signed")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"points_earned": "11"}, "1.1"),
        ({"points_earned": "-1"}, "greater than or equal to 0"),
        ({"points_earned": "abc"}, "Enter a whole number"),
        ({"not_applicable": "1", "note": ""}, "note"),
        ({"note": "nothing"}, "Choose the points earned, or mark the item not applicable."),
    ],
)
def test_bad_item_input_shows_message_and_changes_nothing(client, flow: Flow, data, message):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    before = db_state()
    url = reverse("audits:response_save", args=[audit.pk, flow.items["1.1"].pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    htmx = client.post(url, data, **HTMX)
    assert message in htmx.content.decode()
    assert 'role="alert"' in htmx.content.decode()
    assert db_state() == before


def test_item_of_another_tool_is_404(client, flow: Flow):
    from tests.audits.conftest import make_tool

    audit = flow.start()
    _tool, other_items = make_tool(name="Other", version="9")
    client.force_login(flow.cast.internal_auditor)
    response = client.post(
        reverse("audits:response_save", args=[audit.pk, other_items["1.1"].pk]),
        {"points_earned": "1"},
    )
    assert response.status_code == 404


# --- evidence -----------------------------------------------------------------------------


def test_evidence_upload_list_and_stale_flag(client, flow: Flow):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    today = timezone.localdate()
    response = client.post(
        reverse("audits:evidence_upload", args=[audit.pk]),
        {
            "item": flow.items["1.1"].pk,
            "document_date": (today - timedelta(days=30)).isoformat(),
            "file": SimpleUploadedFile("policy.pdf", PDF),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.item_id == flow.items["1.1"].pk
    evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("old-minutes.pdf", PDF),
        document_date=today - timedelta(days=400),
        by=flow.cast.internal_auditor,
    )
    html = client.get(reverse("audits:audit_element", args=[audit.pk, 1])).content.decode()
    assert "policy.pdf" in html and "old-minutes.pdf" in html
    assert reverse("audits:evidence_download", args=[evidence.pk]) in html
    assert html.count("Older than 12 months") == 1
    assert "old-minutes.pdf (item 1.1) is dated" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"document_date": ""}, "Document date: This field is required."),
        ({"document_date": "2999-01-01"}, "The document date cannot be in the future."),
        ({"file": "exe"}, "type"),
    ],
)
def test_bad_evidence_is_refused(client, flow: Flow, data, message):
    audit = flow.start()
    client.force_login(flow.cast.internal_auditor)
    before = db_state()
    payload = {
        "item": flow.items["1.1"].pk,
        "document_date": date.today().isoformat(),
        "file": SimpleUploadedFile("policy.pdf", PDF),
    }
    payload.update(data)
    if payload["file"] == "exe":
        payload["file"] = SimpleUploadedFile("tool.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(reverse("audits:evidence_upload", args=[audit.pk]), payload, follow=True)
    assert message in response.content.decode()
    assert db_state() == before


def test_evidence_remove(client, flow: Flow):
    audit = flow.start()
    evidence = evidence_attach(
        audit=audit,
        item=flow.items["1.1"],
        uploaded_file=SimpleUploadedFile("policy.pdf", PDF),
        document_date=timezone.localdate(),
        by=flow.cast.internal_auditor,
    )
    url = reverse("audits:evidence_remove", args=[evidence.pk])
    client.force_login(flow.cast.viewer)
    assert client.post(url, {"confirm": "1"}).status_code == 403
    client.force_login(flow.cast.outsider)
    assert client.post(url, {"confirm": "1"}).status_code == 404
    client.force_login(flow.cast.smr)
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "policy.pdf was removed." in response.content.decode()
    assert not Evidence.objects.exists()


# --- submit -------------------------------------------------------------------------------


def test_submit_page_lists_every_blocking_problem(client, flow: Flow):
    audit = flow.start()
    flow.answer(audit, {"1.2": None})
    ItemResponse.objects.filter(audit=audit, item=flow.items["2.2"]).delete()
    ItemResponse.objects.filter(audit=audit, item=flow.items["1.2"]).update(note="x")
    evidence_attach(
        audit=audit,
        item=flow.items["2.1"],
        uploaded_file=SimpleUploadedFile("old.pdf", PDF),
        document_date=timezone.localdate() - timedelta(days=800),
        by=flow.cast.internal_auditor,
    )
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_submit", args=[audit.pk])).content.decode()
    assert "Item 2.2: not answered yet" in html
    assert "old.pdf (item 2.1) is dated" in html
    assert "2 problems block submission" in html
    before = db_state()
    response = client.post(reverse("audits:audit_submit", args=[audit.pk]), {"sign_off": "1"})
    assert response.status_code == 400
    assert "Item 2.2: not answered yet" in response.content.decode()
    assert db_state() == before


def test_submit_needs_sign_off_and_then_submits(client, flow: Flow):
    audit = flow.start()
    flow.answer(audit)
    client.force_login(flow.cast.smr)
    before = db_state()
    response = client.post(reverse("audits:audit_submit", args=[audit.pk]), {})
    assert response.status_code == 400
    assert "Tick the sign-off" in response.content.decode()
    assert db_state() == before
    response = client.post(
        reverse("audits:audit_submit", args=[audit.pk]), {"sign_off": "1"}, follow=True
    )
    audit.refresh_from_db()
    assert audit.internal_review.status == InternalReviewStatus.SUBMITTED
    assert audit.internal_review.received_on == timezone.localdate()
    html = response.content.decode()
    assert f"received on {audit.internal_review.received_on.isoformat()}" in html
    assert "submitted" in html  # history shows the transition
    # Submitting twice: a clear message, nothing changes.
    before = db_state()
    again = client.post(reverse("audits:audit_submit", args=[audit.pk]), {"sign_off": "1"})
    assert again.status_code == 400
    assert "already submitted" in again.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("role, status", [("internal_auditor", 403), ("viewer", 403)])
def test_only_smr_submits(client, flow: Flow, role, status):
    audit = flow.start()
    flow.answer(audit)
    client.force_login(getattr(flow.cast, role))
    page = client.get(reverse("audits:audit_submit", args=[audit.pk])).content.decode()
    assert "Submit audit" not in page
    assert "Only the Senior Management Representative" in page
    before = db_state()
    response = client.post(reverse("audits:audit_submit", args=[audit.pk]), {"sign_off": "1"})
    assert response.status_code == status
    assert db_state() == before


def test_viewer_sees_values_read_only(client, flow: Flow):
    audit = flow.start()
    flow.answer(audit, {"1.2": 4})
    client.force_login(flow.cast.viewer)
    html = client.get(reverse("audits:audit_element", args=[audit.pk, 1])).content.decode()
    assert "4 / 10" in html and 'name="points_earned"' not in html


# --- constant queries ---------------------------------------------------------------------


def _grow(flow: Flow, audit: Audit, n: int) -> None:
    for i in range(n):
        evidence_attach(
            audit=audit,
            item=flow.items["1.1"],
            uploaded_file=SimpleUploadedFile(f"e{i}.pdf", PDF),
            document_date=timezone.localdate(),
            by=flow.cast.internal_auditor,
        )


def test_audit_pages_queries_constant(client, flow: Flow, django_assert_max_num_queries):
    audit = flow.start()
    flow.answer(audit)
    client.force_login(flow.cast.smr)
    _grow(flow, audit, 2)
    urls = [
        reverse("audits:audit_detail", args=[audit.pk]),
        reverse("audits:audit_element", args=[audit.pk, 1]),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        small.append(len(ctx.captured_queries))
    _grow(flow, audit, 20)
    for url, count in zip(urls, small, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


# --- home page ----------------------------------------------------------------------------


def test_home_sections(client, flow: Flow):
    audit = flow.start()
    client.force_login(flow.cast.smr)
    html = client.get(reverse("home")).content.decode()
    assert (
        f"Internal audit of WSIB account {flow.cast.wsib_account.account_number} is in progress"
        in html
    )
    flow.answer(audit)
    from audits.services.audit import audit_submit

    audit_submit(audit=audit, by=flow.cast.smr, signed_off=True)
    client.force_login(flow.cast.reviewer)
    html = client.get(reverse("home")).content.decode()
    audit.refresh_from_db()
    due = (audit.internal_review.received_on + timedelta(days=60)).isoformat()
    assert f"WSIB account {flow.cast.wsib_account.account_number}: pre-assess" in html
    assert f"review due {due} (60 days left)" in html
    client.force_login(flow.cast.outsider)
    html = client.get(reverse("home")).content.decode()
    assert flow.cast.wsib_account.account_number not in html


def test_audit_pages_queries_constant_as_items_grow(
    client, flow: Flow, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audits.models import Item

    audit = flow.start()
    flow.answer(audit)
    client.force_login(flow.cast.internal_auditor)
    urls = [
        reverse("audits:audit_detail", args=[audit.pk]),
        reverse("audits:audit_element", args=[audit.pk, 1]),
        reverse("audits:audit_submit", args=[audit.pk]),
    ]
    small = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        small.append(len(ctx.captured_queries))
    sub = flow.items["1.1"].sub_section
    for n in range(3, 30):
        Item.objects.create(
            tool=flow.tool,
            sub_section=sub,
            number=f"1.{n}",
            text=f"Question 1.{n}",
            points=5,
            by_documentation=True,
            order=100 + n,
        )
    assert Item.objects.filter(tool=flow.tool).count() == 31
    for url, count in zip(urls, small, strict=True):
        with django_assert_max_num_queries(count):
            html = client.get(url).content.decode()
        assert "1.29" in html or url == urls[0]


def test_audit_level_evidence_listed_with_stale_flag(client, flow: Flow):
    audit = flow.start()
    evidence_attach(
        audit=audit,
        item=None,
        uploaded_file=SimpleUploadedFile("org-chart.pdf", PDF),
        document_date=timezone.localdate() - timedelta(days=500),
        by=flow.cast.internal_auditor,
    )
    client.force_login(flow.cast.viewer)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    assert "Evidence for the whole audit" in html
    assert "org-chart.pdf" in html and "Older than 12 months" in html


def test_history_shows_the_audit_and_its_internal_review_in_words(client, flow: Flow):
    audit = flow.accepted()
    client.force_login(flow.cast.smr)
    html = client.get(reverse("audits:audit_detail", args=[audit.pk])).content.decode()
    for words in (
        "Audit started",
        "Item answered",
        "Signed off and submitted",
        "In progress → Submitted",
        "Accepted at pre-assessment",
        "Submitted → Accepted at pre-assessment",
    ):
        assert words in html, words
    assert "in_progress" not in html and "pre_assessment_accepted" not in html
