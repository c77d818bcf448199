"""The audits app's workflow tables: every move of INTERNAL_REVIEW_FLOW and CAP_FLOW is made
by exactly one call site in audits/services/, and no audits code writes a status field
any other way."""

import ast
from collections import Counter
from pathlib import Path

import pytest

from audits.workflows import CAP_FLOW, INTERNAL_REVIEW_FLOW

AUDITS = Path(__file__).resolve().parents[2] / "audits"
SOURCES = [p for p in AUDITS.rglob("*.py") if "migrations" not in p.parts]


def _calls():
    """(file, method, action member name) for every `.move(` / `.move_set(` call."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("move", "move_set")
            ):
                for arg in node.args:
                    if (
                        isinstance(arg, ast.Attribute)
                        and isinstance(arg.value, ast.Name)
                        and arg.value.id == "AuditAction"
                    ):
                        yield path, node.func.attr, arg.attr


@pytest.mark.parametrize("flow", [INTERNAL_REVIEW_FLOW, CAP_FLOW], ids=repr)
def test_every_move_is_made_by_exactly_one_service(flow):
    calls = list(_calls())
    counts = Counter(member for _path, _method, member in calls)
    for action in flow.moves:
        assert counts[action.name] == 1, (action, counts[action.name])
    for path, _method, member in calls:
        assert path.parent.name == "services", (path, member)


def test_no_other_code_writes_a_status_field():
    offenders = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and any(k.arg == "status" for k in node.keywords)
            ):
                offenders.append((path.name, node.lineno))
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr == "status" for t in node.targets
            ):
                offenders.append((path.name, node.lineno))
    assert offenders == []
