"""Pages of the internal-audit workflow: the employer's audit (fill in, evidence, submit),
the certifying body's queue, pre-assessment and desk review, the review report download, the
corrective action plan (audit.py, review.py, cap.py) and evidence downloads (downloads.py).
Reads come from audits.selectors; whether an action is offered is the same permission the
service checks (audits.rules). Objects are found through cor_portal.access (404 when not the
user's to see); every write is one service call (a refusal is shown, nothing changes)."""
