"""Two document kinds of our own (a one-per-subject letter and a many-version statement with
a verification code) rendered from a small template, with organizations as subjects."""

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from cor_portal.documents.registry import Cardinality, DocumentKind, register_kind, unregister_kind

TEMPLATES = Path(__file__).parent / "templates"


def sample_context(subject) -> dict:
    return {"name": subject.legal_name}


LETTER = DocumentKind(
    key="test_letter",
    prefix="TLT",
    template_name="documents_test/sample.html",
    context=sample_context,
    label="Test letter",
)
STATEMENT = DocumentKind(
    key="test_statement",
    prefix="TST",
    template_name="documents_test/sample.html",
    context=sample_context,
    label="Test statement",
    cardinality=Cardinality.MANY_VERSIONS,
    verification_code=True,
)


@pytest.fixture
def kinds(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES]}]
    register_kind(LETTER)
    register_kind(STATEMENT)
    yield SimpleNamespace(letter=LETTER, statement=STATEMENT)
    unregister_kind(LETTER.key)
    unregister_kind(STATEMENT.key)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 15, tzinfo=ZoneInfo("America/Toronto")), tick=False)
    return time_machine


@pytest.fixture
def organizations(db):
    from tests.factories import OrganizationFactory

    return OrganizationFactory.create_batch(3)
