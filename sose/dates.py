"""The action plans' due dates [SPEC §5: D12, D18, D19] as pure functions. Dates are
calendar `date`s in the program's time zone (America/Toronto).

- D12: the SAP verification and the SOSE application within 12 calendar months of the
  initial external audit's completion (relativedelta: Feb 29 + 12 months → Feb 28). The
  completion is the day the external audit report was approved.
- D18: the ACSA proposal by the program year's spring deadline, the final submission by its
  fall deadline (ProgramYear.proposal_due_on / final_submission_due_on).
- D19: after a plan scored below the pass mark, the maintenance audit by December 31 of the
  plan's program year (ProgramYear.maintenance_audit_due_on when configured).
"""

from datetime import date

from dateutil.relativedelta import relativedelta


def d12_due(external_audit_completed_on: date) -> date:
    return external_audit_completed_on + relativedelta(months=12)


def d19_due(program_year: int, configured: date | None = None) -> date:
    return configured or date(program_year, 12, 31)
