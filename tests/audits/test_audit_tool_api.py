"""Read-only API for audit-tool versions: who sees it, its nested shape, constant queries."""

import pytest

from audits.models import AuditTool, Item
from audits.services.tool import audit_tool_import

HEADER = "element,sub_section,item_number,text,points,legislated,techniques\n"


def _second_version(by):
    rows = "".join(
        f"{e} Element {e},{e}.1,{e}.1.{n},Item {e}.1.{n},2,{'yes' if n == 1 else 'no'},"
        f"Documentation\n"
        for e in range(1, 6)
        for n in range(1, 5)
    )
    return audit_tool_import(
        name="COR 2020", version="v2", data=(HEADER + rows).encode(), filename="t.csv", by=by
    )


@pytest.mark.parametrize("who", ["smr", "viewer", "outsider", "auditor", "reviewer", "admin"])
def test_every_signed_in_user_reads_the_tools(api_client, cast, who):
    api_client.force_authenticate(getattr(cast, who))
    response = api_client.get("/api/v1/audit-tools/")
    assert response.status_code == 200
    (demo,) = response.json()["results"]
    assert demo["name"] == "COR 2020 (demo sample)"
    assert demo["is_demo"] is True
    assert demo["benchmark_overall_pct"] == "80.00"
    assert demo["benchmark_element_pct"] == "65.00"
    assert demo["benchmark_legislated_pct"] == "100.00"
    assert demo["element_count"] == 14
    assert demo["item_count"] == Item.objects.filter(tool__is_demo=True).count()


def test_anonymous_users_are_refused(api_client, db):
    assert api_client.get("/api/v1/audit-tools/").status_code in (401, 403)


def test_detail_nests_elements_sub_sections_and_items(api_client, cast):
    demo = AuditTool.objects.get(is_demo=True)
    api_client.force_authenticate(cast.smr)
    body = api_client.get(f"/api/v1/audit-tools/{demo.pk}/").json()
    assert [e["number"] for e in body["elements"]] == list(range(1, 15))
    policy = body["elements"][0]
    assert policy["title"] == "Health and Safety Policy and Document and Record Control"
    sub = policy["sub_sections"][0]
    assert (sub["number"], sub["title"]) == ("1.1", "Health and safety policy")
    reviewed = sub["items"][1]
    assert reviewed["number"] == "1.1.2"
    assert reviewed["points"] == 2
    assert reviewed["legislated"] is True
    assert reviewed["techniques"] == ["documentation", "interview"]
    assert reviewed["interview_groups"] == ["management"]
    assert reviewed["techniques_label"] == "Documentation and Interview – Management"


def test_read_only(api_client, cast):
    demo = AuditTool.objects.get(is_demo=True)
    api_client.force_authenticate(cast.admin)
    assert api_client.post("/api/v1/audit-tools/", {"name": "x"}).status_code == 405
    assert api_client.delete(f"/api/v1/audit-tools/{demo.pk}/").status_code == 405
    assert AuditTool.objects.filter(pk=demo.pk).exists()


def test_filter_by_name(api_client, cast):
    _second_version(cast.admin)
    api_client.force_authenticate(cast.reviewer)
    results = api_client.get("/api/v1/audit-tools/", {"name": "COR 2020"}).json()["results"]
    assert [(t["version"], t["element_count"], t["item_count"]) for t in results] == [("v2", 5, 20)]


def test_queries_are_constant(api_client, cast, django_assert_max_num_queries):
    tool = _second_version(cast.admin)
    api_client.force_authenticate(cast.smr)
    with django_assert_max_num_queries(3):
        assert api_client.get("/api/v1/audit-tools/").status_code == 200
    with django_assert_max_num_queries(5):
        body = api_client.get(f"/api/v1/audit-tools/{tool.pk}/").json()
    assert sum(len(s["items"]) for e in body["elements"] for s in e["sub_sections"]) == 20
