"""Writes of the internal-audit workflow, one function per state transition [001 §2.4]:

- audit.py: audit_start, response_save, evidence_attach, evidence_remove, audit_submit
- review.py: pre_assessment_record, reviewer_assign, desk_review_save_item, review_complete
  (the reads — item scores, the reviewer's score, the review report context — are in
  audits/selectors.py)
- cap.py: cap_generate, cap_item_add, cap_item_update, cap_submit, cap_approve, cap_return
- tool.py: audit_tool_import (a draft version), audit_tool_publish, audit_tool_withdraw,
  published_tool (the version offered for new audits)
- restart.py: cycle_restart (the D2 consequence, set-based)

Every function is keyword-only, runs in one transaction, makes each status move through
its workflow table (audits/workflows.py: a conditional update of exactly one row, else
cor_portal.workflow.Conflict, with one typed history row), records history and notifies.
"""
