"""The appeal pages (appeals/views.py) over the services: what each page says (due dates with
their weekday and the rule derived from the holidays in the window, days left, the queues,
the board's order, every form version), bad input through the pages that changes nothing,
and query counts that do not grow with the number of appeals.

The report was received Monday 2026-03-30 (tests/appeals/conftest.py): Good Friday (April 3)
falls inside every window opened that week."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from appeals.enums import AppealStatus, DecisionKind, Verdict
from appeals.models import Appeal, AppealSignature, AppealStage
from appeals.services import appeal_decide, appeal_file
from audits.enums import EngagementStatus
from audits.models import Evidence, ExternalEngagement
from cor_portal.deadlines.models import ClosureDate, Deadline
from cor_portal.documents.models import GeneratedDocument
from cor_portal.history.models import HistoryEntry
from tests.factories import WsibAccountFactory

from .conftest import RECEIVED, add_evidence, noon

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(failed, ext):
    """The failed report with two pieces of evidence in its external audit."""
    add_evidence(failed, ext.flow.items, ext.auditor.user)
    return failed


def _state():
    return (
        Appeal.objects.count(),
        AppealStage.objects.filter(acknowledged_on__isnull=False).count(),
        AppealStage.objects.filter(decided_on__isnull=False).count(),
        AppealStage.objects.count(),
        AppealSignature.objects.count(),
        Deadline.objects.filter(kind__in=["D14", "D15", "D16", "D17"]).count(),
        HistoryEntry.objects.count(),
    )


def _client(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


def _file_url(engagement) -> str:
    return f"/appeals/file/{DecisionKind.EXTERNAL_REPORT}/{engagement.pk}/"


def _evidence(engagement) -> list[int]:
    return list(Evidence.objects.filter(audit=engagement.audit).values_list("pk", flat=True))


def _filed(ext, failed, day=date(2026, 3, 31)):
    with time_machine.travel(noon(day), tick=False):
        return appeal_file(
            kind=DecisionKind.EXTERNAL_REPORT,
            decision=failed,
            by=ext.cast.smr,
            grounds="Item 1.1 was scored against evidence we did give.",
            attachments=_evidence(failed),
        )


def test_smr_sees_the_report_to_appeal_with_its_window(client, ext, failed):
    _client(client, ext.cast.smr)
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        page = _text(client.get("/appeals/"))
    assert "Reports you may appeal" in page
    assert _file_url(failed) in page
    # Received Mon Mar 30; five business days, Good Friday not counted: Tue Apr 7.
    assert "Tuesday, 7 Apr 2026" in page
    assert "5 business days: Good Friday is not counted" in page
    assert "4 business days left" in page
    # The day after the window closed, the report is no longer offered.
    with time_machine.travel(noon(date(2026, 4, 8)), tick=False):
        assert _file_url(failed) not in _text(client.get("/appeals/"))


def test_file_through_the_page(client, ext, failed, django_capture_on_commit_callbacks):
    _client(client, ext.cast.smr)
    evidence = _evidence(failed)
    assert evidence, "the audit has evidence to refer to"
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        form = _text(client.get(_file_url(failed)))
        assert "Audit evidence you refer to" in form
        assert "Good Friday is not counted" in form
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _file_url(failed),
                {"grounds": "Item 1.1 was scored wrongly.", "attachments": evidence[:1]},
            )
        appeal = Appeal.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/appeals/{appeal.pk}/"
        page = _text(client.get(response["Location"]))
    assert appeal.attachments.count() == 1
    assert "Level 1: the COR auditor" in page
    assert "Filed, awaiting acknowledgement" in page
    assert "Item 1.1 was scored wrongly." in page
    # Filed Tue Mar 31: acknowledged by Thu Apr 2 (no holiday inside), decided by Wed Apr 8.
    assert "Thursday, 2 Apr 2026" in page
    assert "2 business days (weekends are not counted)" in page
    assert "Wednesday, 8 Apr 2026" in page
    assert "5 business days: Good Friday is not counted" in page
    form = GeneratedDocument.objects.get(kind="appeal_form")
    assert f"/appeals/{appeal.pk}/forms/{form.pk}.pdf" in page
    assert f"/verify/{form.verification_code}/" in page


@pytest.mark.parametrize(
    "post, message",
    [
        ({"grounds": ""}, "State the grounds of the appeal."),
        ({"grounds": "x", "attachments": ["999999"]}, "not evidence of this audit"),
        ({"grounds": "x", "attachments": ["abc"]}, "Attachments are evidence ids."),
    ],
)
def test_bad_filings_change_nothing(client, ext, failed, post, message):
    _client(client, ext.cast.smr)
    before = _state()
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        response = client.post(_file_url(failed), post)
    assert response.status_code == 400
    assert message in _text(response)
    assert "The appeal was not filed" in _text(response)
    assert _state() == before


def test_new_evidence_is_refused_with_the_reason(client, ext, failed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import SAMPLE_PDF

    _client(client, ext.cast.smr)
    before = (_state(), Evidence.objects.count())
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        response = client.post(
            _file_url(failed),
            {
                "grounds": "See the new document.",
                "new_evidence": SimpleUploadedFile("n.pdf", SAMPLE_PDF),
            },
        )
    assert response.status_code == 400
    assert "New evidence cannot be added to an appeal" in _text(response)
    assert (_state(), Evidence.objects.count()) == before


def test_filing_after_the_window_and_twice_is_refused(client, ext, failed):
    _client(client, ext.cast.smr)
    before = _state()
    with time_machine.travel(noon(date(2026, 4, 8)), tick=False):
        response = client.post(_file_url(failed), {"grounds": "Late"})
    assert response.status_code == 400
    assert "The window to appeal closed on Tuesday, 7 Apr 2026" in _text(response)
    assert _state() == before
    appeal = _filed(ext, failed)
    before = _state()
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        response = client.post(_file_url(failed), {"grounds": "Again"})
    assert response.status_code == 400
    assert f"already appealed (appeal {appeal.number})" in _text(response)
    assert _state() == before


def test_only_the_smr_files_and_others_are_refused(client, ext, failed):
    before = _state()
    for user, expected in [
        (ext.cast.viewer, 403),
        (ext.cast.outsider, 404),
        (ext.auditor.user, 403),
    ]:
        client.force_login(user)
        with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
            assert client.post(_file_url(failed), {"grounds": "x"}).status_code == expected
    assert client.get("/appeals/file/nonsense/1/").status_code == 404
    assert _state() == before


def test_an_initial_internal_audit_is_not_offered_and_refused(client, ext):
    completion = ext.flow.reviewed(points={"1.1": 5})
    review = completion.audit.internal_review
    _client(client, ext.cast.smr)
    url = f"/appeals/file/{DecisionKind.INTERNAL_REVIEW}/{review.pk}/"
    assert url not in _text(client.get("/appeals/"))
    before = _state()
    response = client.post(url, {"grounds": "x"})
    assert response.status_code == 400
    assert "initial internal audit (first cycle, first audit) cannot be appealed" in _text(response)
    assert _state() == before


def test_the_auditor_acknowledges_and_decides_from_the_queue(client, ext, failed):
    appeal = _filed(ext, failed)
    _client(client, ext.auditor.user)
    with time_machine.travel(noon(date(2026, 4, 1)), tick=False):
        queue = _text(client.get("/appeals/"))
        assert "Appeals for you to acknowledge and decide" in queue
        assert appeal.number in queue
        assert "Thursday, 2 Apr 2026" in queue and "1 business day left" in queue
        page = _text(client.get(f"/appeals/{appeal.pk}/"))
        assert "Acknowledge the appeal" in page and "Decide the appeal" in page
        assert "Mutually satisfactory agreement" not in page  # level 2 only
        client.post(f"/appeals/{appeal.pk}/", {"step": "acknowledge"})
        page = _text(client.get(f"/appeals/{appeal.pk}/"))
        assert "Acknowledged, awaiting the decision" in page
        assert "Acknowledge the appeal" not in page
        # A decision without reasons: refused with the reason, nothing changed.
        before = _state()
        response = client.post(
            f"/appeals/{appeal.pk}/", {"step": "decide", "verdict": "denied"}, follow=True
        )
        assert "Give the reasons for the decision." in _text(response)
        response = client.post(
            f"/appeals/{appeal.pk}/",
            {"step": "decide", "verdict": "maybe", "reasons": "x"},
            follow=True,
        )
        assert "Choose upheld or denied." in _text(response)
        assert _state() == before
        assert client.post(f"/appeals/{appeal.pk}/", {"step": "fly"}).status_code == 400
        client.post(
            f"/appeals/{appeal.pk}/",
            {"step": "decide", "verdict": "denied", "reasons": "The score stands."},
        )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DENIED
    _client(client, ext.cast.smr)
    with time_machine.travel(noon(date(2026, 4, 1)), tick=False):
        page = _text(client.get(f"/appeals/{appeal.pk}/"))
    # Denied Wed Apr 1: level 2 filed within 5 business days, Good Friday not counted: Thu Apr 9.
    assert "Next level filed by" in page and "Thursday, 9 Apr 2026" in page
    assert "Take the appeal to level 2" in page
    assert "The score stands." in page


def test_who_may_act_on_an_appeal_through_the_page(client, ext, failed, manager, director):
    appeal = _filed(ext, failed)
    before = _state()
    with time_machine.travel(noon(date(2026, 4, 1)), tick=False):
        for user, expected in [
            (ext.cast.smr, 403),  # sees it, does not decide it
            (ext.cast.viewer, 403),
            (manager, 403),  # level 1 is the auditor's
            (director, 403),
            (ext.colleague.user, 404),  # another auditor: not theirs to see
            (ext.cast.outsider, 404),
        ]:
            client.force_login(user)
            response = client.post(
                f"/appeals/{appeal.pk}/", {"step": "decide", "verdict": "upheld", "reasons": "x"}
            )
            assert response.status_code == expected, user
            page = client.get(f"/appeals/{appeal.pk}/")
            if page.status_code == 200:
                assert "Decide the appeal" not in _text(page)
        client.force_login(ext.cast.smr)
        response = client.post(f"/appeals/{appeal.pk}/", {"step": "escalate", "grounds": "x"})
        assert "Level 1 is still open" in _text(client.get(response["Location"]))
        response = client.post(f"/appeals/{appeal.pk}/", {"step": "sign", "typed_name": "S"})
        assert "No agreement was reached" in _text(client.get(response["Location"]))
    assert _state() == before


def _denied(ext, failed):
    appeal = _filed(ext, failed)
    with time_machine.travel(noon(date(2026, 4, 1)), tick=False):
        return appeal_decide(
            appeal=appeal, by=ext.auditor.user, verdict=Verdict.DENIED, reasons="Stands."
        )


def test_level_two_agreement_signed_by_both_parties(
    client, ext, failed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = _denied(ext, failed)
    url = f"/appeals/{appeal.pk}/"
    with time_machine.travel(noon(date(2026, 4, 2)), tick=False):
        _client(client, ext.cast.smr)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"step": "escalate", "grounds": "Level 1 missed our records."})
        _client(client, manager)
        queue = _text(client.get("/appeals/"))
        assert appeal.number in queue and "Level 2: the program manager" in queue
        page = _text(client.get(url))
        # Filed Thu Apr 2: acknowledged by Tue Apr 7 (Good Friday not counted).
        assert "Tuesday, 7 Apr 2026" in page
        assert "2 business days: Good Friday is not counted" in page
        assert "Mutually satisfactory agreement" in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                url,
                {
                    "step": "decide",
                    "verdict": "upheld",
                    "reasons": "The records were in the audit.",
                    "agreement": "Item 1.1 re-scored to full marks.",
                },
            )
        page = _text(client.get(url))
        assert "Sign the agreement" in page and "Program manager" in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"step": "sign", "typed_name": "Pat Manager"})
        page = _text(client.get(url))
        assert "Sign the agreement" not in page
        assert "Program manager: Pat Manager" in page
        _client(client, ext.cast.smr)
        before = _state()
        response = client.post(url, {"step": "sign", "typed_name": "  "}, follow=True)
        assert "Type your name to sign." in _text(response)
        assert _state() == before
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"step": "sign", "typed_name": "Sam Rep"})
        page = _text(client.get(url))
    assert "Senior management representative (appellant): Sam Rep" in page
    assert "Upheld: the decision was changed" in page
    failed.refresh_from_db()
    assert failed.status != EngagementStatus.FAILED
    # Filing, denial, level 2 filed, decided, two signatures: six versions, each downloadable.
    forms = list(GeneratedDocument.objects.filter(kind="appeal_form").order_by("version"))
    client.force_login(ext.cast.smr)  # the session of April has expired by now
    assert [f.version for f in forms] == [1, 2, 3, 4, 5, 6]
    for f in forms:
        assert f"{f.number}, version {f.version} (PDF)" in page
        response = client.get(f"/appeals/{appeal.pk}/forms/{f.pk}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert client.get(f"/verify/{f.verification_code}/").status_code == 200
    # A form of another appeal is not reached through this one.
    other = GeneratedDocument.objects.exclude(kind="appeal_form").first()
    if other is not None:
        assert client.get(f"/appeals/{appeal.pk}/forms/{other.pk}.pdf").status_code == 404
    client.force_login(ext.cast.outsider)
    assert client.get(f"/appeals/{appeal.pk}/forms/{forms[0].pk}.pdf").status_code == 404


def test_a_closure_day_in_the_window_is_named(client, ext, failed):
    ClosureDate.objects.create(date=date(2026, 4, 6), reason="Office move")
    appeal = _filed(ext, failed)
    _client(client, ext.cast.smr)
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        page = _text(client.get(f"/appeals/{appeal.pk}/"))
    # Decision due: Good Friday and the closure day not counted: Thu Apr 9.
    assert "Thursday, 9 Apr 2026" in page
    assert "Good Friday, Office move (closure day, 6 Apr 2026) are not counted" in page


def test_the_page_in_french(client, ext, failed):
    appeal = _filed(ext, failed)
    ext.cast.smr.language = "fr-ca"
    ext.cast.smr.save(update_fields=["language"])
    _client(client, ext.cast.smr)
    with time_machine.travel(noon(date(2026, 3, 31)), tick=False):
        page = _text(client.get(f"/appeals/{appeal.pk}/"))
        index = _text(client.get("/appeals/"))
    assert "Appel" in page and "Vendredi saint" in page
    assert "mercredi" in page.lower()
    assert "Appels" in index


def test_the_board_is_staff_only_and_sorted_by_due_date(client, ext, failed, manager):
    later = _filed(ext, failed, date(2026, 4, 7))  # acknowledgement due Thu Apr 9
    earlier = _second_appeal(ext, date(2026, 3, 31))  # acknowledgement due Thu Apr 2
    for user in (ext.cast.smr, ext.auditor.user, ext.cast.viewer):
        client.force_login(user)
        assert client.get("/appeals/board/").status_code == 403
    for user in (ext.cast.reviewer, manager, ext.cast.admin):
        client.force_login(user)
        with time_machine.travel(noon(date(2026, 4, 7)), tick=False):
            page = _text(client.get("/appeals/board/"))
        assert page.index(earlier.number) < page.index(later.number)
        assert "business days late" in page  # the earlier one's acknowledgement is overdue


def _second_appeal(ext, day, n=1):
    """`n` more appeals of failed reports (rows written directly, filed through the service)
    on new accounts of the same organization, received on RECEIVED."""
    first = ExternalEngagement.objects.order_by("pk").first()
    appeals = []
    for _ in range(n):
        account = WsibAccountFactory(organization=ext.cast.organization)
        engagement = ExternalEngagement.objects.create(
            wsib_account=account,
            status=EngagementStatus.FAILED,
            auditor=ext.auditor,
            internal_audit=first.internal_audit,
            chosen_by=ext.cast.smr,
            no_conflict_declared=True,
            report_approved_on=RECEIVED,
            report_decided_by=ext.cast.reviewer,
            report_qa_cleared_at=timezone.now(),
            reaudit_due_on=RECEIVED + timedelta(days=180),
        )
        with time_machine.travel(noon(day), tick=False):
            appeals.append(
                appeal_file(
                    kind=DecisionKind.EXTERNAL_REPORT,
                    decision=engagement,
                    by=ext.cast.smr,
                    grounds="Scored wrongly.",
                )
            )
    return appeals[0] if n == 1 else appeals


@pytest.mark.parametrize("who", ["smr", "auditor", "manager", "reviewer"])
def test_query_counts_do_not_grow_with_appeals(
    client, ext, failed, manager, who, django_assert_max_num_queries
):
    users = {
        "smr": ext.cast.smr,
        "auditor": ext.auditor.user,
        "manager": manager,
        "reviewer": ext.cast.reviewer,
    }
    client.force_login(users[who])
    from appeals.services import appeal_escalate

    def to_queue(a):
        if who == "manager":  # the manager's queue is level 2
            with time_machine.travel(noon(date(2026, 4, 1)), tick=False):
                a = appeal_decide(appeal=a, by=ext.auditor.user, verdict="denied", reasons="No")
                appeal_escalate(appeal=a, by=ext.cast.smr, grounds="L2")

    to_queue(_filed(ext, failed))
    paths = ["/appeals/"] + (["/appeals/board/"] if who in ("manager", "reviewer") else [])

    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        out = []
        for path in paths:
            with (
                time_machine.travel(noon(date(2026, 3, 31)), tick=False),
                CaptureQueriesContext(connection) as ctx,
            ):
                assert client.get(path).status_code == 200
            out.append(len(ctx))
        return out

    few = counts()
    # Three more: escalated to level 2 for the manager's queue, level 1 for everyone else.
    for a in _second_appeal(ext, date(2026, 3, 31), n=3):
        to_queue(a)
    many = counts()
    assert many == few, (few, many)
    # The pin: today 4 to 9 queries (session, user, membership, closures, lists, prefetch).
    for path in paths:
        with (
            django_assert_max_num_queries(10),
            time_machine.travel(noon(date(2026, 3, 31)), tick=False),
        ):
            client.get(path)


def test_the_detail_query_count_is_pinned(
    client, ext, failed, manager, django_assert_max_num_queries
):
    appeal = _denied(ext, failed)
    _client(client, ext.cast.smr)
    # Today 10: session, user, membership, the appeal, closures, stages, signatures,
    # attachments, form versions, history.
    with (
        django_assert_max_num_queries(12),
        time_machine.travel(noon(date(2026, 4, 2)), tick=False),
    ):
        assert client.get(f"/appeals/{appeal.pk}/").status_code == 200


def test_nav_links_for_roles_with_appeals(client, ext, manager, director):
    for user in (ext.cast.smr, ext.cast.viewer, ext.auditor.user, manager, director):
        client.force_login(user)
        assert 'href="/appeals/"' in _text(client.get("/")), user
