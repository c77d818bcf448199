"""Writes of the action-plan engine: one function per transition (sose.services.plan), the
Ministry package and the submission's zip (sose.services.package)."""
