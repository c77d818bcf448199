"""Pages of the internal-audit workflow: the employer's audit (fill in, evidence, submit),
the certifying body's queue, pre-assessment and desk review, the review report download and
the corrective action plan. Objects are found through cor_portal.access (404 when not the
user's to see); every write is one service call (a refusal is shown, nothing changes)."""
