"""Who may see and do what with audit tools.

An audit tool is the program's published protocol, not an organization's information:
every signed-in user may read every version. Only administrators import a new version."""

import rules
from django.db.models import QuerySet

from cor_portal.access import register_scope

from .models import AuditTool, Element, Item, SubSection


def _everyone_signed_in(user, qs: QuerySet) -> QuerySet:
    return qs  # access.visible() already returns none() for anonymous or inactive users


for _model in (AuditTool, Element, SubSection, Item):
    register_scope(_model)(_everyone_signed_in)


@rules.predicate
def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_administrator


rules.add_perm("audits.import_audit_tool", is_administrator)
