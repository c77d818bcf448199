"""Who sees an appeal (cor_portal.access): the organization's members, certifying-body staff,
and the external auditor of the engagement whose report is appealed. What each may do is a
django-rules permission on the appeal (or the decision appealed), asked by the pages to show
an action and by the services' own checks to refuse it: the organization's SMR files, takes a
denied appeal further and signs an agreement; the level's decider (appeals.services
.decider_may_act) acknowledges and decides; a program manager signs the level-2 agreement;
certifying-body staff see the appeals board."""

import rules

from certification.rules import is_cb_staff, is_smr_of
from cor_portal.access import register_scoped

from .models import Appeal, AppealStage

register_scoped(Appeal, organization="wsib_account__organization", engagement="engagement")
register_scoped(
    AppealStage, organization="appeal__wsib_account__organization", engagement="appeal__engagement"
)


@rules.predicate
def is_level_decider(user, appeal) -> bool:
    from .services import decider_may_act

    return appeal is not None and decider_may_act(user, appeal)


@rules.predicate
def is_agreement_party(user, appeal) -> bool:
    from .services.appeal import signer_role

    return appeal is not None and signer_role(appeal, user) is not None


rules.add_perm("appeals.file_appeal", is_smr_of)
rules.add_perm("appeals.escalate_appeal", is_smr_of)
rules.add_perm("appeals.decide_appeal", is_level_decider)
rules.add_perm("appeals.sign_appeal_agreement", is_agreement_party)
rules.add_perm("appeals.view_appeals_board", is_cb_staff)
