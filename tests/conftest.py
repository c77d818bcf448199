"""The standard cast and shared fixtures.

For organization-scoped objects: an owner (SMR), a colleague with a weaker role (internal
auditor, viewer), an outsider from another organization, an external auditor, and staff
(reviewer, administrator). Access tests run the cast against every page and endpoint."""

import os

import pytest

# Playwright runs an event loop in the test thread; the live server's ORM calls are sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _own_dashboard_counts(monkeypatch):
    """Each test its own cache namespace for the deadline dashboard's figures: they are kept
    for a minute in Redis, which outlives a test's database (tests that freeze the clock at
    one instant would otherwise read another test's figures)."""
    import uuid

    from cor_portal.deadlines import selectors

    monkeypatch.setattr(selectors, "DASHBOARD_CACHE_NAMESPACE", f"test-{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


_DB_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences", "live_server")


@pytest.fixture(autouse=True)
def _configured_programs(request):
    """The rows the migrations load (the programs IHSA and ACSA, the QA checklist) are gone
    once a transactional test has flushed the database, and `--dist loadfile` may run an
    ordinary test after it on the same worker: every test that uses the database gets them
    back first (get_or_create: nothing written when present)."""
    transactional = _is_transactional(request.node)
    if not (
        transactional
        or request.node.get_closest_marker("django_db")
        or any(name in request.fixturenames for name in _DB_FIXTURES)
    ):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from certification.models import Program
    from certification.services.programs import ensure_configured_programs
    from oversight.models import QaChecklistItem
    from oversight.qa import DEFAULT_CHECKLIST

    if not Program.objects.filter(code="ihsa").exists():
        ensure_configured_programs()
    if not QaChecklistItem.objects.exists():
        for order, (code, label_en, label_fr) in enumerate(DEFAULT_CHECKLIST, start=1):
            QaChecklistItem.objects.get_or_create(
                code=code, defaults={"label_en": label_en, "label_fr": label_fr, "order": order}
            )


@pytest.fixture
def cast(db):
    from tests.factories import make_cast

    return make_cast()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/lib/chromium/chromium"
        if os.path.exists("/usr/lib/chromium/chromium")
        else "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """A transactional test flushes every table when it ends, taking the rows the migrations
    load (the demo audit tool) with it. pytest-django runs such tests after the others, but
    `--dist loadfile` keeps a file together: a file that mixes both kinds would flush the
    database in the middle of a worker's run. Keep transactional tests in files of their own."""
    kinds: dict[str, set[bool]] = {}
    for item in items:
        kinds.setdefault(str(item.path), set()).add(_is_transactional(item))
    mixed = sorted(path for path, seen in kinds.items() if len(seen) == 2)
    if mixed:
        raise pytest.UsageError(
            "These files mix transactional and ordinary tests; move the transactional ones "
            "to a file of their own: " + ", ".join(mixed)
        )
