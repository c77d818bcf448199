"""Draft → published: an import is a draft that no new audit uses; an administrator publishes
it (service, Django admin, API), which withdraws the program's previous version; one
published version per program, also at the database level; audits keep their version."""

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from audits.enums import AuditAction, AuditKind, ToolStatus
from audits.models import Audit, AuditTool
from audits.services.audit import audit_start, response_save
from audits.services.tool import (
    audit_tool_import,
    audit_tool_publish,
    audit_tool_withdraw,
    published_tool,
)
from cor_portal.errors import DomainError, NotAllowed
from cor_portal.history.labels import action_label, state_label
from cor_portal.history.models import HistoryEntry
from cor_portal.history.services import history_of
from cor_portal.workflow import Conflict
from tests.audits.conftest import Flow

pytestmark = pytest.mark.django_db

HEADER = "element,sub_section,item_number,text,points,legislated,techniques\n"
ROWS = (
    "1 Policy,1.1 Statement,1.1.1,Signed policy,10,yes,Documentation\n"
    "1,1.1,1.1.2,Reviewed yearly,10,no,Interview – Management\n"
    "2 Hazards,2.1,2.1.1,Assessed,10,no,Observation\n"
)


def import_draft(by, version: str = "2027.1") -> AuditTool:
    return audit_tool_import(
        name="COR 2020", version=version, data=(HEADER + ROWS).encode(), filename="t.csv", by=by
    )


def statuses() -> dict[str, str]:
    return dict(AuditTool.objects.values_list("version", "status"))


def start(flow: Flow, **kwargs) -> Audit:
    Audit.objects.filter(wsib_account=flow.cast.wsib_account).delete()  # the one-open rule
    return audit_start(
        wsib_account=flow.cast.wsib_account,
        kind=AuditKind.INITIAL_INTERNAL,
        internal_auditor=flow.ia,
        by=flow.cast.internal_auditor,
        **kwargs,
    )


@pytest.fixture
def administrator(cast):
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    return cast.admin


# --- the service --------------------------------------------------------------------------


def test_an_import_is_a_draft_that_new_audits_do_not_use(flow):
    draft = import_draft(flow.cast.admin)
    assert (draft.status, draft.program_id) == (ToolStatus.DRAFT, "ihsa")
    assert published_tool() == flow.tool
    before = (Audit.objects.count(), HistoryEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        start(flow, tool=draft)
    assert exc.value.field == "tool"
    assert exc.value.message == f"The audit tool {draft} is not offered for new audits."
    assert (Audit.objects.count(), HistoryEntry.objects.count()) == before
    assert start(flow).tool == flow.tool


def test_publishing_makes_it_the_one_offered_and_withdraws_the_previous(flow):
    draft = import_draft(flow.cast.admin)
    assert audit_tool_publish(tool=draft, by=flow.cast.admin) is draft
    assert draft.status == ToolStatus.PUBLISHED  # refreshed in place
    flow.tool.refresh_from_db()
    assert flow.tool.status == ToolStatus.WITHDRAWN
    assert AuditTool.objects.filter(status=ToolStatus.PUBLISHED).get() == draft
    assert published_tool() == draft
    assert start(flow).tool == draft
    (withdrawn,) = [h for h in history_of(flow.tool) if h.action == AuditAction.TOOL_WITHDRAWN]
    assert (withdrawn.from_state, withdrawn.to_state, withdrawn.actor) == (
        ToolStatus.PUBLISHED,
        ToolStatus.WITHDRAWN,
        flow.cast.admin,
    )
    assert withdrawn.changes == {"replaced_by": [None, str(draft)]}
    assert [(h.action, h.from_state, h.to_state) for h in history_of(draft)] == [
        (AuditAction.TOOL_IMPORTED, "", ToolStatus.DRAFT),
        (AuditAction.TOOL_PUBLISHED, ToolStatus.DRAFT, ToolStatus.PUBLISHED),
    ]
    assert history_of(draft).last().changes == {"replaces": [None, str(flow.tool)]}


def test_history_shows_the_words_of_the_actions_and_states():
    assert action_label("audits", AuditAction.TOOL_PUBLISHED) == "Published for new audits"
    assert action_label("audits", "tool_imported") == "Imported as a draft"
    assert state_label(AuditTool, ToolStatus.WITHDRAWN) == "Withdrawn"


def test_audits_started_before_keep_their_version(flow):
    audit = flow.start()
    audit_tool_publish(tool=import_draft(flow.cast.admin), by=flow.cast.admin)
    audit.refresh_from_db()
    assert audit.tool == flow.tool
    # …and go on being answered on it.
    response_save(
        audit=audit,
        item=flow.items["1.1"],
        points_earned=10,
        not_applicable=False,
        note="",
        by=flow.cast.internal_auditor,
    )
    assert audit.responses.get().item == flow.items["1.1"]


def test_two_published_versions_of_a_program_are_impossible_in_the_database(flow):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditTool.objects.create(name="Other", version="1", status=ToolStatus.PUBLISHED)
    # A draft or a withdrawn version beside the published one is fine.
    AuditTool.objects.create(name="Other", version="2", status=ToolStatus.WITHDRAWN)
    AuditTool.objects.create(name="Other", version="3")
    assert AuditTool.objects.filter(status=ToolStatus.PUBLISHED).get() == flow.tool


def test_publishing_twice_is_a_clear_error_and_changes_nothing(flow):
    before = (statuses(), HistoryEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        audit_tool_publish(tool=flow.tool, by=flow.cast.admin)
    assert exc.value.field == "status"
    assert (
        exc.value.message == f"{flow.tool} is already the published version; nothing was changed."
    )
    assert (statuses(), HistoryEntry.objects.count()) == before


def test_a_stale_copy_is_judged_by_the_database_not_by_the_copy(flow):
    draft = import_draft(flow.cast.admin)
    stale = AuditTool.objects.get(pk=draft.pk)
    audit_tool_publish(tool=draft, by=flow.cast.admin)
    with pytest.raises(DomainError) as exc:
        audit_tool_publish(tool=stale, by=flow.cast.admin)
    assert "already the published version" in exc.value.message
    assert AuditTool.objects.filter(status=ToolStatus.PUBLISHED).get() == draft


def test_a_version_published_at_the_same_time_is_a_conflict_not_a_500(flow, monkeypatch):
    # As if another administrator's publication committed after this one looked for the
    # program's published version: the database constraint decides, nothing is changed.
    import audits.services.tool as tool_services

    draft = import_draft(flow.cast.admin)
    before = (statuses(), HistoryEntry.objects.count())
    monkeypatch.setattr(tool_services, "_withdraw", lambda tool, **kwargs: tool)
    with pytest.raises(Conflict) as exc:
        audit_tool_publish(tool=draft, by=flow.cast.admin)
    assert exc.value.message == (
        "Another version of IHSA (Ontario) was published at the same time; reload the list "
        "and try again."
    )
    assert (statuses(), HistoryEntry.objects.count()) == before


@pytest.mark.parametrize("who", ["smr", "reviewer", "viewer", "outsider"])
def test_only_administrators_publish_or_withdraw(flow, who):
    draft = import_draft(flow.cast.admin)
    user = getattr(flow.cast, who)
    before = (statuses(), HistoryEntry.objects.count())
    with pytest.raises(NotAllowed) as exc:
        audit_tool_publish(tool=draft, by=user)
    assert exc.value.message == "Only an administrator may publish an audit tool version."
    with pytest.raises(NotAllowed):
        audit_tool_withdraw(tool=flow.tool, by=user)
    with pytest.raises(NotAllowed):
        import_draft(user, version="by-" + who)
    assert (statuses(), HistoryEntry.objects.count()) == before


def test_withdrawing_a_draft_is_refused(flow):
    draft = import_draft(flow.cast.admin)
    with pytest.raises(DomainError) as exc:
        audit_tool_withdraw(tool=draft, by=flow.cast.admin)
    assert (
        exc.value.message
        == f"{draft} is not the published version; only that one can be withdrawn."
    )
    draft.refresh_from_db()
    assert draft.status == ToolStatus.DRAFT


def test_after_a_withdrawal_no_new_audit_starts_until_a_version_is_published(flow):
    audit_tool_withdraw(tool=flow.tool, by=flow.cast.admin)
    assert published_tool() is None
    with pytest.raises(DomainError) as exc:
        start(flow)
    assert exc.value.message == "No audit tool is offered for new audits yet."


def test_the_page_permission_asks_the_state(flow):
    draft = import_draft(flow.cast.admin)
    admin = flow.cast.admin
    assert admin.has_perm("audits.publish_audit_tool", draft)
    assert not admin.has_perm("audits.publish_audit_tool", flow.tool)  # already published
    assert admin.has_perm("audits.withdraw_audit_tool", flow.tool)
    assert not admin.has_perm("audits.withdraw_audit_tool", draft)
    assert not flow.cast.reviewer.has_perm("audits.publish_audit_tool", draft)


# --- the API ------------------------------------------------------------------------------


def test_api_publish(api_client, flow):
    draft = import_draft(flow.cast.admin)
    api_client.force_authenticate(flow.cast.admin)
    response = api_client.post(f"/api/v1/audit-tools/{draft.pk}/publish/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["status"], body["program"], body["item_count"]) == (
        draft.pk,
        "published",
        "ihsa",
        3,
    )
    assert statuses()["2027.1"] == ToolStatus.PUBLISHED
    flow.tool.refresh_from_db()
    assert flow.tool.status == ToolStatus.WITHDRAWN
    listed = api_client.get("/api/v1/audit-tools/", {"status": "published"}).json()["results"]
    assert [t["id"] for t in listed] == [draft.pk]


def test_api_publish_twice_is_a_400_naming_the_status(api_client, flow):
    api_client.force_authenticate(flow.cast.admin)
    response = api_client.post(f"/api/v1/audit-tools/{flow.tool.pk}/publish/")
    assert response.status_code == 400
    assert response.json() == {
        "status": [f"{flow.tool} is already the published version; nothing was changed."]
    }


@pytest.mark.parametrize("who", ["smr", "reviewer", "viewer"])
def test_api_publish_and_withdraw_by_others_are_403(api_client, flow, who):
    draft = import_draft(flow.cast.admin)
    api_client.force_authenticate(getattr(flow.cast, who))
    before = statuses()
    assert api_client.post(f"/api/v1/audit-tools/{draft.pk}/publish/").status_code == 403
    assert api_client.post(f"/api/v1/audit-tools/{flow.tool.pk}/withdraw/").status_code == 403
    assert statuses() == before


def test_api_unknown_version_is_404_and_get_is_not_allowed(api_client, flow):
    api_client.force_authenticate(flow.cast.admin)
    assert api_client.post("/api/v1/audit-tools/999999/publish/").status_code == 404
    assert api_client.get(f"/api/v1/audit-tools/{flow.tool.pk}/publish/").status_code == 405


def test_api_withdraw(api_client, flow):
    api_client.force_authenticate(flow.cast.admin)
    response = api_client.post(f"/api/v1/audit-tools/{flow.tool.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    again = api_client.post(f"/api/v1/audit-tools/{flow.tool.pk}/withdraw/")
    assert again.status_code == 400
    assert "is not the published version" in again.json()["status"][0]


def test_api_import_creates_a_draft(api_client, flow):
    api_client.force_authenticate(flow.cast.admin)
    upload = SimpleUploadedFile("cor.csv", (HEADER + ROWS).encode())
    response = api_client.post(
        "/api/v1/audit-tools/import/",
        {"name": "COR 2020", "version": "api-1", "file": upload, "benchmark_element_pct": "50"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["status"], body["item_count"]) == ("api-1", "draft", 3)
    assert body["benchmark_element_pct"] == "50.00"
    tool = AuditTool.objects.get(pk=body["id"])
    assert (tool.created_by, tool.source_filename) == (flow.cast.admin, "cor.csv")
    assert published_tool() == flow.tool  # not offered until published


def test_api_import_of_a_bad_file_lists_every_row_and_imports_nothing(api_client, flow):
    api_client.force_authenticate(flow.cast.admin)
    bad = HEADER + ROWS + "2,2.1,2.1.2,x,zero,no,Observation\n2,2.1,2.1.1,dup,2,no,Observation\n"
    before = AuditTool.objects.count()
    response = api_client.post(
        "/api/v1/audit-tools/import/",
        {"name": "COR 2020", "version": "bad", "file": SimpleUploadedFile("t.csv", bad.encode())},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "The file has 2 problems; nothing was imported.",
            "Line 5: points “zero” is not a number.",
            "Line 6: item number 2.1.1 is duplicated (lines 4 and 6).",
        ]
    }
    assert AuditTool.objects.count() == before


def test_api_import_validates_its_fields(api_client, flow):
    api_client.force_authenticate(flow.cast.admin)
    response = api_client.post(
        "/api/v1/audit-tools/import/",
        {
            "name": "x" * 101,
            "version": "api-2",
            "file": SimpleUploadedFile("t.csv", b"element"),
            "benchmark_overall_pct": "0",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"name", "benchmark_overall_pct"}
    # A file that cannot be CSV or Excel is refused from its first bytes, before the fields
    # are validated (tests/audits/test_upload_first_bytes_routes.py).
    response = api_client.post(
        "/api/v1/audit-tools/import/",
        {"name": "x", "version": "api-2", "file": SimpleUploadedFile("t.txt", b"element")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "The file t.txt is not an accepted type (its content was checked). "
            "Accepted: CSV, Excel workbook."
        ]
    }
    assert not AuditTool.objects.filter(version="api-2").exists()


def test_api_import_by_others_is_403(api_client, flow):
    api_client.force_authenticate(flow.cast.reviewer)
    response = api_client.post(
        "/api/v1/audit-tools/import/",
        {"name": "C", "version": "1", "file": SimpleUploadedFile("t.csv", HEADER.encode())},
        format="multipart",
    )
    assert response.status_code == 403
    assert not AuditTool.objects.filter(name="C").exists()


# --- the Django admin ---------------------------------------------------------------------


def test_admin_publish_action_and_button(client, flow, administrator):
    draft = import_draft(administrator)
    client.force_login(administrator)
    page = client.get(f"/admin/audits/audittool/{draft.pk}/change/").content.decode()
    assert "Publish for new audits" in page
    published_page = client.get(f"/admin/audits/audittool/{flow.tool.pk}/change/")
    assert "Publish for new audits" not in published_page.content.decode()
    response = client.post(
        "/admin/audits/audittool/",
        {"action": "publish_version", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert f"{draft} is now the published version offered for new audits." in (
        response.content.decode()
    )
    assert published_tool() == draft
    # Publishing again through the button: the service's clear message.
    response = client.post(f"/admin/audits/audittool/{draft.pk}/publish/", follow=True)
    assert "is already the published version; nothing was changed." in response.content.decode()
    assert client.get(f"/admin/audits/audittool/{draft.pk}/publish/").status_code == 405


def test_admin_publish_action_wants_exactly_one_version(client, flow, administrator):
    one, two = import_draft(administrator, "a"), import_draft(administrator, "b")
    client.force_login(administrator)
    response = client.post(
        "/admin/audits/audittool/",
        {"action": "publish_version", "_selected_action": [one.pk, two.pk]},
        follow=True,
    )
    assert "Select exactly one version to publish." in response.content.decode()
    assert published_tool() == flow.tool


def test_admin_actions_are_absent_for_others(flow):
    request = RequestFactory().get("/admin/audits/audittool/")
    model_admin = site._registry[AuditTool]
    request.user = flow.cast.admin
    assert {"publish_version", "withdraw_versions"} <= set(model_admin.get_actions(request))
    request.user = flow.cast.reviewer
    assert not {"publish_version", "withdraw_versions"} & set(model_admin.get_actions(request))


def test_admin_publish_button_refuses_others(client, flow):
    draft = import_draft(flow.cast.admin)
    flow.cast.reviewer.is_staff = True
    flow.cast.reviewer.save(update_fields=["is_staff"])
    client.force_login(flow.cast.reviewer)
    response = client.post(f"/admin/audits/audittool/{draft.pk}/publish/")
    assert response.status_code == 302  # the admin site admits administrators only
    draft.refresh_from_db()
    assert draft.status == ToolStatus.DRAFT


# --- the data migration -------------------------------------------------------------------


def test_migration_publishes_the_default_version_and_maps_the_other_flags():
    # Inside the test's transaction (PostgreSQL's DDL is transactional): the schema and rows
    # come back when it rolls back, so no other test sees the round trip.
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending checks
    before_publication = [("audits", "0003_internal_audits")]
    executor = MigrationExecutor(connection)
    executor.migrate(before_publication)
    old = executor.loader.project_state(before_publication).apps.get_model("audits", "AuditTool")
    old.objects.all().delete()
    for version, active, demo in [
        ("older", True, False),
        ("newest", True, False),  # what new audits used: the newest active full tool
        ("retired", False, False),
        ("demo", True, True),
    ]:
        old.objects.create(name="COR 2020", version=version, is_active=active, is_demo=demo)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert statuses() == {
        "older": ToolStatus.DRAFT,
        "newest": ToolStatus.PUBLISHED,
        "retired": ToolStatus.WITHDRAWN,
        "demo": ToolStatus.DRAFT,
    }
    assert set(AuditTool.objects.values_list("program", flat=True)) == {"ihsa"}
