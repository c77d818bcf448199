"""Audit-tool versions: import a file as a draft, publish it, withdraw it, and which version
is offered for new audits [SPEC §2 "Audit tool", §6.3].

An import is all or nothing (every bad row is reported with its line number and nothing is
written) and creates a *draft*, which no new audit uses. An administrator publishes it; a
program has one published version, so publishing withdraws the program's previous one in the
same transaction (the partial unique constraint "audittool_one_published_per_program" makes
two impossible). Audits keep the version they started on. Every move goes through
audits.workflows.TOOL_FLOW and writes a typed history row (AuditAction)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audits.enums import AuditAction, InterviewGroup, ToolStatus
from audits.limits import TOOL_DESCRIPTION_MAX_LENGTH, check_length
from audits.models import AuditTool, Element, Item, SubSection
from audits.tool_io.parse import ToolImportError, parse_file
from audits.workflows import TOOL_FLOW
from certification.models import Program
from certification.programs import DEFAULT_PROGRAM_CODE
from cor_portal.access import require
from cor_portal.errors import DomainError
from cor_portal.history.services import record
from cor_portal.workflow import Conflict


def published_tool(program: Program | str | None = DEFAULT_PROGRAM_CODE) -> AuditTool | None:
    """The version of `program` (a Program or its code; IHSA by default) offered for new
    audits (None until one is published). An account's audits use its organization's
    program's version: `published_tool(account.organization.program_id)`."""
    return AuditTool.objects.filter(
        program=program or DEFAULT_PROGRAM_CODE, status=ToolStatus.PUBLISHED
    ).first()


# --- import -------------------------------------------------------------------------------


def _check_benchmark(name: str, value: Any) -> Decimal:
    problem = _("Give a percentage between 0.01 and 100.")
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise DomainError(problem, field=name) from exc
    if not value.is_finite() or not Decimal("0.01") <= value <= 100:
        raise DomainError(problem, field=name)
    if value != value.quantize(Decimal("0.01")):
        raise DomainError(_("Use at most two decimals."), field=name)
    return value


def _label_taken(name: str, version: str) -> DomainError:
    return DomainError(
        _("%(name)s already has a version “%(version)s”; choose another label.")
        % {"name": name, "version": version},
        field="version",
    )


@transaction.atomic
def audit_tool_import(
    *,
    name: str,
    version: str,
    data: bytes,
    filename: str,
    by: Any,
    benchmark_overall_pct: Decimal | None = None,
    benchmark_element_pct: Decimal | None = None,
    benchmark_legislated_pct: Decimal | None = None,
    description: str = "",
    program: Program | str = DEFAULT_PROGRAM_CODE,
) -> AuditTool:
    """Create a new *draft* version of an audit tool of `program` from a CSV/.xlsx file. A
    benchmark not given is the program's (IHSA 80 / 65 / 100, ACSA 80 / 50 / 100). Raises
    ToolImportError with every bad row (nothing written), or DomainError for a bad
    name/version/benchmark/program."""
    require(
        by,
        "audits.import_audit_tool",
        None,
        _("Only an administrator may import an audit tool version."),
    )
    name, version = (name or "").strip(), (version or "").strip()
    if not name:
        raise DomainError(_("Give the tool's name, e.g. “COR 2020”."), field="name")
    if not version:
        raise DomainError(_("Give a version label for this import."), field="version")
    if len(name) > 100:
        raise DomainError(_("The name is longer than 100 characters."), field="name")
    if len(version) > 40:
        raise DomainError(_("The version label is longer than 40 characters."), field="version")
    description = check_length(
        description or "", limit=TOOL_DESCRIPTION_MAX_LENGTH, field="description"
    )
    code = program.pk if isinstance(program, Program) else program
    program_row = Program.objects.filter(pk=code).first() if isinstance(code, str) else None
    if program_row is None:
        raise DomainError(_("Choose a program."), field="program")
    given = {
        "benchmark_overall_pct": benchmark_overall_pct,
        "benchmark_element_pct": benchmark_element_pct,
        "benchmark_legislated_pct": benchmark_legislated_pct,
    }
    benchmarks = {
        name: _check_benchmark(name, value if value is not None else default)
        for (name, value), default in zip(
            given.items(), program_row.benchmark_values().values(), strict=True
        )
    }
    if AuditTool.objects.filter(name=name, version=version).exists():
        raise _label_taken(name, version)

    result = parse_file(data, filename)
    if not result.ok:
        raise ToolImportError(result.errors)

    try:
        with transaction.atomic():
            tool = AuditTool.objects.create(
                name=name,
                version=version,
                program=program_row,
                status=ToolStatus.DRAFT,
                description=description,
                source_filename=filename[:255],
                created_by=by,
                **benchmarks,
            )
    except IntegrityError as exc:  # a concurrent import took the label first
        raise _label_taken(name, version) from exc

    elements = Element.objects.bulk_create(
        Element(tool=tool, number=e.number, title=e.title, order=order)
        for order, e in enumerate(result.elements, start=1)
    )
    subs_to_create = []
    for element, parsed in zip(elements, result.elements, strict=True):
        for order, sub in enumerate(parsed.sub_sections, start=1):
            subs_to_create.append(
                SubSection(element=element, number=sub.number, title=sub.title, order=order)
            )
    sub_rows = SubSection.objects.bulk_create(subs_to_create)
    parsed_subs = [s for e in result.elements for s in e.sub_sections]
    items = []
    order = 0
    for sub_row, parsed_sub in zip(sub_rows, parsed_subs, strict=True):
        for item in parsed_sub.items:
            order += 1
            t = item.techniques
            items.append(
                Item(
                    tool=tool,
                    sub_section=sub_row,
                    number=item.number,
                    text=item.text,
                    points=item.points,
                    legislated=item.legislated,
                    by_documentation=t.documentation,
                    by_interview=t.interview,
                    interview_management=InterviewGroup.MANAGEMENT in t.groups,
                    interview_supervisors=InterviewGroup.SUPERVISORS in t.groups,
                    interview_workers=InterviewGroup.WORKERS in t.groups,
                    by_observation=t.observation,
                    order=order,
                )
            )
    Item.objects.bulk_create(items)
    record(
        subject=tool,
        actor=by,
        action=AuditAction.TOOL_IMPORTED,
        to_state=ToolStatus.DRAFT,
        changes={"items": (None, len(items)), "file": (None, filename)},
    )
    return tool


# --- publication --------------------------------------------------------------------------


def _lock(tool: AuditTool) -> None:
    """Lock the version's row and read its current status into `tool`."""
    AuditTool.objects.select_for_update().filter(pk=tool.pk).values_list("pk").first()
    tool.refresh_from_db(fields=["status", "program"])


def _withdraw(tool: AuditTool, *, by: Any, changes: dict[str, tuple[Any, Any]]) -> AuditTool:
    # The one call site of the withdraw move: an explicit withdrawal and a publication
    # that replaces the program's previous version both come through here.
    return TOOL_FLOW.move(tool, AuditAction.TOOL_WITHDRAWN, by=by, changes=changes)


@transaction.atomic
def audit_tool_publish(*, tool: AuditTool, by: Any) -> AuditTool:
    """Offer `tool` for new audits as its program's one published version. The version
    published before is withdrawn in the same transaction; audits already started keep
    their version. A withdrawn version may be published again (to go back to it)."""
    require(
        by,
        "audits.publish_audit_tool",
        None,
        _("Only an administrator may publish an audit tool version."),
    )
    _lock(tool)
    if not TOOL_FLOW.can(tool, AuditAction.TOOL_PUBLISHED):
        raise DomainError(
            _("%(tool)s is already the published version; nothing was changed.") % {"tool": tool},
            field="status",
        )
    previous = list(
        AuditTool.objects.select_for_update()
        .filter(program=tool.program, status=ToolStatus.PUBLISHED)
        .exclude(pk=tool.pk)
        .order_by("pk")
    )
    for old in previous:
        _withdraw(old, by=by, changes={"replaced_by": (None, str(tool))})
    try:
        with transaction.atomic():
            TOOL_FLOW.move(
                tool,
                AuditAction.TOOL_PUBLISHED,
                by=by,
                changes={"replaces": (None, ", ".join(map(str, previous)))} if previous else {},
            )
    except IntegrityError as exc:  # another version of the program was published meanwhile
        raise Conflict(
            _(
                "Another version of %(program)s was published at the same time; reload the "
                "list and try again."
            )
            % {"program": tool.program.name}
        ) from exc
    return tool


@transaction.atomic
def audit_tool_withdraw(*, tool: AuditTool, by: Any) -> AuditTool:
    """Stop offering the published `tool` for new audits (audits already on it keep it).
    Until another version is published, no new audit of its program can start."""
    require(
        by,
        "audits.withdraw_audit_tool",
        None,
        _("Only an administrator may withdraw an audit tool version."),
    )
    _lock(tool)
    if not TOOL_FLOW.can(tool, AuditAction.TOOL_WITHDRAWN):
        raise DomainError(
            _("%(tool)s is not the published version; only that one can be withdrawn.")
            % {"tool": tool},
            field="status",
        )
    return _withdraw(tool, by=by, changes={})
