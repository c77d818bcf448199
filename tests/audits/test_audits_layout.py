"""Where the audits area's code lives: reads in audits/selectors.py, writes in services, the
home page without views, one D1 due-date annotation (cor_portal.deadlines.selectors)."""

import ast
from pathlib import Path

AUDITS = Path(__file__).resolve().parents[2] / "audits"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_home_page_imports_no_views():
    assert not {m for m in _imports(AUDITS / "homepage.py") if m.startswith("audits.views")}


def test_pages_and_api_write_no_deadline_query_of_their_own():
    for path in [*(AUDITS / "views").glob("*.py"), *(AUDITS / "api").glob("*.py")]:
        assert "cor_portal.deadlines.models" not in _imports(path), path.name
        assert "Deadline.objects" not in path.read_text(), path.name


def test_review_services_hold_only_writes():
    tree = ast.parse((AUDITS / "services" / "review.py").read_text())
    public = {
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
    }
    assert public == {
        "pre_assessment_record",
        "reviewer_assign",
        "desk_review_save_item",
        "review_complete",
    }
