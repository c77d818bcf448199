"""What equivalency adds to an account's standing (certification.standing_facts' hook):
`equivalent_until`, the last day an active equivalency certificate covers, and
`reciprocity`, an approved reciprocity for bidding in force today (never "certified")."""

from datetime import date
from typing import Any

from django.db.models import Q

from certification.enums import Standing

from .enums import EquivalencyCertificateStatus, ReciprocityStatus
from .models import EquivalencyCertificate, ReciprocityRequest
from .rules_pure import covers


def standing_facts(account_ids: list[int], today: date) -> dict[int, dict[str, Any]]:
    """Two queries for any number of accounts."""
    extra: dict[int, dict[str, Any]] = {}
    for account_id, issued_on, expiry in EquivalencyCertificate.objects.filter(
        wsib_account_id__in=account_ids, status=EquivalencyCertificateStatus.ACTIVE
    ).values_list("wsib_account_id", "issued_on", "expiry_date"):
        if covers(issued_on, today):
            extra.setdefault(account_id, {})["equivalent_until"] = date.fromordinal(
                expiry.toordinal() - 1
            )
    for account_id in ReciprocityRequest.objects.filter(
        Q(wsib_account_id__in=account_ids),
        status=ReciprocityStatus.APPROVED,
        valid_until__gte=today,
        submitted_on__lte=today,
    ).values_list("wsib_account_id", flat=True):
        extra.setdefault(account_id, {})["reciprocity"] = True
    return extra


def registry_rows(today: date) -> dict[int, dict[str, Any]]:
    """The public registry's rows of the accounts an equivalency certificate covers today
    (standing `equivalent`, SPEC §9), one query; certification's registry lists them beside
    the COR certificates (an account with an active COR certificate is listed by that)."""
    rows: dict[int, dict[str, Any]] = {}
    for (
        account_id,
        account_number,
        legal,
        operating,
        city,
        sector,
        number,
        issued_on,
        expiry,
    ) in EquivalencyCertificate.objects.filter(
        status=EquivalencyCertificateStatus.ACTIVE, issued_on__lte=today, expiry_date__gt=today
    ).values_list(
        "wsib_account_id",
        "wsib_account__account_number",
        "wsib_account__organization__legal_name",
        "wsib_account__organization__operating_name",
        "wsib_account__organization__city",
        "wsib_account__organization__sector",
        "number",
        "issued_on",
        "expiry_date",
    ):
        if not covers(issued_on, today):
            continue
        rows[account_id] = {
            "wsib_account_number": account_number,
            "organization": legal,
            "operating_name": operating,
            "city": city,
            "sector": sector,
            "certificate_number": number,
            "standing": str(Standing.EQUIVALENT),
            "anniversary_date": issued_on,
            "expiry_date": expiry,
        }
    return rows
