"""Who may see and do what in oversight: certifying-body staff only [SPEC §1: reviewers do
QA; program managers and administrators decide the roster]. Employers and auditors see none
of it (an auditor's own evaluations and EAQAs are the certifying body's records)."""

import rules
from django.db.models import QuerySet

from certification.rules import is_administrator, is_cb_staff
from cor_portal.access import register_scope
from cor_portal.errors import NotAllowed

from .models import (
    AuditorCpd,
    AuditorDeclaration,
    AuditorEvaluation,
    Eaqa,
    EthicsBreach,
    KpiResult,
    QaCheck,
    QaReview,
    Workplan,
)


@rules.predicate
def is_program_director(user) -> bool:
    from cor_portal.accounts.enums import UserRole

    return user.is_authenticated and user.role == UserRole.PROGRAM_DIRECTOR


def _staff_only(user, qs: QuerySet) -> QuerySet:
    if user.is_certifying_body_staff or user.is_superuser:
        return qs
    return qs.none()


for _model in (
    QaReview,
    QaCheck,
    AuditorEvaluation,
    Eaqa,
    AuditorDeclaration,
    AuditorCpd,
    EthicsBreach,
    Workplan,
    KpiResult,
):
    register_scope(_model)(_staff_only)

rules.add_perm("oversight.do_qa", is_cb_staff)
rules.add_perm("oversight.view_oversight", is_cb_staff)
rules.add_perm("oversight.manage_auditor_quality", is_cb_staff)
rules.add_perm("oversight.remove_auditor", is_administrator)
# The workplan [004]: staff keep it; the board chair's approval is recorded by a program
# director or an administrator.
rules.add_perm("oversight.manage_workplan", is_cb_staff)
rules.add_perm("oversight.approve_workplan", is_program_director | is_administrator)


def require(user, permission: str, message) -> None:
    if not user.has_perm(permission):
        raise NotAllowed(str(message))
