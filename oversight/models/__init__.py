"""Oversight models, one module per area (qa.py, auditors.py, the figures and workplan
modules); each is imported here so Django finds it."""

from .auditors import AuditorCpd, AuditorDeclaration, AuditorEvaluation, Eaqa, EthicsBreach
from .performance import OhsPerformance
from .qa import QaCheck, QaChecklistItem, QaReview

__all__ = [
    "AuditorCpd",
    "AuditorDeclaration",
    "AuditorEvaluation",
    "Eaqa",
    "EthicsBreach",
    "OhsPerformance",
    "QaCheck",
    "QaChecklistItem",
    "QaReview",
]
