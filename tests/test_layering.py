"""The layering import-linter checks (pyproject.toml) cannot see an import by string. No module
of our apps may load another of our apps by name (`import_module`, `__import__`,
`import_string`): that is how an upward dependency hides from the contract. A module may load
its own app's modules by name (e.g. a data migration's helper); anything whose name is not a
literal cannot be checked, so it is refused too. Outside migrations (which must use historical
models), `apps.get_model("label", …)` of another app's model is refused for the same reason."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Our apps, longest first so that "cor_portal.deadlines" wins over the project "cor_portal".
APPS = [
    "cor_portal.accounts",
    "cor_portal.deadlines",
    "cor_portal.documents",
    "cor_portal.history",
    "cor_portal.notifications",
    "certification",
    "audits",
    "sose",
    "appeals",
    "oversight",
    "cor_portal",
]
STRING_IMPORTS = {"import_module", "__import__", "import_string"}
# App labels as get_model() takes them.
LABELS = {
    "accounts": "cor_portal.accounts",
    "deadlines": "cor_portal.deadlines",
    "documents": "cor_portal.documents",
    "history": "cor_portal.history",
    "notifications": "cor_portal.notifications",
    "certification": "certification",
    "audits": "audits",
    "sose": "sose",
    "appeals": "appeals",
    "oversight": "oversight",
}


def _app_of(dotted: str) -> str | None:
    return next((a for a in APPS if dotted == a or dotted.startswith(a + ".")), None)


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def string_imports_across_apps(source: str, module: str) -> list[str]:
    """The string imports in `source` (the code of `module`) that name another of our apps or
    a name that is not a literal; one line per finding."""
    own_app = _app_of(module)
    findings = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if _called_name(node) == "get_model" and ".migrations." not in module:
            label = node.args[0] if node.args else None
            if isinstance(label, ast.Constant) and isinstance(label.value, str):
                target_app = LABELS.get(label.value.split(".")[0])
                if target_app is not None and target_app != own_app:
                    findings.append(
                        f"{module}:{node.lineno} loads a model of {label.value!r} by name"
                    )
            continue
        if _called_name(node) not in STRING_IMPORTS:
            continue
        target = node.args[0] if node.args else None
        if not (isinstance(target, ast.Constant) and isinstance(target.value, str)):
            findings.append(f"{module}:{node.lineno} loads a module whose name is not a literal")
            continue
        target_app = _app_of(target.value)
        if target_app is not None and target_app != own_app:
            findings.append(f"{module}:{node.lineno} loads {target.value!r} by name")
    return findings


def _our_modules():
    for package in ("cor_portal", "certification", "audits", "sose", "appeals"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            yield path, ".".join(relative.parts)


def test_no_app_loads_another_app_by_name():
    findings = [
        finding
        for path, module in _our_modules()
        for finding in string_imports_across_apps(path.read_text(), module)
    ]
    assert findings == []


# The seed_demo command as it was: certification named the apps above it by string.
OLD_SEED_DEMO = """
def _later_steps(self):
    from importlib import import_module

    steps = []
    for module in ("audits.demo", "cor_portal.deadlines.demo"):
        steps.append(import_module(module).seed)
    return steps
"""


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        (
            OLD_SEED_DEMO,
            "certification.management.commands.seed_demo",
            [
                "certification.management.commands.seed_demo:7 loads a module whose name is not"
                " a literal"
            ],
        ),
        (
            'import importlib\nimportlib.import_module("audits.demo")\n',
            "certification.demo",
            ["certification.demo:2 loads 'audits.demo' by name"],
        ),
        (
            '__import__("certification.models")\n',
            "cor_portal.deadlines.services",
            ["cor_portal.deadlines.services:1 loads 'certification.models' by name"],
        ),
        (
            "from django.utils.module_loading import import_string\n"
            'import_string("cor_portal.deadlines.demo.seed")\n',
            "cor_portal.accounts.demo",
            ["cor_portal.accounts.demo:2 loads 'cor_portal.deadlines.demo.seed' by name"],
        ),
        (
            'from django.apps import apps\napps.get_model("audits", "Audit")\n',
            "certification.selectors",
            ["certification.selectors:2 loads a model of 'audits' by name"],
        ),
        (
            'apps.get_model("sose.ActionPlan")\n',
            "cor_portal.history.services",
            ["cor_portal.history.services:1 loads a model of 'sose.ActionPlan' by name"],
        ),
        # Its own app, a migration's historical models, or a module that is not ours, is no
        # hidden dependency.
        ('apps.get_model("audits", "Audit")\n', "audits.selectors", []),
        ('apps.get_model("certification", "Person")\n', "audits.migrations.0009_x", []),
        ('import_module("audits.migrations.0002_x")\n', "audits.demo", []),
        ('import_module("json")\n', "cor_portal.api", []),
    ],
)
def test_the_check_finds_a_string_import_across_apps(source, module, expected):
    assert string_imports_across_apps(source, module) == expected
