"""The appeals API (/api/v1/appeals/): scoped lists, the five actions through their levels,
the appeal-form versions, and every bad input of issue 12 refused with its own error and
nothing changed. Who may act is checked before the body is read (403 whatever was sent)."""

import hashlib
from datetime import date

import pytest
import time_machine

from appeals.enums import AppealStatus, DecisionKind
from appeals.models import Appeal, AppealAttachment, AppealSignature, AppealStage
from audits.enums import EngagementStatus
from audits.models import Evidence
from certification.models import Certificate
from cor_portal.deadlines.models import Deadline
from cor_portal.documents.models import GeneratedDocument
from cor_portal.history.models import HistoryEntry
from tests.factories import UserFactory

from .conftest import noon

pytestmark = pytest.mark.django_db

URL = "/api/v1/appeals/"


def _state():
    return {
        "appeals": sorted(Appeal.objects.values_list("pk", "level", "status", "due_on")),
        "stages": sorted(
            AppealStage.objects.values_list(
                "pk", "level", "acknowledged_on", "decided_on", "verdict", "agreement"
            )
        ),
        "attachments": AppealAttachment.objects.count(),
        "signatures": AppealSignature.objects.count(),
        "deadlines": sorted(Deadline.objects.values_list("pk", "kind", "state", "due_on")),
        "history": HistoryEntry.objects.count(),
        "forms": GeneratedDocument.objects.filter(kind="appeal_form").count(),
        "engagements": sorted(EngagementStatus(s) for s in _engagement_states()),
        "certificates": Certificate.objects.count(),
    }


def _engagement_states():
    from audits.models import ExternalEngagement

    return ExternalEngagement.objects.values_list("status", flat=True)


def _post(client, user, path, day, data=None, **kw):
    client.force_login(user)
    with time_machine.travel(noon(day), tick=False):
        return client.post(path, data or {}, content_type="application/json", **kw)


def _file(client, ext, failed, day=date(2026, 3, 31), **data):
    body = {
        "kind": DecisionKind.EXTERNAL_REPORT,
        "decision": failed.pk,
        "grounds": "Item 1.1 was scored against evidence we did give.",
        **data,
    }
    return _post(client, ext.cast.smr, URL + "file/", day, body)


def _errors(response) -> str:
    return " ".join(str(v) for v in response.json().values())


def test_a_two_level_appeal_through_the_api_upheld_issues_the_certificate(
    client, ext, failed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(client, ext, failed)
        assert filed.status_code == 201, filed.content
        appeal = filed.json()
        assert (appeal["level"], appeal["status"]) == (1, "filed")
        # Filed Tue Mar 31: acknowledged by Thu Apr 2 (2 business days).
        assert appeal["due_on"] == "2026-04-02"
        assert appeal["due_on_display"].startswith("Thursday")
        pk = appeal["id"]
        auditor = ext.auditor.user
        r = _post(client, auditor, f"{URL}{pk}/acknowledge/", date(2026, 4, 1))
        assert r.status_code == 200 and r.json()["status"] == "acknowledged"
        r = _post(
            client,
            auditor,
            f"{URL}{pk}/decide/",
            date(2026, 4, 2),
            {"verdict": "denied", "reasons": "The evidence did not cover 12 months."},
        )
        assert r.status_code == 200 and r.json()["status"] == "denied"
        # Denied Thu Apr 2; Good Friday not counted: level 2 filed by Fri Apr 10.
        assert r.json()["stages"][0]["escalate_due_on"] == "2026-04-10"
        r = _post(
            client, ext.cast.smr, f"{URL}{pk}/escalate/", date(2026, 4, 10), {"grounds": "L2"}
        )
        assert r.status_code == 200 and (r.json()["level"], r.json()["status"]) == (2, "filed")
        r = _post(
            client,
            manager,
            f"{URL}{pk}/decide/",
            date(2026, 4, 13),
            {
                "verdict": "upheld",
                "reasons": "The minutes were in the evidence.",
                "agreement": "Item 1.1 re-scored to full marks.",
            },
        )
        assert r.status_code == 200, r.content
        assert r.json()["status"] == "upheld"
        for user, name in ((ext.cast.smr, "S. M. R."), (manager, "P. Manager")):
            r = _post(client, user, f"{URL}{pk}/sign/", date(2026, 4, 14), {"typed_name": name})
            assert r.status_code == 200, r.content
    signatures = r.json()["stages"][1]["signatures"]
    assert sorted(s["role"] for s in signatures) == ["appellant", "program_manager"]
    failed.refresh_from_db()
    assert failed.status == EngagementStatus.PASSED
    assert Certificate.objects.filter(wsib_account=failed.wsib_account).exists()
    entry = HistoryEntry.objects.get(action="report_overturned")
    assert entry.reason == f"Appeal APL-{pk:05d}, level 2: Upheld"

    # Every version of the form: filing, acknowledgement, decision, level 2, decision, two
    # signatures; each downloadable and verifiable.
    client.force_login(ext.cast.smr)
    forms = client.get(f"{URL}{pk}/forms/").json()
    assert [f["version"] for f in forms] == [7, 6, 5, 4, 3, 2, 1]
    assert {f["status"] for f in forms} == {"issued"}  # every version kept, none revoked
    pdf = client.get(forms[-1]["download"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    assert hashlib.sha256(body).hexdigest() == forms[-1]["sha256"]
    check = client.get(forms[-1]["verify"]).json()
    assert check == {
        "number": forms[-1]["number"],
        "version": 1,
        "status": "issued",
        "current": False,  # a later version exists
        "sha256": forms[-1]["sha256"],
        "intact": True,
    }


def test_a_tampered_form_is_not_intact(client, ext, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pk = _file(client, ext, failed).json()["id"]
    document = GeneratedDocument.objects.get(kind="appeal_form")
    with document.file.open("wb") as f:
        f.write(b"%PDF-1.4 something else")
    client.force_login(ext.cast.smr)
    check = client.get(f"{URL}{pk}/forms/{document.pk}/verify/").json()
    assert (check["current"], check["intact"]) == (True, False)
    # a version of another subject is not this appeal's
    assert client.get(f"{URL}{pk}/forms/{document.pk + 999}/verify/").status_code == 404


def test_who_sees_which_appeals(client, ext, failed, manager, director):
    pk = _file(client, ext, failed).json()["id"]
    seen = {}
    for name, user in {
        "smr": ext.cast.smr,
        "viewer": ext.cast.viewer,
        "outsider": ext.cast.outsider,
        "auditor": ext.auditor.user,
        "colleague": ext.colleague.user,
        "manager": manager,
        "director": director,
        "reviewer": ext.cast.reviewer,
    }.items():
        client.force_login(user)
        listed = [a["id"] for a in client.get(URL).json()["results"]]
        detail = client.get(f"{URL}{pk}/").status_code
        mine = [a["id"] for a in client.get(URL, {"awaiting": "me"}).json()["results"]]
        seen[name] = (listed, detail, mine)
    assert seen == {
        "smr": ([pk], 200, []),
        "viewer": ([pk], 200, []),
        "outsider": ([], 404, []),
        "auditor": ([pk], 200, [pk]),  # level 1 waits for the auditor who decided
        "colleague": ([], 404, []),  # another auditor of the same company
        "manager": ([pk], 200, []),  # level 2 only
        "director": ([pk], 200, []),  # level 3 only
        "reviewer": ([pk], 200, []),
    }


def test_the_list_exports_as_csv_and_xlsx(client, ext, failed):
    pk = _file(client, ext, failed).json()["id"]
    client.force_login(ext.cast.smr)
    csv = client.get(URL, {"format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,number,kind")
    assert f"APL-{pk:05d}" in text
    xlsx = client.get(URL, {"format": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    client.force_login(ext.cast.outsider)
    other = b"".join(client.get(URL, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert f"APL-{pk:05d}" not in other


# --- bad input: a specific error, nothing changed ---------------------------------------------


def test_an_initial_internal_audit_cannot_be_appealed(client, ext):
    review = ext.flow.reviewed(points={"1.1": 5}).audit.internal_review
    before = _state()
    r = _post(
        client,
        ext.cast.smr,
        URL + "file/",
        date.today(),
        {"kind": "internal_review", "decision": review.pk, "grounds": "Unfair"},
    )
    assert r.status_code == 400
    assert "initial internal audit (first cycle, first audit) cannot be appealed" in _errors(r)
    assert _state() == before


def test_filing_after_the_window(client, ext, failed):
    before = _state()
    # Received Mon Mar 30; Good Friday not counted: the window closed Tue Apr 7.
    r = _file(client, ext, failed, day=date(2026, 4, 8))
    assert r.status_code == 400
    assert "window to appeal closed on Tuesday, 7 Apr 2026" in r.json()["decision"][0]
    assert _state() == before


def test_new_evidence_is_refused(client, ext, failed):
    before = _state()
    r = _file(client, ext, failed, attachments=[999999])
    assert r.status_code == 400
    assert "New evidence cannot be added to an appeal" in r.json()["attachments"][0]
    assert _state() == before
    own = list(Evidence.objects.filter(audit=failed.audit).values_list("pk", flat=True))
    r = _file(client, ext, failed, attachments=own)
    assert r.status_code == 201 and sorted(r.json()["attachments"]) == sorted(own)


def test_a_second_appeal_of_the_same_decision(client, ext, failed):
    first = _file(client, ext, failed).json()
    before = _state()
    r = _file(client, ext, failed)
    assert r.status_code == 400
    assert f"already appealed (appeal {first['number']})" in r.json()["decision"][0]
    assert _state() == before


def test_a_report_of_another_organization_is_not_a_decision_to_appeal(client, ext, failed):
    before = _state()
    r = _post(
        client,
        ext.cast.outsider,
        URL + "file/",
        date(2026, 3, 31),
        {"kind": "external_report", "decision": failed.pk, "grounds": "x"},
    )
    assert r.status_code == 400
    assert r.json()["decision"] == ["Choose one of your organization's reports."]
    assert _state() == before


def test_level_two_while_level_one_is_open(client, ext, failed):
    pk = _file(client, ext, failed).json()["id"]
    before = _state()
    r = _post(client, ext.cast.smr, f"{URL}{pk}/escalate/", date(2026, 4, 1), {"grounds": "L2"})
    assert r.status_code == 400
    assert "Level 1 is still open" in r.json()["level"][0]
    assert _state() == before


def test_a_decision_without_that_levels_role(client, ext, failed, manager, director):
    pk = _file(client, ext, failed).json()["id"]
    before = _state()
    # Level 1: the program manager is not the auditor who decided.
    r = _post(client, manager, f"{URL}{pk}/decide/", date(2026, 4, 1), {"verdict": "upheld"})
    assert r.status_code == 403
    assert "decided by the auditor who made the decision appealed" in r.json()["detail"]
    # Another auditor (same company) does not even see the appeal of this report.
    r = _post(
        client, ext.colleague.user, f"{URL}{pk}/decide/", date(2026, 4, 1), {"verdict": "upheld"}
    )
    assert r.status_code == 404
    r = _post(client, ext.colleague.user, f"{URL}{pk}/acknowledge/", date(2026, 4, 1))
    assert r.status_code == 404
    assert _state() == before
    # Level 2: the director is not a program manager.
    _post(
        client,
        ext.auditor.user,
        f"{URL}{pk}/decide/",
        date(2026, 4, 1),
        {"verdict": "denied", "reasons": "No"},
    )
    _post(client, ext.cast.smr, f"{URL}{pk}/escalate/", date(2026, 4, 2), {"grounds": "L2"})
    before = _state()
    r = _post(
        client,
        director,
        f"{URL}{pk}/decide/",
        date(2026, 4, 6),
        {"verdict": "upheld", "reasons": "x"},
    )
    assert r.status_code == 403
    assert r.json()["detail"] == "A level-2 appeal is decided by a program manager."
    assert _state() == before


def test_signing_an_agreement_that_was_not_reached(client, ext, failed, manager):
    pk = _file(client, ext, failed).json()["id"]
    _post(
        client,
        ext.auditor.user,
        f"{URL}{pk}/decide/",
        date(2026, 4, 1),
        {"verdict": "denied", "reasons": "No"},
    )
    _post(client, ext.cast.smr, f"{URL}{pk}/escalate/", date(2026, 4, 2), {"grounds": "L2"})
    _post(
        client,
        manager,
        f"{URL}{pk}/decide/",
        date(2026, 4, 6),
        {"verdict": "denied", "reasons": "Stands"},  # no agreement
    )
    before = _state()
    r = _post(client, ext.cast.smr, f"{URL}{pk}/sign/", date(2026, 4, 6), {"typed_name": "S"})
    assert r.status_code == 400
    assert "No agreement was reached at level 2" in r.json()["agreement"][0]
    assert _state() == before


def test_bad_bodies_of_callers_who_may_act(client, ext, failed):
    before = _state()
    r = _post(client, ext.cast.smr, URL + "file/", date(2026, 3, 31), {"kind": "maybe"})
    assert r.status_code == 400 and set(r.json()) == {"kind", "decision"}
    assert _state() == before
    pk = _file(client, ext, failed).json()["id"]
    before = _state()
    r = _post(client, ext.auditor.user, f"{URL}{pk}/decide/", date(2026, 4, 1), {"verdict": "?"})
    assert r.status_code == 400 and "verdict" in r.json()
    r = _post(
        client, ext.auditor.user, f"{URL}{pk}/decide/", date(2026, 4, 1), {"verdict": "denied"}
    )
    assert r.json() == {"reasons": ["Give the reasons for the decision."]}
    assert _state() == before


# --- permission before input -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["viewer", "reviewer", "admin", "auditor"])
def test_filing_is_refused_before_the_body_is_read(client, ext, failed, who):
    user = ext.auditor.user if who == "auditor" else getattr(ext.cast, who)
    before = _state()
    r = _post(client, user, URL + "file/", date(2026, 3, 31), {"kind": "nonsense", "decision": "x"})
    assert r.status_code == 403
    assert _state() == before


def test_actions_are_refused_before_the_body_is_read(client, ext, failed, manager):
    pk = _file(client, ext, failed).json()["id"]
    before = _state()
    junk = {"verdict": "nonsense", "typed_name": 5, "grounds": ["x"]}
    answers = {
        "decide by the manager": _post(client, manager, f"{URL}{pk}/decide/", date.today(), junk),
        "escalate by the viewer": _post(
            client, ext.cast.viewer, f"{URL}{pk}/escalate/", date.today(), junk
        ),
        "escalate by the auditor": _post(
            client, ext.auditor.user, f"{URL}{pk}/escalate/", date.today(), junk
        ),
        "sign by the auditor": _post(
            client, ext.auditor.user, f"{URL}{pk}/sign/", date.today(), junk
        ),
        "sign by the viewer": _post(
            client, ext.cast.viewer, f"{URL}{pk}/sign/", date.today(), junk
        ),
        "acknowledge by the SMR": _post(
            client, ext.cast.smr, f"{URL}{pk}/acknowledge/", date.today()
        ),
    }
    assert {k: v.status_code for k, v in answers.items()} == dict.fromkeys(answers, 403)
    assert _state() == before


# --- query counts --------------------------------------------------------------------------------


def _appeals(ext, failed, n):
    """`n` appeals on the cast's account (rows written directly: the services are tested
    above), each with two levels, an attachment and a signature."""
    from audits.models import ExternalEngagement

    engagements = []
    template = ExternalEngagement.objects.get(pk=failed.pk)
    evidence = Evidence.objects.filter(audit_id=template.audit_id).first()
    template.audit = None  # one engagement per audit: the copies have none
    for _i in range(n):
        template.pk = None
        template.id = None
        template._state.adding = True
        template.save()
        engagements.append(ExternalEngagement.objects.get(pk=template.pk))
    for engagement in engagements:
        appeal = Appeal.objects.create(
            kind=DecisionKind.EXTERNAL_REPORT,
            engagement=engagement,
            wsib_account=engagement.wsib_account,
            decision_maker=ext.auditor.user,
            decision_summary="Failed",
            report_received_on=date(2026, 3, 30),
            level=2,
            status=AppealStatus.FILED,
            due_on=date(2026, 4, 10),
            filed_by=ext.cast.smr,
        )
        for level in (1, 2):
            stage = AppealStage.objects.create(
                appeal=appeal,
                level=level,
                grounds="g",
                filed_by=ext.cast.smr,
                filed_on=date(2026, 3, 31),
                acknowledge_due_on=date(2026, 4, 2),
                decide_due_on=date(2026, 4, 7),
                agreement="a" if level == 2 else "",
            )
        AppealSignature.objects.create(
            stage=stage, role="appellant", user=ext.cast.smr, typed_name="S"
        )
        if evidence is not None:
            AppealAttachment.objects.create(appeal=appeal, evidence=evidence)


@pytest.mark.parametrize("who", ["smr", "manager", "auditor"])
def test_the_list_reads_in_constant_queries(
    client, ext, failed, manager, who, django_assert_max_num_queries
):
    user = {"smr": ext.cast.smr, "manager": manager, "auditor": ext.auditor.user}[who]
    client.force_login(user)
    _appeals(ext, failed, 2)
    with django_assert_max_num_queries(12) as few:
        assert len(client.get(URL).json()["results"]) == 2
    _appeals(ext, failed, 20)
    with django_assert_max_num_queries(12) as many:
        assert len(client.get(URL).json()["results"]) == 22
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_manager_sees_level_two_in_the_queue(client, ext, failed, manager, director):
    _appeals(ext, failed, 3)
    client.force_login(manager)
    assert len(client.get(URL, {"awaiting": "me"}).json()["results"]) == 3
    client.force_login(director)
    assert client.get(URL, {"awaiting": "me"}).json()["results"] == []
    Appeal.objects.update(level=3)
    assert len(client.get(URL, {"awaiting": "me"}).json()["results"]) == 3
    client.force_login(UserFactory())
    assert client.get(URL).json()["results"] == []
