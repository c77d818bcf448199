"""The access matrix's appeal of one side (tests/security/matrix.py): a level-1 appeal of the
side's engagement report (rows written directly: tests/appeals walk the transitions), filed
by the side's SMR and decided by the engagement's auditor, with one stored version of the
appeal form."""

from datetime import date

from appeals.documents import appeal_form_issue
from appeals.enums import AppealStatus, DecisionKind
from appeals.models import Appeal, AppealStage


def side_objects(cast, engagement) -> dict:
    today = date.today()
    appeal = Appeal.objects.create(
        kind=DecisionKind.EXTERNAL_REPORT,
        engagement=engagement,
        wsib_account=engagement.wsib_account,
        decision_maker=engagement.auditor.user,
        decision_summary="External audit report: failed",
        report_received_on=today,
        status=AppealStatus.FILED,
        due_on=today,
        filed_by=cast.smr,
    )
    AppealStage.objects.create(
        appeal=appeal,
        level=1,
        grounds="Item 1.1 was scored against evidence we gave.",
        filed_by=cast.smr,
        filed_on=today,
        acknowledge_due_on=today,
        decide_due_on=today,
    )
    form = appeal_form_issue(appeal_id=appeal.pk)  # stored once: each request is rolled back
    return {"appeal": appeal.pk, "appeal_form": form.pk}
