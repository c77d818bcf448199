"""Helpers of the external-audit tests: approved auditors of two companies, and an account
walked along the external audit (chosen, accepted, plan approved, scored, reported)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from audits.enums import AuditKind, FindingKind
from audits.models import ExternalAuditor, ExternalEngagement
from certification.enums import CODE_OF_ETHICS_CURRENT_VERSION
from certification.models import CodeOfEthicsSignature
from cor_portal.accounts.enums import UserRole
from tests.audits.conftest import Flow
from tests.factories import UserFactory


def approved_auditor(admin, company: str = "Northern Audit Co.", **user) -> ExternalAuditor:
    from audits.services.roster import auditor_approve

    person = UserFactory(role=UserRole.EXTERNAL_AUDITOR, auditing_company=company, **user)
    CodeOfEthicsSignature.objects.create(
        user=person, signed_name=str(person), version=CODE_OF_ETHICS_CURRENT_VERSION
    )
    return auditor_approve(auditor=person.auditor_profile, by=admin)


PLAN = dict(
    scope="All elements, all sites",
    sites="Head office; yard",
    starts_on=date(2026, 10, 1),
    ends_on=date(2026, 10, 3),
    audit_days=Decimal("3"),
    interviews_management=2,
    interviews_supervisors=3,
    interviews_workers=8,
)


@dataclass
class External:
    flow: Flow
    auditor: ExternalAuditor
    colleague: ExternalAuditor
    other: ExternalAuditor
    extras: dict = field(default_factory=dict)

    @property
    def cast(self):
        return self.flow.cast

    def confirmed(self, points=None):
        """An internal audit whose desk review confirmed the benchmarks."""
        return self.flow.reviewed(points)

    def chosen(self, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import auditor_choose

        return auditor_choose(
            wsib_account=self.cast.wsib_account, auditor=auditor or self.auditor, by=self.cast.smr
        )

    def accepted(self, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import engagement_accept

        engagement = self.chosen(auditor)
        return engagement_accept(
            engagement=engagement, by=engagement.auditor.user, no_conflict=True
        )

    def plan_submitted(self, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import plan_save, plan_submit

        engagement = self.accepted(auditor)
        plan = plan_save(plan=engagement.plan, by=engagement.auditor.user, **PLAN)
        plan_submit(plan=plan, by=engagement.auditor.user)
        engagement.refresh_from_db()
        return engagement

    def plan_approved(self, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import plan_approve

        engagement = self.plan_submitted(auditor)
        plan_approve(plan=engagement.plan, by=self.cast.reviewer)
        return engagement

    def started(self, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import external_audit_start

        engagement = self.plan_approved(auditor)
        external_audit_start(engagement=engagement, by=engagement.auditor.user)
        engagement.refresh_from_db()
        return engagement

    def score(self, engagement, points=None):
        from audits.services.audit import response_save

        points = {**dict.fromkeys(self.flow.items, 10), **(points or {})}
        for number, item in self.flow.items.items():
            response_save(
                audit=engagement.audit,
                item=item,
                points_earned=points[number],
                not_applicable=False,
                note="",
                by=engagement.auditor.user,
            )

    def reported(self, points=None, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import finding_add, report_submit

        engagement = self.started(auditor)
        self.score(engagement, points)
        finding_add(
            engagement=engagement,
            by=engagement.auditor.user,
            kind=FindingKind.STRENGTH,
            text="Strong JHSC minutes.",
            element_number=1,
        )
        return report_submit(engagement=engagement, by=engagement.auditor.user)

    def decided(self, points=None, auditor=None) -> ExternalEngagement:
        from audits.services.engagement import report_approve

        engagement = self.reported(points, auditor)
        report_qa_cleared(engagement, by=self.cast.admin)
        return report_approve(engagement=engagement, by=self.cast.reviewer)


def report_qa_cleared(engagement, *, by) -> None:
    """Desktop QA clears the submitted report (the gate of report_approve)."""
    from audits.services.qa_gate import qa_clear

    qa_clear(by=by, engagement=engagement)


def make_external(flow: Flow) -> External:
    admin = flow.cast.admin
    return External(
        flow=flow,
        auditor=approved_auditor(admin, "Northern Audit Co."),
        colleague=approved_auditor(admin, "Northern Audit Co."),
        other=approved_auditor(admin, "Lakeshore Safety Audits"),
    )


__all__ = ["AuditKind", "External", "approved_auditor", "make_external", "timedelta"]
