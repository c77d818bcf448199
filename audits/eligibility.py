"""Who may be chosen as an account's external auditor [001 §3.2, §3.4; SPEC §4.1 step 5].
Pure rules: no ORM, no request. The engagement service gathers the facts and refuses with
every problem found, each naming its rule and why.

- the auditor is on the approved list (not awaiting approval, suspended or removed) and has
  signed the current Code of Ethics [001 §4.5];
- never the auditor of the account's previous external audit, nor anyone of the same
  auditing company ("external auditors or auditing companies may not audit the same
  organization for the two consecutive external audits");
- never someone who provided consulting services to the organization, nor someone who
  declared another conflict of interest with it.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _


class Rule(StrEnum):
    NOT_APPROVED = "not_approved"
    SUSPENDED = "suspended"
    REMOVED = "removed"
    NO_CODE_OF_ETHICS = "no_code_of_ethics"
    SAME_AUDITOR = "same_auditor"
    SAME_COMPANY = "same_company"
    CONSULTED = "consulted"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class AuditorFacts:
    auditor_id: int
    name: str
    status: str  # audits.enums.AuditorStatus value
    company_id: int | None = None
    company_name: str = ""
    status_since: date | None = None
    status_reason: str = ""
    signed_code_of_ethics: bool = False
    # The kinds (audits.enums.ConflictKind values) declared with the audited organization.
    conflicts_with_organization: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PreviousAudit:
    """The account's previous external audit (its report approved on `decided_on`)."""

    auditor_id: int
    auditor_name: str
    company_id: int | None
    company_name: str
    decided_on: date | None


@dataclass(frozen=True)
class Refusal:
    rule: Rule
    message: str


def eligibility_problems(auditor: AuditorFacts, previous: PreviousAudit | None) -> list[Refusal]:
    """Every reason `auditor` cannot be chosen (empty: they can)."""
    problems: list[Refusal] = []
    name = auditor.name
    since = auditor.status_since.isoformat() if auditor.status_since else ""
    if auditor.status == "pending":
        problems.append(
            Refusal(
                Rule.NOT_APPROVED,
                _("%(name)s is not on the approved list of external auditors yet.")
                % {"name": name},
            )
        )
    elif auditor.status == "suspended":
        problems.append(
            Refusal(
                Rule.SUSPENDED,
                _(
                    "%(name)s is suspended from the list of external auditors since %(date)s: "
                    "%(reason)s"
                )
                % {"name": name, "date": since, "reason": auditor.status_reason},
            )
        )
    elif auditor.status == "removed":
        problems.append(
            Refusal(
                Rule.REMOVED,
                _("%(name)s was removed from the list of external auditors on %(date)s: %(reason)s")
                % {"name": name, "date": since, "reason": auditor.status_reason},
            )
        )
    elif auditor.status != "approved":
        problems.append(
            Refusal(
                Rule.NOT_APPROVED,
                _("%(name)s is not on the approved list of external auditors.") % {"name": name},
            )
        )
    if not auditor.signed_code_of_ethics:
        problems.append(
            Refusal(
                Rule.NO_CODE_OF_ETHICS,
                _("%(name)s has not signed the current COR Program Code of Ethics.")
                % {"name": name},
            )
        )
    if previous is not None:
        when = previous.decided_on.isoformat() if previous.decided_on else ""
        if previous.auditor_id == auditor.auditor_id:
            problems.append(
                Refusal(
                    Rule.SAME_AUDITOR,
                    _(
                        "%(name)s did this account's previous external audit (report of "
                        "%(date)s); the same auditor may not do two consecutive external "
                        "audits."
                    )
                    % {"name": name, "date": when},
                )
            )
        elif previous.company_id is not None and previous.company_id == auditor.company_id:
            problems.append(
                Refusal(
                    Rule.SAME_COMPANY,
                    _(
                        "%(name)s works for %(company)s, whose auditor %(previous)s did this "
                        "account's previous external audit (report of %(date)s); the same "
                        "auditing company may not do two consecutive external audits."
                    )
                    % {
                        "name": name,
                        "company": auditor.company_name,
                        "previous": previous.auditor_name,
                        "date": when,
                    },
                )
            )
    if "consulting" in auditor.conflicts_with_organization:
        problems.append(
            Refusal(
                Rule.CONSULTED,
                _(
                    "%(name)s provided consulting services to this organization and cannot "
                    "be its external auditor."
                )
                % {"name": name},
            )
        )
    if auditor.conflicts_with_organization - {"consulting"}:
        problems.append(
            Refusal(
                Rule.CONFLICT,
                _("%(name)s declared a conflict of interest with this organization.")
                % {"name": name},
            )
        )
    return problems
