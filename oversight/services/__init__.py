"""Writes of the oversight area, one module per lifecycle (qa.py, auditors.py, …)."""
