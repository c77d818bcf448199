"""Writes of the internal-audit workflow, one function per state transition [001 §2.4]:

- audit.py: audit_start, response_save, evidence_attach, evidence_remove, audit_submit
- review.py: pre_assessment_record, reviewer_assign, desk_review_save_item, review_complete
  (the reads — item scores, the reviewer's score, the review report context — are in
  audits/selectors.py)
- cap.py: cap_generate, cap_item_add, cap_item_update, cap_submit, cap_approve, cap_return

Every function is keyword-only, runs in one transaction, writes each status with a
conditional update (exactly one row, else DomainError), records history and notifies.
"""
