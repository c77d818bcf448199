"""Reading an audit-tool file (CSV or Excel) into plain rows, with every bad row named.

The file: a header row, then one row per item, with the columns
    element, sub_section, item_number, text, points, legislated, techniques
Headers are matched case-insensitively; spaces and hyphens count as underscores, and a few
common spellings are accepted ("Sub-section", "Item number", "Points possible",
"Verification techniques"). Optional columns `element_title` and `sub_section_title`;
other columns are ignored. `element` is the element number, optionally followed by its
title ("1", "1. Health and Safety Policy", "1 – Health and Safety Policy"); `sub_section`
likewise ("1.1 Policy"). Every element needs a title in at least one row.

    points       a whole number of at least 1
    legislated   yes/no, true/false, y/n, 1/0
    techniques   Documentation, Interview (optionally naming groups: Management,
                 Supervisors, Workers) and Observation, joined by "and", ";", ",", "/" or
                 "+", e.g. "Documentation and Interview – Management, Workers".

Item numbers sit under their sub-section, which sits under its element: item 1.2.3 belongs
to sub-section 1.2 of element 1. In Excel, format the sub-section column as text: a number
cell stores 1.10 as 1.1.

Reading (audits.tool_io.read) and validation are pure (`validate_rows`, `parse_file`: bytes
in, plain dataclasses out, no database): every bad row is reported with its line number (the
spreadsheet row; for CSV the line in the file) and nothing is imported when any row is bad.
`audits.services.tool.audit_tool_import` writes a valid file as a new draft version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from audits.enums import InterviewGroup, TechniqueKind

from .read import MAX_FILE_BYTES, MAX_ROWS, RowError, ToolImportError, cell_text, read_rows

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ParseResult",
    "RowError",
    "ToolImportError",
    "parse_file",
    "read_rows",
    "validate_rows",
]

REQUIRED_COLUMNS = (
    "element",
    "sub_section",
    "item_number",
    "text",
    "points",
    "legislated",
    "techniques",
)
OPTIONAL_COLUMNS = ("element_title", "sub_section_title")
HEADER_ALIASES = {
    "subsection": "sub_section",
    "sub_section_number": "sub_section",
    "item": "item_number",
    "item_no": "item_number",
    "number": "item_number",
    "question": "text",
    "item_text": "text",
    "points_possible": "points",
    "score_possible": "points",
    "legislated_requirement": "legislated",
    "technique": "techniques",
    "verification_technique": "techniques",
    "verification_techniques": "techniques",
    "verification": "techniques",
    "element_number": "element",
}
TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})

_NUMBERED = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)*)\s*(?:[.:\-–—)]\s*)?(?P<title>.*?)\s*$")
_ITEM_NUMBER = re.compile(r"^\d+\.\d+\.\d+[a-z]?$")
_SUB_NUMBER = re.compile(r"^\d+\.\d+$")
_TECHNIQUE_SPLIT = re.compile(r"\s*(?:[;,/|+&:\-–—()]|\band\b)\s*", re.IGNORECASE)
_TECHNIQUE_WORDS = {
    "documentation": TechniqueKind.DOCUMENTATION,
    "documents": TechniqueKind.DOCUMENTATION,
    "document review": TechniqueKind.DOCUMENTATION,
    "documentation review": TechniqueKind.DOCUMENTATION,
    "interview": TechniqueKind.INTERVIEW,
    "interviews": TechniqueKind.INTERVIEW,
    "observation": TechniqueKind.OBSERVATION,
    "observations": TechniqueKind.OBSERVATION,
}
_GROUP_WORDS = {
    "management": InterviewGroup.MANAGEMENT,
    "managers": InterviewGroup.MANAGEMENT,
    "supervisor": InterviewGroup.SUPERVISORS,
    "supervisors": InterviewGroup.SUPERVISORS,
    "worker": InterviewGroup.WORKERS,
    "workers": InterviewGroup.WORKERS,
}


@dataclass(frozen=True)
class Techniques:
    documentation: bool = False
    interview: bool = False
    observation: bool = False
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ParsedItem:
    line: int
    element: int
    element_title: str
    sub_section: str
    sub_section_title: str
    number: str
    text: str
    points: int
    legislated: bool
    techniques: Techniques


@dataclass
class ParsedSubSection:
    number: str
    title: str
    items: list[ParsedItem] = field(default_factory=list)


@dataclass
class ParsedElement:
    number: int
    title: str
    sub_sections: list[ParsedSubSection] = field(default_factory=list)


@dataclass(frozen=True)
class ParseResult:
    elements: tuple[ParsedElement, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for e in self.elements for s in e.sub_sections)


# --- validating rows ------------------------------------------------------------------


def normalize_header(value: object) -> str:
    key = re.sub(r"[\s\-–]+", "_", cell_text(value).lower()).strip("_")
    return HEADER_ALIASES.get(key, key)


def parse_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    word = cell_text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_points(value: object) -> tuple[int | None, str | None]:
    """(points, None) or (None, problem)."""
    text = cell_text(value)
    if not text:
        return None, _("points is empty; give the item's points possible (a whole number).")
    if isinstance(value, bool):
        return None, _("points “%(value)s” is not a number.") % {"value": text}
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("points “%(value)s” is not a number.") % {"value": text}
    if not number.is_finite() or number != number.to_integral_value():
        return None, _("points “%(value)s” must be a whole number.") % {"value": text}
    if number < 1:
        return None, _("points must be at least 1 (got %(value)s).") % {"value": text}
    if number > 1000:
        return None, _("points %(value)s is more than 1000.") % {"value": text}
    return int(number), None


def parse_techniques(value: object) -> tuple[Techniques | None, str | None]:
    text = cell_text(value)
    if not text:
        return (
            None,
            _("techniques is empty; name at least one of Documentation, Interview, Observation."),
        )
    kinds: set[str] = set()
    groups: set[str] = set()
    unknown: list[str] = []
    for token in _TECHNIQUE_SPLIT.split(text):
        word = " ".join(token.lower().split())
        if not word:
            continue
        if word in _TECHNIQUE_WORDS:
            kinds.add(_TECHNIQUE_WORDS[word])
        elif word in _GROUP_WORDS:
            groups.add(_GROUP_WORDS[word])
        else:
            unknown.append(token)
    if unknown:
        names = ", ".join(f"“{u}”" for u in unknown)
        return None, _(
            "unknown verification technique %(names)s; use Documentation, Interview "
            "(– Management, Supervisors, Workers) or Observation."
        ) % {"names": names}
    if groups and TechniqueKind.INTERVIEW not in kinds:
        return None, _("interview groups are named but “Interview” is not.")
    if not kinds:
        return None, _("techniques names no technique.")
    return (
        Techniques(
            documentation=TechniqueKind.DOCUMENTATION in kinds,
            interview=TechniqueKind.INTERVIEW in kinds,
            observation=TechniqueKind.OBSERVATION in kinds,
            groups=frozenset(groups),
        ),
        None,
    )


def _split_numbered(value: object) -> tuple[str, str]:
    """("1.1", "Policy") from "1.1 Policy"; ("", text) when there is no leading number."""
    text = cell_text(value)
    match = _NUMBERED.match(text)
    if not match:
        return "", text
    return match["number"], match["title"]


def _parse_row(line: int, row: dict[str, object]) -> tuple[ParsedItem | None, list[RowError]]:
    errors: list[RowError] = []

    def bad(column: str, message: str) -> None:
        errors.append(RowError(line, message, column))

    element_number, element_title = _split_numbered(row.get("element"))
    if not element_number or "." in element_number or not 1 <= int(element_number) <= 999:
        bad(
            "element",
            _("element “%(value)s” is not an element number.")
            % {"value": cell_text(row.get("element"))},
        )
        element_number = ""
    else:
        element_number = str(int(element_number))  # "01" is element 1
    element_title = cell_text(row.get("element_title")) or element_title

    sub_number, sub_title = _split_numbered(row.get("sub_section"))
    sub_title = cell_text(row.get("sub_section_title")) or sub_title
    if not _SUB_NUMBER.match(sub_number) or len(sub_number) > 20:
        bad(
            "sub_section",
            _("sub-section “%(value)s” is not a sub-section number like 1.2.")
            % {"value": cell_text(row.get("sub_section"))},
        )
    elif element_number and sub_number.split(".")[0] != element_number:
        bad(
            "sub_section",
            _("sub-section %(sub)s is not under element %(element)s.")
            % {"sub": sub_number, "element": element_number},
        )

    item_number = cell_text(row.get("item_number"))
    if not _ITEM_NUMBER.match(item_number) or len(item_number) > 20:
        bad(
            "item_number",
            _("item number “%(value)s” is not an item number like 1.2.3.") % {"value": item_number},
        )
    elif _SUB_NUMBER.match(sub_number) and item_number.rsplit(".", 1)[0] != sub_number:
        bad(
            "item_number",
            _("item %(item)s is not under sub-section %(sub)s.")
            % {"item": item_number, "sub": sub_number},
        )

    text = cell_text(row.get("text"))
    if not text:
        bad("text", _("text is empty."))

    points, problem = parse_points(row.get("points"))
    if problem:
        bad("points", problem)

    legislated = parse_bool(row.get("legislated"))
    if legislated is None:
        bad(
            "legislated",
            _("legislated “%(value)s” must be yes or no (yes/no, true/false, y/n, 1/0).")
            % {"value": cell_text(row.get("legislated"))},
        )

    techniques, problem = parse_techniques(row.get("techniques"))
    if problem:
        bad("techniques", problem)

    if errors:
        return None, errors
    return (
        ParsedItem(
            line=line,
            element=int(element_number),
            element_title=element_title,
            sub_section=sub_number,
            sub_section_title=sub_title,
            number=item_number,
            text=text,
            points=points,
            legislated=legislated,
            techniques=techniques,
        ),
        [],
    )


def validate_rows(rows: list[tuple[int, list[object]]]) -> ParseResult:
    """Every problem of the file's rows (the first non-blank row is the header), and the
    tool's structure when there is none."""
    rows = [(line, cells) for line, cells in rows if any(cell_text(c) for c in cells)]
    if not rows:
        return ParseResult(
            (), (RowError(1, _("The file is empty: it needs a header row and items.")),)
        )
    header_line, header_cells = rows[0]
    columns = [normalize_header(c) for c in header_cells]
    errors: list[RowError] = []
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            errors.append(
                RowError(header_line, _("Missing column “%(name)s”.") % {"name": name}, name)
            )
    for name in sorted({c for c in columns if c and columns.count(c) > 1}):
        if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS:
            errors.append(
                RowError(
                    header_line,
                    _("Column “%(name)s” appears more than once.") % {"name": name},
                    name,
                )
            )
    if errors:
        return ParseResult((), tuple(errors))
    index = {
        name: columns.index(name)
        for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        if name in columns
    }

    body = rows[1:]
    if not body:
        return ParseResult(
            (), (RowError(header_line, _("The file has no items below the header.")),)
        )

    parsed: list[ParsedItem] = []
    first_line: dict[str, int] = {}
    for line, cells in body:
        row = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        item, row_errors = _parse_row(line, row)
        errors.extend(row_errors)
        if item:
            parsed.append(item)
        # Duplicates are checked on every row, also rows with other problems.
        number = cell_text(row.get("item_number"))
        if number and number in first_line:
            errors.append(
                RowError(
                    line,
                    _("item number %(number)s is duplicated (lines %(first)d and %(line)d).")
                    % {"number": number, "first": first_line[number], "line": line},
                    "item_number",
                )
            )
        elif number:
            first_line[number] = line

    # Across rows: one title per element / sub-section, and every element titled.
    element_titles: dict[int, tuple[str, int]] = {}
    sub_titles: dict[str, tuple[str, int]] = {}
    for item in parsed:
        if item.element_title:
            seen = element_titles.setdefault(item.element, (item.element_title, item.line))
            if seen[0] != item.element_title:
                errors.append(
                    RowError(
                        item.line,
                        _(
                            "element %(number)d is titled “%(title)s” here but “%(other)s” on "
                            "line %(line)d."
                        )
                        % {
                            "number": item.element,
                            "title": item.element_title,
                            "other": seen[0],
                            "line": seen[1],
                        },
                        "element",
                    )
                )
        if item.sub_section_title:
            seen = sub_titles.setdefault(item.sub_section, (item.sub_section_title, item.line))
            if seen[0] != item.sub_section_title:
                errors.append(
                    RowError(
                        item.line,
                        _(
                            "sub-section %(number)s is titled “%(title)s” here but “%(other)s” "
                            "on line %(line)d."
                        )
                        % {
                            "number": item.sub_section,
                            "title": item.sub_section_title,
                            "other": seen[0],
                            "line": seen[1],
                        },
                        "sub_section",
                    )
                )
    reported: set[int] = set()
    for item in parsed:
        if item.element not in element_titles and item.element not in reported:
            reported.add(item.element)
            errors.append(
                RowError(
                    item.line,
                    _(
                        "element %(number)d has no title in any row; write it after the number "
                        "(“1. Health and Safety Policy”) or in an element_title column."
                    )
                    % {"number": item.element},
                    "element",
                )
            )
        if len(item.text) > 5000:
            errors.append(RowError(item.line, _("text is longer than 5000 characters."), "text"))
        for message, value, limit in (
            (
                _("element title is longer than %(limit)d characters."),
                element_titles.get(item.element, ("", 0))[0],
                200,
            ),
            (
                _("sub-section title is longer than %(limit)d characters."),
                item.sub_section_title,
                200,
            ),
        ):
            if len(value) > limit:
                errors.append(RowError(item.line, message % {"limit": limit}))

    if errors:
        errors.sort(key=lambda e: e.line)
        return ParseResult((), tuple(errors))

    # Structure in file order.
    elements: dict[int, ParsedElement] = {}
    subs: dict[str, ParsedSubSection] = {}
    for item in parsed:
        element = elements.get(item.element)
        if element is None:
            element = elements[item.element] = ParsedElement(
                item.element, element_titles[item.element][0]
            )
        sub = subs.get(item.sub_section)
        if sub is None:
            title = sub_titles.get(item.sub_section, ("", 0))[0]
            sub = subs[item.sub_section] = ParsedSubSection(item.sub_section, title)
            element.sub_sections.append(sub)
        sub.items.append(item)
    return ParseResult(tuple(elements.values()), ())


def parse_file(data: bytes, filename: str) -> ParseResult:
    try:
        rows = read_rows(data, filename)
    except ToolImportError as exc:
        return ParseResult((), exc.errors)
    return validate_rows(rows)
