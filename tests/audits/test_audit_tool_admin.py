"""The administrator's import page: success message, every bad row listed, nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from audits.enums import ToolStatus
from audits.models import AuditTool, Item

URL = "/admin/audits/audittool/import/"
HEADER = "element,sub_section,item_number,text,points,legislated,techniques\n"
GOOD = (
    HEADER
    + "1 Policy,1.1,1.1.1,Signed,2,no,Documentation\n"
    + "1,1.1,1.1.2,Reviewed,2,yes,Interview – Management\n"
)


@pytest.fixture
def administrator(cast):
    cast.admin.is_staff = True
    cast.admin.save(update_fields=["is_staff"])
    return cast.admin


def post(client, data: bytes, filename="tool.csv", **fields):
    form = {
        "name": "COR 2020",
        "version": "2026.1",
        "program": "ihsa",
        "benchmark_overall_pct": "80",
        "benchmark_element_pct": "65",
        "benchmark_legislated_pct": "100",
        "description": "",
        "file": SimpleUploadedFile(filename, data),
    }
    return client.post(URL, form | fields, follow=True)


def test_administrator_imports_a_csv(client, administrator):
    client.force_login(administrator)
    page = client.get(URL)
    assert page.status_code == 200
    # "Audit tool versions → Import": the list's button and the page's breadcrumbs.
    assert f'href="{URL}" class="addlink">Import</a>' in (
        client.get("/admin/audits/audittool/").content.decode()
    )
    assert "Audit tool versions</a>\n  &rsaquo; Import\n" in page.content.decode()
    response = post(client, GOOD.encode())
    tool = AuditTool.objects.get(name="COR 2020", version="2026.1")
    assert tool.created_by == administrator
    assert tool.status == ToolStatus.DRAFT
    assert response.redirect_chain[-1][0] == f"/admin/audits/audittool/{tool.pk}/change/"
    assert (
        "Created COR 2020 — 2026.1 with 2 items. It is a draft: publish it to offer it for new "
        "audits." in response.content.decode()
    )
    assert list(tool.items.values_list("number", flat=True)) == ["1.1.1", "1.1.2"]


def test_the_import_page_offers_the_programs_ihsa_first(client, administrator):
    client.force_login(administrator)
    page = client.get(URL).content.decode()
    assert '<select name="program"' in page
    assert page.index('value="ihsa" selected') < page.index('value="acsa"')


def test_an_acsa_version_belongs_to_acsa_with_its_benchmarks(client, administrator):
    """Benchmarks left empty are the program's: ACSA's 50 % per element."""
    client.force_login(administrator)
    post(
        client,
        GOOD.encode(),
        version="acsa-1",
        program="acsa",
        benchmark_overall_pct="",
        benchmark_element_pct="",
        benchmark_legislated_pct="",
    )
    tool = AuditTool.objects.get(name="COR 2020", version="acsa-1")
    assert tool.program_id == "acsa"
    assert (tool.benchmark_overall_pct, tool.benchmark_element_pct) == (80, 50)
    assert tool.benchmark_legislated_pct == 100


@pytest.mark.parametrize("program", ["", "bcsa"])
def test_an_unknown_or_missing_program_is_refused_and_nothing_imported(
    client, administrator, program
):
    client.force_login(administrator)
    before = AuditTool.objects.count()
    response = post(client, GOOD.encode(), version="x-1", program=program)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page or "Select a valid choice." in page
    assert AuditTool.objects.count() == before


def test_administrator_imports_an_xlsx(client, administrator):
    workbook = Workbook()
    for row in [line.split(",") for line in GOOD.strip().split("\n")]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(administrator)
    post(client, buffer.getvalue(), filename="tool.xlsx", version="x1")
    assert AuditTool.objects.get(version="x1").items.count() == 2


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_imported(client, administrator):
    client.force_login(administrator)
    before = (AuditTool.objects.count(), Item.objects.count())
    bad = GOOD + "1,1.1,1.1.3,X,-1,no,Documentation\n1,1.1,1.1.1,Dup,2,perhaps,Documentation\n"
    response = post(client, bad.encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 problems in the file — nothing was imported" in html
    assert "<td>4</td>" in html and "points must be at least 1 (got -1)." in html
    assert "<td>5</td>" in html and "legislated “perhaps” must be yes or no" in html
    assert "item number 1.1.1 is duplicated (lines 2 and 5)." in html
    assert (AuditTool.objects.count(), Item.objects.count()) == before


def test_missing_column_and_duplicate_version_are_explained(client, administrator):
    client.force_login(administrator)
    html = post(client, b"element,text\n1 P,x\n").content.decode()
    assert "Missing column “points”." in html
    post(client, GOOD.encode())
    html = post(client, GOOD.encode()).content.decode()
    assert "COR 2020 already has a version “2026.1”; choose another label." in html
    assert AuditTool.objects.filter(name="COR 2020").count() == 1


def test_only_administrators_may_import(client, cast):
    # The admin site is for administrators only, even for other staff with is_staff.
    cast.reviewer.is_staff = True
    cast.reviewer.save(update_fields=["is_staff"])
    client.force_login(cast.reviewer)
    assert client.get("/admin/audits/audittool/").status_code == 302
    assert client.get(URL).status_code == 302
    response = client.post(
        URL, {"name": "X", "version": "1", "file": SimpleUploadedFile("t.csv", GOOD.encode())}
    )
    assert response.status_code == 302
    assert not AuditTool.objects.filter(name="X").exists()
    client.force_login(cast.smr)  # not staff: the admin login page
    assert client.get(URL).status_code == 302


def test_browsing_items_is_read_only(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/audits/item/", {"q": "1.1.2"})
    assert page.status_code == 200
    assert "reviewed at least once a year" in page.content.decode()
    assert client.get("/admin/audits/item/add/").status_code == 403
