"""document_generate (cor_portal/documents/services.py) when the number it derives is taken."""

import pytest
from django.db import IntegrityError

from cor_portal.documents import services
from cor_portal.documents.models import GeneratedDocument
from tests.factories import OrganizationFactory


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(services, "render_pdf", lambda template_name, context: b"%PDF-1.4 test")


@pytest.mark.django_db
def test_a_number_taken_by_another_document_is_an_error_not_a_missing_document(fake_pdf):
    subject = OrganizationFactory()
    first = services.document_generate(
        subject=subject, kind="letter_a", prefix="TST", template_name="unused", context={}
    )

    # Same prefix and subject, another kind: the derived number is the first document's.
    with pytest.raises(IntegrityError):
        services.document_generate(
            subject=subject, kind="letter_b", prefix="TST", template_name="unused", context={}
        )

    assert list(GeneratedDocument.objects.all()) == [first]


@pytest.mark.django_db
def test_a_second_call_for_the_same_document_returns_the_stored_one(fake_pdf):
    subject = OrganizationFactory()
    first = services.document_generate(
        subject=subject, kind="letter_a", prefix="TST", template_name="unused", context={}
    )
    again = services.document_generate(
        subject=subject, kind="letter_a", prefix="TST", template_name="unused", context={}
    )
    assert again == first
    assert GeneratedDocument.objects.count() == 1
