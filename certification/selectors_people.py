"""Transitional alias: the people selectors live in certification.selectors. Kept only
because audits/services/audit.py (another lane's file) still imports from here; delete it
once that import reads `from certification.selectors import readiness_for_account`."""

from certification.selectors import readiness_for_account

__all__ = ["readiness_for_account"]
