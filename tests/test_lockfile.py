"""requirements.lock pins what pyproject.toml asks for: `make`'s venv step installs from the
lock (`pip install -r requirements.lock` then the project with `--no-deps`), so a dependency
added to or tightened in pyproject.toml without `make lock` would silently be missing."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def pinned(text: str) -> dict[str, Version]:
    pins = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        assert "==" in line and not line.startswith("-"), f"not a pin: {raw!r}"
        name, version = line.split("==", 1)
        pins[canonicalize_name(name.split("[", 1)[0])] = Version(version.split(";", 1)[0].strip())
    return pins


def stale(pyproject: dict, lock_text: str) -> list[str]:
    """What in pyproject's [project] dependencies and the dev extra the lock does not satisfy."""
    pins = pinned(lock_text)
    project = pyproject["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    problems = []
    for spec in wanted:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement.name} is not in requirements.lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement.name}=={pins[name]} does not satisfy {spec!r}")
    return problems


def test_the_lock_satisfies_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    problems = stale(pyproject, (ROOT / "requirements.lock").read_text())
    assert not problems, "requirements.lock is out of date (run `make lock`): " + "; ".join(
        problems
    )


def test_a_dependency_missing_from_the_lock_is_reported():
    pyproject = {"project": {"dependencies": ["django>=5.2,<5.3", "newlib>=1"]}}
    pyproject["project"]["optional-dependencies"] = {"dev": ["pytest>=8"]}
    lock = "# header\nDjango==5.2.19\npytest==8.3.0\n"
    assert stale(pyproject, lock) == ["newlib is not in requirements.lock"]


def test_a_pin_outside_the_range_is_reported():
    pyproject = {"project": {"dependencies": ["django>=5.2,<5.3"]}}
    pyproject["project"]["optional-dependencies"] = {"dev": []}
    assert stale(pyproject, "Django==5.1.4\n") == [
        "django==5.1.4 does not satisfy 'django>=5.2,<5.3'"
    ]
