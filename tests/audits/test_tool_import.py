"""Parsing and validating an audit-tool file (pure: no database)."""

import io

import pytest
from openpyxl import Workbook

from audits.tool_io.parse import (
    RowError,
    Techniques,
    parse_bool,
    parse_file,
    parse_points,
    parse_techniques,
)

HEADER = "Element,Sub-section,Item Number,Text,Points,Legislated,Techniques\n"
GOOD_ROWS = (
    "1. Health and Safety Policy,1.1 Policy,1.1.1,Policy is signed,2,no,Documentation\n"
    '1,1.1,1.1.2,Policy reviewed yearly,2,Yes,"Documentation and Interview – Management, Workers"\n'
    "1,1.2 Records,1.2.1,Records are controlled,3,n,Observation\n"
    "2 – Hazard Assessment,2.1,2.1.1,Hazards assessed,2,TRUE,Interview - Supervisors; Observation\n"
)


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def errors_of(text: str) -> list[tuple[int, str]]:
    result = parse_file(csv_bytes(text), "tool.csv")
    assert not result.ok
    assert result.elements == ()
    return [(e.line, e.message) for e in result.errors]


def test_a_good_csv_gives_the_structure_in_file_order():
    result = parse_file(csv_bytes(HEADER + GOOD_ROWS), "tool.csv")
    assert result.ok, result.errors
    assert result.item_count == 4
    one, two = result.elements
    assert (one.number, one.title) == (1, "Health and Safety Policy")
    assert (two.number, two.title) == (2, "Hazard Assessment")
    assert [(s.number, s.title) for s in one.sub_sections] == [
        ("1.1", "Policy"),
        ("1.2", "Records"),
    ]
    first, second = one.sub_sections[0].items
    assert (first.number, first.points, first.legislated, first.line) == ("1.1.1", 2, False, 2)
    assert first.techniques == Techniques(documentation=True)
    assert second.legislated is True
    assert second.techniques == Techniques(
        documentation=True, interview=True, groups=frozenset({"management", "workers"})
    )
    hazard = two.sub_sections[0].items[0]
    assert hazard.techniques == Techniques(
        interview=True, observation=True, groups=frozenset({"supervisors"})
    )
    assert one.sub_sections[1].items[0].points == 3


def test_headers_are_case_insensitive_with_spaces_and_extra_columns_ignored():
    text = (
        "  ELEMENT , sub section,ITEM_NUMBER,text,Points Possible,LEGISLATED,"
        "Verification Techniques,Notes\n"
        "1 Policy,1.1,1.1.1,Text,2,0,documentation,whatever\n"
    )
    result = parse_file(csv_bytes(text), "tool.CSV")
    assert result.ok, result.errors
    assert result.elements[0].title == "Policy"


def test_a_utf8_bom_and_optional_title_columns_are_accepted():
    text = (
        "\ufeffelement,element_title,sub_section,sub_section_title,item_number,text,points,"
        "legislated,techniques\n"
        "3,Controls,3.1,Control measures,3.1.1,Text,2,no,Observation\n"
    )
    result = parse_file(csv_bytes(text), "tool.csv")
    assert result.ok, result.errors
    element = result.elements[0]
    assert (element.title, element.sub_sections[0].title) == ("Controls", "Control measures")


def test_a_missing_column_is_reported_once_by_name():
    text = "element,sub_section,item_number,text,legislated,techniques\n" + (
        "1 Policy,1.1,1.1.1,Text,no,Documentation\n" * 3
    )
    assert errors_of(text) == [(1, "Missing column “points”.")]


def test_several_missing_columns_are_each_named():
    assert errors_of("element,text\n1 P,x\n") == [
        (1, "Missing column “sub_section”."),
        (1, "Missing column “item_number”."),
        (1, "Missing column “points”."),
        (1, "Missing column “legislated”."),
        (1, "Missing column “techniques”."),
    ]


def test_a_duplicate_item_number_names_both_lines():
    text = HEADER + GOOD_ROWS + "1,1.1,1.1.1,Again,2,no,Documentation\n"
    assert errors_of(text) == [(6, "item number 1.1.1 is duplicated (lines 2 and 6).")]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("two", "points “two” is not a number."),
        ("0", "points must be at least 1 (got 0)."),
        ("-2", "points must be at least 1 (got -2)."),
        ("1.5", "points “1.5” must be a whole number."),
        ("", "points is empty; give the item's points possible (a whole number)."),
    ],
)
def test_bad_points_are_reported_with_the_line(points, message):
    text = HEADER + GOOD_ROWS + f"2,2.1,2.1.2,Text,{points},no,Documentation\n"
    assert errors_of(text) == [(6, message)]


def test_every_bad_row_is_reported_and_nothing_is_kept():
    text = (
        HEADER
        + "1 Policy,1.1,1.1.1,Good row,2,no,Documentation\n"
        + "1,1.1,1.1.2,Text,abc,no,Documentation\n"
        + "\n"  # blank lines are skipped but still counted
        + "1,1.1,1.1.3,Text,2,maybe,Documentation\n"
        + "1,1.1,1.2.4,Text,2,no,Documentation\n"
        + "1,2.1,2.1.1,Text,2,no,Documentation\n"
        + "1,1.1,1.1.5,Text,2,no,Telepathy\n"
        + "1,1.1,1.1.6,,2,no,Workers\n"
    )
    assert errors_of(text) == [
        (3, "points “abc” is not a number."),
        (5, "legislated “maybe” must be yes or no (yes/no, true/false, y/n, 1/0)."),
        (6, "item 1.2.4 is not under sub-section 1.1."),
        (7, "sub-section 2.1 is not under element 1."),
        (
            8,
            "unknown verification technique “Telepathy”; use Documentation, Interview "
            "(– Management, Supervisors, Workers) or Observation.",
        ),
        (9, "text is empty."),
        (9, "interview groups are named but “Interview” is not."),
    ]


def test_an_element_needs_a_title_somewhere():
    text = HEADER + "4,4.1,4.1.1,Text,2,no,Documentation\n4,4.1,4.1.2,Text,2,no,Observation\n"
    assert errors_of(text) == [
        (
            2,
            "element 4 has no title in any row; write it after the number "
            "(“1. Health and Safety Policy”) or in an element_title column.",
        )
    ]


def test_conflicting_element_titles_are_reported():
    text = (
        HEADER + "1 Policy,1.1,1.1.1,T,2,no,Documentation\n1 Other,1.1,1.1.2,T,2,no,Documentation\n"
    )
    assert errors_of(text) == [(3, "element 1 is titled “Other” here but “Policy” on line 2.")]


def test_bad_numbers():
    text = (
        HEADER
        + "Policy,1.1,1.1.1,T,2,no,Documentation\n"
        + "1 P,1,1.1.2,T,2,no,Documentation\n"
        + "1 P,1.1,1.1,T,2,no,Documentation\n"
    )
    assert errors_of(text) == [
        (2, "element “Policy” is not an element number."),
        (3, "sub-section “1” is not a sub-section number like 1.2."),
        (4, "item number “1.1” is not an item number like 1.2.3."),
    ]


def test_empty_files_and_header_only():
    assert errors_of("") == [(1, "The file is empty: it needs a header row and items.")]
    assert errors_of(HEADER) == [(1, "The file has no items below the header.")]


def test_not_utf8_and_wrong_extension():
    result = parse_file("élément".encode("latin-1"), "tool.csv")
    assert result.errors[0].message.startswith("The file is not UTF-8 text.")
    result = parse_file(b"whatever", "tool.pdf")
    assert result.errors == (RowError(1, "Upload a .csv or .xlsx file."),)
    result = parse_file(b"not a zip", "tool.xlsx")
    assert result.errors == (RowError(1, "The file is not a readable .xlsx workbook."),)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Ignored").append(["anything"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_first_sheet_with_native_types():
    data = xlsx_bytes(
        [
            ["Element", "Sub-section", "Item number", "Text", "Points", "Legislated", "Techniques"],
            [1, "1.1 Policy", "1.1.1", "Signed policy", 2, True, "Documentation"],
            ["1 Policy", "1.1", "1.1.2", "Reviewed", 2.0, "no", "Interview – Management"],
        ]
    )
    result = parse_file(data, "tool.xlsx")
    assert result.ok, result.errors
    items = result.elements[0].sub_sections[0].items
    assert [(i.number, i.points, i.legislated, i.line) for i in items] == [
        ("1.1.1", 2, True, 2),
        ("1.1.2", 2, False, 3),
    ]


def test_xlsx_errors_use_the_sheet_row_number():
    data = xlsx_bytes(
        [
            ["Element", "Sub-section", "Item number", "Text", "Points", "Legislated", "Techniques"],
            ["1 Policy", "1.1 Policy", "1.1.1", "Signed policy", 2, True, "Documentation"],
            [1, "1.1", "1.1.2", "Reviewed", "lots", "no", "Documentation"],
            [1, "1.1", "1.1.1", "Dup", 2, "no", "Documentation"],
        ]
    )
    result = parse_file(data, "tool.xlsx")
    assert [(e.line, e.message) for e in result.errors] == [
        (3, "points “lots” is not a number."),
        (4, "item number 1.1.1 is duplicated (lines 2 and 4)."),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True), ("Y", True), ("TRUE", True), ("1", True), (1, True), (True, True),
        ("no", False), ("n", False), ("False", False), ("0", False), (0, False), (False, False),
        ("", None), ("maybe", None), (None, None), ("2", None),
    ],
)  # fmt: skip
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


def test_parse_points():
    assert parse_points("3") == (3, None)
    assert parse_points(4.0) == (4, None)
    assert parse_points(True)[0] is None
    assert parse_points("NaN")[0] is None
    assert parse_points("Infinity")[0] is None


def test_parse_techniques_variants():
    assert parse_techniques("Documentation/Observation")[0] == Techniques(
        documentation=True, observation=True
    )
    assert parse_techniques("interview (management, supervisors, workers)")[0] == Techniques(
        interview=True, groups=frozenset({"management", "supervisors", "workers"})
    )
    assert parse_techniques("Document review + Interviews")[0] == Techniques(
        documentation=True, interview=True
    )
    assert parse_techniques("")[1].startswith("techniques is empty")


def test_a_duplicate_is_reported_even_on_a_row_with_other_problems():
    text = HEADER + GOOD_ROWS + "1,1.1,1.1.1,Again,lots,no,Documentation\n"
    assert errors_of(text) == [
        (6, "points “lots” is not a number."),
        (6, "item number 1.1.1 is duplicated (lines 2 and 6)."),
    ]
