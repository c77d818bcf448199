"""The registry of document kinds: what a kind declares, and the registrations that are
programming errors."""

import pytest

from cor_portal.documents.registry import (
    Cardinality,
    DocumentKind,
    get_kind,
    kind_label,
    register_kind,
)

from .conftest import LETTER, sample_context


def test_domain_apps_register_their_kinds():
    letter = get_kind("registration_confirmation")
    assert (letter.prefix, letter.template_name, letter.cardinality) == (
        "RCL",
        "certification/pdf/registration_confirmation.html",
        Cardinality.ONE_PER_SUBJECT,
    )
    # Every document says how to verify it: both kinds carry a public verification code.
    assert letter.verification_code
    report = get_kind("internal_audit_review_report")
    assert (report.prefix, report.template_name) == ("IRR", "audits/pdf/review_report.html")
    assert report.verification_code
    assert kind_label("internal_audit_review_report") == "Internal audit review report"
    assert kind_label("registration_confirmation") == "Registration confirmation letter"


def test_unregistered_kind_is_a_lookup_error():
    with pytest.raises(LookupError, match="not registered"):
        get_kind("no_such_kind")
    with pytest.raises(LookupError):
        get_kind(LETTER)  # declared but never registered


def test_registering_the_same_kind_twice_is_harmless(kinds):
    assert register_kind(LETTER) is LETTER


def test_same_key_with_another_definition_is_refused(kinds):
    other = DocumentKind(
        key=LETTER.key, prefix="OTH", template_name="x.html", context=sample_context, label="x"
    )
    with pytest.raises(ValueError, match="already registered"):
        register_kind(other)
    assert get_kind(LETTER.key) is LETTER


def test_a_prefix_is_one_kind_s(kinds):
    # Two kinds sharing a prefix would hand out the same numbers from two counters.
    other = DocumentKind(
        key="test_other",
        prefix=LETTER.prefix,
        template_name="x.html",
        context=sample_context,
        label="x",
    )
    with pytest.raises(ValueError, match="already used by document kind test_letter"):
        register_kind(other)
    with pytest.raises(LookupError):
        get_kind("test_other")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("key", "Bad Key", "snake_case"),
        ("prefix", "rcl", "capital letters"),
        ("prefix", "R", "capital letters"),
        ("prefix", "RCL-", "capital letters"),
        ("cardinality", "two", "Unknown cardinality"),
        ("context", "not callable", "context builder"),
    ],
)
def test_a_malformed_kind_is_refused(field, value, message):
    values = {
        "key": "fine_key",
        "prefix": "FINE",
        "template_name": "x.html",
        "context": sample_context,
        "label": "x",
        field: value,
    }
    with pytest.raises(ValueError, match=message):
        DocumentKind(**values)
