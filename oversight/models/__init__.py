"""Oversight models, one module per area (qa.py, auditors.py, the figures and workplan
modules); each is imported here so Django finds it."""
