"""Who may see and do what in equivalency (cor_portal.access scopes; django-rules predicates).

An employer's users see their own organization's spot checks (once the letter is issued: the
findings in progress are staff's), equivalency and reciprocity requests and certificates;
certifying-body staff see all [001 §8]. Staff open spot checks and issue their letters,
validate CAPs and decide referrals; the organization's SMR reports the CAP implemented and
files equivalency and reciprocity requests; a Lead Auditor decides equivalency [001 §6];
certifying-body staff decide reciprocity."""

import rules

from certification.rules import is_cb_staff, is_smr_of
from cor_portal.access import register_scoped
from cor_portal.accounts.enums import UserRole

from .enums import SpotCheckStatus
from .models import (
    EquivalencyCertificate,
    EquivalencyDocument,
    EquivalencyRequest,
    ReciprocityRequest,
    SpotCheck,
)

register_scoped(
    SpotCheck,
    organization="wsib_account__organization",
    only={"member": {"status__in": [s for s in SpotCheckStatus.values if s != "open"]}},
)
register_scoped(EquivalencyRequest, organization="organization")
register_scoped(EquivalencyDocument, organization="request__organization")
register_scoped(EquivalencyCertificate, organization="wsib_account__organization")
register_scoped(ReciprocityRequest, organization="organization")


@rules.predicate
def is_lead_auditor(user) -> bool:
    return user.is_authenticated and user.role == UserRole.LEAD_AUDITOR


rules.add_perm("equivalency.open_spot_check", is_cb_staff)
rules.add_perm("equivalency.issue_spot_check_letter", is_cb_staff)
rules.add_perm("equivalency.validate_spot_check", is_cb_staff)
rules.add_perm("equivalency.decide_spot_check", is_cb_staff)
rules.add_perm("equivalency.report_spot_check_cap", is_smr_of)
rules.add_perm("equivalency.request_equivalency", is_smr_of)
rules.add_perm("equivalency.decide_equivalency", is_lead_auditor)
rules.add_perm("equivalency.request_reciprocity", is_smr_of)
rules.add_perm("equivalency.decide_reciprocity", is_cb_staff)
