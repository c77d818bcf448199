"""Writes for programs and their program years [SPEC §6.3]: configuration that administrators
change (the admin and the API call these). Each function checks who may make the change,
validates every field and constraint (nothing is saved when one is wrong), saves and records
history in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.enums import CertificationAction
from certification.models import Program, ProgramYear
from cor_portal.access import require
from cor_portal.errors import DomainError
from cor_portal.history.services import diff, record

PROGRAM_FIELDS = (
    "code",
    "name",
    "partner_name",
    "province",
    "is_default",
    "benchmark_overall_pct",
    "benchmark_element_pct",
    "benchmark_legislated_pct",
    "account_label",
    "account_label_fr",
    "account_board_name",
    "account_min_digits",
    "account_max_digits",
    "action_plan_kinds",
)
PROGRAM_YEAR_FIELDS = (
    "year",
    "starts_on",
    "ends_on",
    "proposal_due_on",
    "final_submission_due_on",
    "maintenance_audit_due_on",
)
ADMINISTRATORS_ONLY = gettext_lazy("Only an administrator may change programs.")


def _first_problem(exc: ValidationError) -> DomainError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.message_dict.items()))
        return DomainError(errors[0], field=None if field == "__all__" else field)
    return DomainError(exc.messages[0])


def _assign_and_check(instance, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise DomainError(_("These facts cannot be changed here: %s.") % ", ".join(sorted(unknown)))
    for field, value in values.items():
        setattr(instance, field, value)
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise _first_problem(exc) from exc


@transaction.atomic
def program_create(*, values: dict[str, Any], by) -> Program:
    require(by, "certification.manage_programs", None, str(ADMINISTRATORS_ONLY))
    program = Program()
    _assign_and_check(program, values, PROGRAM_FIELDS)
    if Program.objects.filter(pk=program.code).exists():
        raise DomainError(_("A program with this code already exists."), field="code")
    program.save(force_insert=True)
    record(
        subject=program,
        actor=by,
        action=CertificationAction.PROGRAM_CREATED,
        changes={f: (None, getattr(program, f)) for f in values},
    )
    return program


@transaction.atomic
def program_update(*, program: Program, values: dict[str, Any], by) -> Program:
    """Change a program's rules. The code is fixed (foreign keys hold it). A changed benchmark
    is the default of the program's *next* audit-tool versions; audits already scored keep
    their version's benchmarks."""
    require(by, "certification.manage_programs", program, str(ADMINISTRATORS_ONLY))
    current = Program.objects.select_for_update().get(pk=program.pk)
    if "code" in values and values["code"] != current.code:
        raise DomainError(_("A program's code cannot be changed."), field="code")
    changes = diff(current, values)
    _assign_and_check(current, values, PROGRAM_FIELDS)
    if not changes:
        return current
    current.save(update_fields=[f for f in changes if f != "code"])
    record(subject=current, actor=by, action=CertificationAction.PROGRAM_UPDATED, changes=changes)
    return current


@transaction.atomic
def program_year_save(
    *, program: Program, values: dict[str, Any], by, year: ProgramYear | None = None
) -> ProgramYear:
    """Add a program year (year=None) or change one of `program`'s years."""
    require(by, "certification.manage_programs", program, str(ADMINISTRATORS_ONLY))
    if year is None:
        current = ProgramYear(program=program)
        before: dict[str, Any] = {}
    else:
        current = ProgramYear.objects.select_for_update().get(pk=year.pk, program=program)
        before = {f: getattr(current, f) for f in PROGRAM_YEAR_FIELDS}
    _assign_and_check(current, values, PROGRAM_YEAR_FIELDS)
    if (
        ProgramYear.objects.filter(program=program, year=current.year)
        .exclude(pk=current.pk)
        .exists()
    ):
        raise DomainError(_("This program already has this year."), field="year")
    changes = {
        f: (before.get(f), getattr(current, f))
        for f in PROGRAM_YEAR_FIELDS
        if before.get(f) != getattr(current, f)
    }
    if year is not None and not changes:
        return current
    current.save()
    record(
        subject=current, actor=by, action=CertificationAction.PROGRAM_YEAR_SAVED, changes=changes
    )
    return current


def ensure_configured_programs() -> dict[str, Any]:
    """The shipped programs and years, created where missing (never changed when present):
    for a database flushed after the migrations ran (transactional tests, seed_demo)."""
    import datetime
    from decimal import Decimal

    from certification.programs import FALL_DUE, SHIPPED_PROGRAMS, SHIPPED_YEARS, SPRING_DUE

    out: dict[str, Any] = {}
    for values in SHIPPED_PROGRAMS:
        defaults = {
            k: Decimal(str(v)) if k.startswith("benchmark_") else v
            for k, v in values.items()
            if k != "code"
        }
        if values["is_default"] and Program.objects.filter(is_default=True).exists():
            defaults["is_default"] = False
        program, _created = Program.objects.get_or_create(code=values["code"], defaults=defaults)
        out[program.code] = program
        for number in SHIPPED_YEARS.get(program.code, ()):
            year, _created = ProgramYear.objects.get_or_create(
                program=program,
                year=number,
                defaults={
                    "starts_on": datetime.date(number, 1, 1),
                    "ends_on": datetime.date(number, 12, 31),
                    "proposal_due_on": datetime.date(number, *SPRING_DUE),
                    "final_submission_due_on": datetime.date(number, *FALL_DUE),
                    "maintenance_audit_due_on": datetime.date(number, 12, 31),
                },
            )
            out.setdefault(f"{program.code}_year", year)
    return out
