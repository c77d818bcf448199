"""Who sees an appeal (cor_portal.access): the organization's members, certifying-body staff,
and the external auditor of the engagement whose report is appealed."""

from cor_portal.access import register_scoped

from .models import Appeal, AppealStage

register_scoped(Appeal, organization="wsib_account__organization", engagement="engagement")
register_scoped(
    AppealStage, organization="appeal__wsib_account__organization", engagement="appeal__engagement"
)
