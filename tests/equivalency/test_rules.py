"""The pure rules of spot checks and equivalency: D9, D10, D11 at their edges, the required
documents by name, and where an ISO 45001 request ends up [001 §4.4, §6]."""

from datetime import date

import pytest

from equivalency.enums import DocumentKind, EquivalencyKind, EquivalencyStatus
from equivalency.rules_pure import (
    NO_ONTARIO_WORK,
    NO_WSIB_ACCOUNT,
    cap_due,
    certificate_expiry,
    certificate_last_day,
    covers,
    equivalency_decision,
    missing_documents,
    review_due,
)


@pytest.mark.parametrize(
    ("letter", "due"),
    [
        (date(2026, 1, 1), date(2026, 4, 1)),
        (date(2026, 1, 31), date(2026, 5, 1)),  # month-end
        (date(2027, 12, 31), date(2028, 3, 30)),  # across a leap February
        (date(2028, 2, 29), date(2028, 5, 29)),  # from a leap day
        (date(2026, 12, 1), date(2027, 3, 1)),
    ],
)
def test_d9_is_90_calendar_days_after_the_letter(letter, due):
    assert cap_due(letter) == due
    assert (cap_due(letter) - letter).days == 90


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        (date(2026, 1, 31), date(2026, 3, 2)),  # month-end, short February
        (date(2028, 1, 31), date(2028, 3, 1)),  # leap February
        (date(2026, 12, 15), date(2027, 1, 14)),
    ],
)
def test_d10_is_30_calendar_days_after_submission(submitted, due):
    assert review_due(submitted) == due


@pytest.mark.parametrize(
    ("issued", "expiry", "last"),
    [
        (date(2026, 3, 1), date(2027, 3, 1), date(2027, 2, 28)),
        (date(2028, 2, 29), date(2029, 2, 28), date(2029, 2, 27)),  # leap day
        (date(2026, 12, 31), date(2027, 12, 31), date(2027, 12, 30)),
        (date(2027, 3, 1), date(2028, 3, 1), date(2028, 2, 29)),
    ],
)
def test_d11_one_year(issued, expiry, last):
    assert certificate_expiry(issued) == expiry
    assert certificate_last_day(issued) == last
    assert covers(issued, last) and not covers(issued, expiry)
    assert covers(issued, issued) and not covers(issued, date.fromordinal(issued.toordinal() - 1))


def test_iso_needs_its_form_report_and_certificate_by_name():
    assert missing_documents(EquivalencyKind.ISO_45001, [DocumentKind.ISO_FORM]) == [
        DocumentKind.ISO_AUDIT_REPORT,
        DocumentKind.ISO_CERTIFICATE,
    ]
    assert missing_documents(EquivalencyKind.ISO_45001, list(DocumentKind.values)) == []


def test_mltsd_needs_each_document_of_section_6_2():
    missing = missing_documents(EquivalencyKind.MLTSD, [])
    assert missing == [
        DocumentKind.MLTSD_AUDIT_REPORT,
        DocumentKind.MLTSD_ACCREDITATION,
        DocumentKind.MLTSD_AUDIT_ACTION_PLAN,
        DocumentKind.OHSMS_MANUAL,
        DocumentKind.MANAGEMENT_REVIEW,
        DocumentKind.MANAGEMENT_REVIEW_ACTION_PLAN,
        DocumentKind.MASTER_HAZARD_REGISTRY,
    ]
    # ISO's documents do not count for MLTSD.
    assert len(missing_documents(EquivalencyKind.MLTSD, [DocumentKind.ISO_AUDIT_REPORT])) == 7


@pytest.mark.parametrize(
    ("kind", "outcome", "wsib", "ontario", "status", "reasons"),
    [
        ("iso_45001", "approve", True, True, EquivalencyStatus.APPROVED, ()),
        ("iso_45001", "approve", False, True, EquivalencyStatus.RECIPROCITY, (NO_WSIB_ACCOUNT,)),
        ("iso_45001", "approve", True, False, EquivalencyStatus.RECIPROCITY, (NO_ONTARIO_WORK,)),
        (
            "iso_45001",
            "approve",
            False,
            False,
            EquivalencyStatus.RECIPROCITY,
            (NO_WSIB_ACCOUNT, NO_ONTARIO_WORK),
        ),
        ("iso_45001", "refuse", False, False, EquivalencyStatus.REFUSED, ()),
        ("mltsd", "approve", True, False, EquivalencyStatus.APPROVED, ()),
        ("mltsd", "refuse", True, True, EquivalencyStatus.REFUSED, ()),
    ],
)
def test_where_a_request_ends_up(kind, outcome, wsib, ontario, status, reasons):
    decision = equivalency_decision(
        kind=kind, outcome=outcome, has_wsib_account=wsib, ontario_work_in_scope=ontario
    )
    assert decision.status == status
    assert decision.reasons == reasons
