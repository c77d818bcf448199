"""The access matrix's appeal of one side (tests/security/matrix.py): a level-1 appeal of the
side's external report, filed, with its appeal form stored (rows written directly: the matrix
asks who reaches each page; tests/appeals walks the services)."""

from datetime import date


def side_objects(cast, engagement) -> dict:
    from appeals.documents import appeal_form_issue
    from appeals.enums import DecisionKind
    from appeals.models import Appeal, AppealStage

    appeal = Appeal.objects.create(
        kind=DecisionKind.EXTERNAL_REPORT,
        engagement=engagement,
        wsib_account=engagement.wsib_account,
        decision_maker=engagement.auditor.user,
        decision_summary="External audit report",
        report_received_on=date.today(),
        due_on=date.today(),
        filed_by=cast.smr,
    )
    AppealStage.objects.create(
        appeal=appeal,
        level=1,
        grounds="Item 1.1 was scored against evidence we did give.",
        filed_by=cast.smr,
        filed_on=date.today(),
        acknowledge_due_on=date.today(),
        decide_due_on=date.today(),
    )
    form = appeal_form_issue(appeal_id=appeal.pk)  # stored once (each request is rolled back)
    return {"appeal": appeal.pk, "appeal_form": form.pk}
