"""What equivalency adds to an account's standing (certification.standing_facts' hook):
`equivalent_until`, the last day an active equivalency certificate covers, and
`reciprocity`, an approved reciprocity for bidding in force today (never "certified")."""

from datetime import date
from typing import Any

from django.db.models import Q

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
