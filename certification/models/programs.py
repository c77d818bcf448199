"""Programs: the rule set of one certifying partner [SPEC §6.3, DOMAIN-NOTES "Other
provinces"]. IHSA (Ontario) is the default program and owns every row that existed before
programs did; ACSA (Alberta) ships as a second configured program (migration 0005). Every
rule that differs between programs is a column here, never an `if` on a province.

How to read a program (for the other apps):

* **Benchmarks** — `program.benchmark_overall_pct / benchmark_element_pct /
  benchmark_legislated_pct` (Decimal percent; IHSA 80 / 65 / 100, ACSA 80 / 50 / 100). They are
  the defaults of a new audit-tool version of the program (`audits.AuditTool.program`); an
  audit is scored with *its tool version's* benchmarks (`audit.tool.benchmarks`), so a later
  change to the program never rescores an old audit. `program.benchmark_values()` gives the
  three as a dict of those field names.
* **Audit-tool versions** — `program.audit_tools` (reverse of `AuditTool.program`); the one
  offered for new audits is `audits.services.tool.published_tool(program)`.
* **Action-plan kinds** — `program.action_plan_kinds`: a list of kind codes the program
  offers, e.g. `["sose_sap"]` (IHSA) and `["acsa_maintenance"]` (ACSA). The action-plan
  engine (sose) keeps each kind's configuration keyed by that code; `program.offers(kind)`.
* **Program-year calendar** — `program.years` (ProgramYear rows, one per program and
  year): `proposal_due_on` (ACSA's spring deadline), `final_submission_due_on` (the fall
  deadline) and `maintenance_audit_due_on` (ACSA's December 31 after a plan below the pass
  mark, D19). Dates are calendar days in America/Toronto. `program.year_for(date)` is the
  program year whose [starts_on, ends_on] holds that date, or None; the dates a program has
  not configured are None.
* **Compensation-board account** — `program.account_format` (label "WSIB"/"WCB", minimum and
  maximum digits) for `certification.programs.account_number_problem`, and
  `program.account_label_display` for what pages, e-mails and PDFs call the account."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from asgiref.local import Local
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from certification.programs import (
    ACCOUNT_NUMBER_MAX_DIGITS,
    DEFAULT_PROGRAM_CODE,
    AccountNumberFormat,
    format_problems,
)
from certification.validators import validate_province

if TYPE_CHECKING:
    from cor_portal.notifications.services import ByLanguage

PCT_VALIDATORS = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))]


def _pct_field(verbose_name, default: str):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=PCT_VALIDATORS,
    )


def _pct_between(field: str) -> Q:
    return Q(**{f"{field}__gt": 0, f"{field}__lte": 100})


def _kind_list_problem(value) -> str | None:
    if not isinstance(value, list) or not all(
        isinstance(k, str) and k.strip() and k == k.strip() for k in value
    ):
        return str(_('Give a list of action-plan kind codes, e.g. ["sose_sap"].'))
    if len(set(value)) != len(value):
        return str(_("An action-plan kind is listed twice."))
    return None


def validate_action_plan_kinds(value) -> None:
    problem = _kind_list_problem(value)
    if problem:
        raise ValidationError(problem, code="action_plan_kinds")


class Program(models.Model):
    code = models.SlugField(
        _("code"), max_length=20, primary_key=True, help_text=_("For example “ihsa”, “acsa”.")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    partner_name = models.CharField(_("certifying partner"), max_length=200)
    province = models.CharField(_("province"), max_length=2, validators=[validate_province])
    is_default = models.BooleanField(
        _("default program"),
        default=False,
        help_text=_("New organizations belong to the default program unless told otherwise."),
    )
    benchmark_overall_pct = _pct_field(_("overall benchmark (%)"), "80")
    benchmark_element_pct = _pct_field(_("per-element benchmark (%)"), "65")
    benchmark_legislated_pct = _pct_field(_("legislated-item benchmark (%)"), "100")
    account_label = models.CharField(
        _("account name (English)"),
        max_length=20,
        default="WSIB",
        help_text=_("The compensation board's short name before “account”: WSIB, WCB."),
    )
    account_label_fr = models.CharField(
        _("account name (French)"),
        max_length=20,
        blank=True,
        help_text=_("For example CSPAAT; empty: the English name."),
    )
    account_board_name = models.CharField(
        _("compensation board"),
        max_length=200,
        blank=True,
        help_text=_("For example “Workplace Safety and Insurance Board”."),
    )
    account_min_digits = models.PositiveSmallIntegerField(
        _("account number: fewest digits"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(ACCOUNT_NUMBER_MAX_DIGITS)],
    )
    account_max_digits = models.PositiveSmallIntegerField(
        _("account number: most digits"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(ACCOUNT_NUMBER_MAX_DIGITS)],
    )
    action_plan_kinds = models.JSONField(
        _("action-plan kinds"),
        default=list,
        blank=True,
        validators=[validate_action_plan_kinds],
        help_text=_("Codes of the action-plan kinds this program offers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="program_one_default",
                violation_error_message=_("Another program is already the default."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="program_code_present"),
            models.CheckConstraint(condition=~Q(name=""), name="program_name_present"),
            models.CheckConstraint(condition=~Q(account_label=""), name="program_label_present"),
            models.CheckConstraint(
                condition=Q(account_min_digits__gte=1)
                & Q(account_min_digits__lte=F("account_max_digits"))
                & Q(account_max_digits__lte=ACCOUNT_NUMBER_MAX_DIGITS),
                name="program_account_digits_range",
                violation_error_message=_("The digits must satisfy 1 ≤ minimum ≤ maximum ≤ 12."),
            ),
            models.CheckConstraint(
                condition=_pct_between("benchmark_overall_pct"), name="program_overall_pct_range"
            ),
            models.CheckConstraint(
                condition=_pct_between("benchmark_element_pct"), name="program_element_pct_range"
            ),
            models.CheckConstraint(
                condition=_pct_between("benchmark_legislated_pct"),
                name="program_legislated_pct_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        problems = format_problems(self.account_format)
        if problems:
            raise ValidationError(problems)

    @property
    def account_format(self) -> AccountNumberFormat:
        return AccountNumberFormat(
            label=self.account_label,
            min_digits=self.account_min_digits,
            max_digits=self.account_max_digits,
            label_fr=self.account_label_fr,
        )

    @property
    def account_label_display(self) -> str:
        """The account's short name in the active language (CSPAAT for WSIB in French)."""
        return label_in_language(self.account_label, self.account_label_fr)

    def benchmark_values(self) -> dict[str, Decimal]:
        return {
            "benchmark_overall_pct": self.benchmark_overall_pct,
            "benchmark_element_pct": self.benchmark_element_pct,
            "benchmark_legislated_pct": self.benchmark_legislated_pct,
        }

    def offers(self, kind: str) -> bool:
        return kind in (self.action_plan_kinds or [])

    def year_for(self, day: datetime.date) -> ProgramYear | None:
        return self.years.filter(starts_on__lte=day, ends_on__gte=day).first()

    @classmethod
    def default(cls) -> Program:
        return cls.objects.filter(is_default=True).first() or cls.objects.get(
            code=DEFAULT_PROGRAM_CODE
        )


# Every program's account names, memoized for one request (or one task) at a time: read at
# the first label a request shows (one small query), dropped when the request ends, so the
# next request of any process sees a label an administrator changed — a per-process cache
# went stale in every other process until its restart. Outside a request or task (shell,
# management commands) nothing is memoized: each label is read fresh. The memo lives in a
# context-local, so concurrent requests in threads or async tasks never share one.
_memo = Local()


def _format_rows() -> dict[str, AccountNumberFormat]:
    return {
        code: AccountNumberFormat(label=en, min_digits=low, max_digits=high, label_fr=fr)
        for code, en, fr, low, high in Program.objects.order_by("-is_default", "code").values_list(
            "code", "account_label", "account_label_fr", "account_min_digits", "account_max_digits"
        )
    }


def _formats() -> dict[str, AccountNumberFormat]:
    """{program code: its account format}, default program first: the request's memo, else
    fresh rows."""
    if not getattr(_memo, "active", False):
        return _format_rows()
    formats = getattr(_memo, "labels", None)
    if formats is None:
        formats = _memo.labels = _format_rows()
    return formats


def account_labels() -> dict[str, tuple[str, str]]:
    """{program code: (English label, French label)}, default program first."""
    return {code: (f.label, f.label_fr) for code, f in _formats().items()}


def label_in_language(en: str, fr: str) -> str:
    if (get_language() or "").startswith("fr") and fr:
        return fr
    return en


def account_label_of(code: str | None) -> str:
    """What pages, e-mails and PDFs call an account of program `code` ("WSIB", "WCB"…) in the
    active language; one query per request at most."""
    labels = account_labels()
    en, fr = labels.get(code or DEFAULT_PROGRAM_CODE) or labels.get(
        DEFAULT_PROGRAM_CODE, ("WSIB", "CSPAAT")
    )
    return label_in_language(en, fr)


def account_formats() -> list[AccountNumberFormat]:
    """Every program's account-number format, default program first (the labels' query,
    once per request): what a number not tied to an organization (the registry's bulk
    verification, the OHS-performance import) may be."""
    return list(_formats().values())


def account_label_text(code: str | None) -> ByLanguage:
    """The label of program `code` in both languages, for a text rendered later in its
    reader's language (e-mails, inbox messages, deadline titles: a Localized parameter)."""
    from cor_portal.notifications.services import ByLanguage

    labels = account_labels()
    en, fr = labels.get(code or DEFAULT_PROGRAM_CODE) or labels.get(
        DEFAULT_PROGRAM_CODE, ("WSIB", "CSPAAT")
    )
    return ByLanguage(en, fr)


def account_label_texts() -> dict[str, ByLanguage]:
    """{program code: its label in both languages} in one read, for a loop over accounts of
    several programs outside a request (a sweep's notices): no query per account."""
    from cor_portal.notifications.services import ByLanguage

    return {code: ByLanguage(en, fr) for code, (en, fr) in account_labels().items()}


def all_account_labels() -> str:
    """Every program's label in the active language, default program first, e.g.
    "WSIB / WCB": what a page listing accounts of several programs calls them."""
    labels = account_labels()
    ordered = sorted(labels, key=lambda c: (c != DEFAULT_PROGRAM_CODE, c))
    names: list[str] = []
    for code in ordered:
        name = label_in_language(*labels[code])
        if name not in names:
            names.append(name)
    return " / ".join(names) or "WSIB"


def open_label_memo(**_kwargs) -> None:
    """A request (or task) starts: labels are read at most once until it ends."""
    _memo.active = True
    _memo.labels = None


def forget_account_labels(**_kwargs) -> None:
    """A request ends, or a program changed in this process: drop the memo."""
    _memo.labels = None


def close_label_memo(**_kwargs) -> None:
    _memo.active = False
    _memo.labels = None


request_started.connect(open_label_memo, dispatch_uid="programs_label_memo_open")
request_finished.connect(close_label_memo, dispatch_uid="programs_label_memo_close")
models.signals.post_save.connect(forget_account_labels, sender=Program)
models.signals.post_delete.connect(forget_account_labels, sender=Program)


class ProgramYear(models.Model):
    """One program year of a program's calendar: the dates a program's deadlines use (D18's
    spring proposal and fall final submission, D19's maintenance audit). Dates not used by a
    program are left empty."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="years", verbose_name=_("program")
    )
    year = models.PositiveSmallIntegerField(_("program year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    proposal_due_on = models.DateField(
        _("action-plan proposal due"), null=True, blank=True, help_text=_("The spring deadline.")
    )
    final_submission_due_on = models.DateField(
        _("action-plan final submission due"),
        null=True,
        blank=True,
        help_text=_("The fall deadline."),
    )
    maintenance_audit_due_on = models.DateField(
        _("maintenance audit due (plan below the pass mark)"), null=True, blank=True
    )

    class Meta:
        ordering = ["program", "year"]
        verbose_name = _("program year")
        verbose_name_plural = _("program years")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="programyear_unique",
                violation_error_message=_("This program already has this year."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")),
                name="programyear_starts_before_ends",
                violation_error_message=_("The year must start on or before its end."),
            ),
            models.CheckConstraint(
                condition=Q(proposal_due_on__isnull=True)
                | Q(final_submission_due_on__isnull=True)
                | Q(proposal_due_on__lte=F("final_submission_due_on")),
                name="programyear_proposal_before_final",
                violation_error_message=_(
                    "The proposal deadline must be on or before the final submission deadline."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.year}"
