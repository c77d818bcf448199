"""Every move of every workflow table (cor_portal/workflow.py) is made by exactly one call
site, and no other code writes a workflow's status field. Read from the source with `ast`,
so a new service that writes `status=` by hand, or a second place that makes the same move,
fails here."""

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from cor_portal.workflow import workflows

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = [
    "cor_portal",
    "certification",
    "audits",
    "sose",
    "appeals",
    "oversight",
    "equivalency",
]
# The sweep claims missed deadlines set-based in one UPDATE … RETURNING per due day (the
# performance issue depends on it); it is the one place the MISSED move is made.
RAW_SQL_MOVES = {
    ("DEADLINE_FLOW", "DeadlineAction.MISSED"): "cor_portal/deadlines/services/sweeper.py"
}
HELPER = "cor_portal/workflow.py"
# Not lifecycles: the e-mail outbox's delivery state (queued → sending → sent/failed) is a
# work queue claimed with its own conditional updates, and a history row per e-mail sent
# would double every sweep's writes.
NOT_A_LIFECYCLE = {"cor_portal/notifications/services.py"}


def _sources():
    for top in SOURCE_DIRS:
        base = ROOT / top
        if not base.exists():
            continue
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or "/management/commands/seed_" in rel:
                continue
            yield rel, ast.parse(path.read_text(), filename=rel)


def _dotted(node) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _scan():
    moves: dict[tuple[str, str], list[str]] = defaultdict(list)
    untyped: list[str] = []
    writes: list[tuple[str, str]] = []
    fields = {wf.field for wf in workflows()}
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                if name in {"move", "move_set"} and isinstance(node.func.value, ast.Name):
                    action = node.args[1] if len(node.args) > 1 else None
                    for kw in node.keywords:
                        if kw.arg == "action":
                            action = kw.value
                    key = _dotted(action)
                    where = f"{rel}:{node.lineno}"
                    if key is None:
                        untyped.append(where)
                    else:
                        moves[(node.func.value.id, key)].append(where)
                if name == "update" and rel != HELPER:
                    for kw in node.keywords:
                        if kw.arg in fields:
                            writes.append((f"{rel}:{node.lineno}", f"update({kw.arg}=…)"))
                if name == "save":
                    for kw in node.keywords:
                        if kw.arg == "update_fields" and isinstance(kw.value, ast.List | ast.Tuple):
                            named = {getattr(e, "value", None) for e in kw.value.elts}
                            if named & fields:
                                writes.append((f"{rel}:{node.lineno}", "save(update_fields=…)"))
            if isinstance(node, ast.Assign | ast.AugAssign) and rel != HELPER:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and target.attr in fields:
                        writes.append((f"{rel}:{node.lineno}", f".{target.attr} = …"))
    return moves, untyped, writes


def _names():
    """The module-level name each workflow is bound to (what call sites use)."""
    names = {}
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith(tuple(SOURCE_DIRS)):
            continue
        for name, value in vars(module).items():
            for wf in workflows():
                if value is wf:
                    names[id(wf)] = name
    return names


def test_there_are_workflow_tables():
    assert len(workflows()) >= 1


def test_every_move_is_made_by_exactly_one_call_site():
    moves, untyped, _writes = _scan()
    names = _names()
    problems = []
    for wf in workflows():
        flow = names.get(id(wf))
        assert flow, f"{wf!r} is not bound to a module-level name"
        for action in wf.moves:
            key = (flow, f"{type(action).__name__}.{action.name}")
            sites = moves.get(key, [])
            if key in RAW_SQL_MOVES:
                assert sites == [], f"{key} is made by raw SQL in {RAW_SQL_MOVES[key]}"
                assert "RETURNING" in (ROOT / RAW_SQL_MOVES[key]).read_text()
                continue
            if len(sites) != 1:
                problems.append(f"{key}: {len(sites)} call sites {sites}")
    assert problems == []
    assert untyped == [], "a move must name its action as Enum.MEMBER"


def test_no_code_but_the_workflow_writes_a_status_field():
    _moves, _untyped, writes = _scan()
    allowed = {*RAW_SQL_MOVES.values(), *NOT_A_LIFECYCLE}
    offending = [w for w in writes if w[0].split(":")[0] not in allowed]
    assert offending == []


@pytest.mark.parametrize("source", ["x.status = 'done'", "Audit.objects.update(status='done')"])
def test_the_scan_catches_a_hand_written_status_write(source, tmp_path, monkeypatch):
    tree = ast.parse(source)
    monkeypatch.setattr(sys.modules[__name__], "_sources", lambda: [("audits/fake.py", tree)])
    _moves, _untyped, writes = _scan()
    assert writes and writes[0][0] == "audits/fake.py:1"
