"""Desktop QA rules [004 mandate 5] as plain functions: no ORM, no request."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .enums import QaCheckAnswer

# The checklist a QA review starts from (the configurable list is seeded with these; an
# administrator adds, rewords or retires lines in Django admin).
DEFAULT_CHECKLIST = (
    ("errors_of_fact", "Errors of fact", "Erreurs de fait"),
    ("arithmetic_errors", "Arithmetic errors", "Erreurs de calcul"),
    ("internal_inconsistencies", "Internal inconsistencies", "Incohérences internes"),
    ("lack_of_detail", "Lack of detail", "Manque de détails"),
    ("protocol_failures", "Failures to follow the audit protocol", "Non-respect du protocole"),
    ("suspected_plagiarism", "Suspected plagiarism", "Plagiat soupçonné"),
)


@dataclass(frozen=True)
class CheckLine:
    label: str
    answer: str
    comment: str = ""


def release_problems(lines: Sequence[CheckLine]) -> list[str]:
    """Why a QA review may not release the result: a line not checked yet, or a concern
    found (a concern is returned to the auditor or sent to a verification audit)."""
    problems = []
    if not lines:
        problems.append(_("The QA review has no checklist; it cannot be released."))
    for line in lines:
        if line.answer == QaCheckAnswer.UNCHECKED:
            problems.append(_("Check “%(line)s” before releasing.") % {"line": line.label})
        elif line.answer == QaCheckAnswer.CONCERN:
            problems.append(
                _(
                    "“%(line)s”: a concern was found; return the audit to the auditor or "
                    "require a verification audit."
                )
                % {"line": line.label}
            )
    return problems


def answer_problems(answer: str, comment: str) -> list[str]:
    """A checklist answer: one of the answers; a concern says what it is."""
    if answer not in QaCheckAnswer.values:
        return [
            _("Answer with one of: %(answers)s.") % {"answers": ", ".join(QaCheckAnswer.values)}
        ]
    if answer == QaCheckAnswer.CONCERN and not comment.strip():
        return [_("Say what the concern is.")]
    return []


def qa_coverage_pct(*, released: int, released_after_qa: int) -> Decimal | None:
    """The QA coverage figure: of the audit results released in a period, the percentage a
    QA review released first, to one decimal (half up). None when nothing was released."""
    if released < 0 or released_after_qa < 0 or released_after_qa > released:
        raise ValueError("0 <= released_after_qa <= released")
    if released == 0:
        return None
    pct = Decimal(released_after_qa) * 100 / Decimal(released)
    return pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def independent(*, qa_reviewer_id: int, worker_ids: Iterable[int | None]) -> bool:
    """QA is done by someone other than who did the work it checks (the desk reviewer, or
    the certifying-body staff deciding the external report)."""
    return qa_reviewer_id not in {w for w in worker_ids if w is not None}
