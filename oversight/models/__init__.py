"""Oversight models, one module per area (qa.py, auditors.py, the figures and workplan
modules); each is imported here so Django finds it."""

from .auditors import AuditorCpd, AuditorDeclaration, AuditorEvaluation, Eaqa, EthicsBreach
from .performance import OhsPerformance
from .qa import QaCheck, QaChecklistItem, QaReview
from .workplan import (
    ActivityProgress,
    KpiResult,
    Workplan,
    WorkplanActivity,
    WorkplanKpi,
    WorkplanMandate,
)

__all__ = [
    "ActivityProgress",
    "AuditorCpd",
    "AuditorDeclaration",
    "AuditorEvaluation",
    "Eaqa",
    "EthicsBreach",
    "KpiResult",
    "OhsPerformance",
    "QaCheck",
    "QaChecklistItem",
    "QaReview",
    "Workplan",
    "WorkplanActivity",
    "WorkplanKpi",
    "WorkplanMandate",
]
