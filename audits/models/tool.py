"""The audit tool as data: tool version → element → sub-section → item
[SPEC §2 "Audit tool"; DOMAIN-NOTES "IHSA COR 2020 audit tool"].

A tool version is never edited in place once it exists: an administrator imports a new
version as a draft (audits.services.tool), then publishes it; one published version per
program is offered for new audits, and audits keep the version they were scored on. The
scoring benchmarks belong to the version (IHSA 80 / 65 / 100 by default; other programs
differ).

Verification techniques are structured fields on the item rather than a separate table:
`by_documentation`, `by_interview` (with the interview groups named by
`interview_management`, `interview_supervisors`, `interview_workers`) and `by_observation`.
An item needs at least one technique; interview groups only with an interview."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audits.enums import InterviewGroup, TechniqueKind, ToolStatus
from audits.scoring import Benchmarks
from certification.programs import DEFAULT_PROGRAM_CODE

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


class AuditTool(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("For example “COR 2020”."))
    version = models.CharField(
        _("version label"), max_length=40, help_text=_("For example “2020.1”.")
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo sample"),
        default=False,
        help_text=_("A small sample of items for demonstration, not the full audit tool."),
    )
    # The program the version belongs to (SPEC §6.3); its benchmarks default to the program's.
    # The column keeps its name: it held the program's code before programs were a model.
    program = models.ForeignKey(
        "certification.Program",
        on_delete=models.PROTECT,
        related_name="audit_tools",
        db_column="program",
        default=DEFAULT_PROGRAM_CODE,
        verbose_name=_("program"),
    )
    # Moved only through audits.workflows.TOOL_FLOW (audits.services.tool).
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ToolStatus.choices,
        default=ToolStatus.DRAFT,
        help_text=_("Only the published version of a program is offered for new audits."),
    )
    benchmark_overall_pct = _pct_field(_("overall benchmark (%)"), "80")
    benchmark_element_pct = _pct_field(_("per-element benchmark (%)"), "65")
    benchmark_legislated_pct = _pct_field(_("legislated-item benchmark (%)"), "100")
    source_filename = models.CharField(_("imported from"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name", "-created_at", "-id"]
        verbose_name = _("audit tool version")
        verbose_name_plural = _("audit tool versions")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="audittool_name_version_unique",
                violation_error_message=_("This tool already has a version with this label."),
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(status=ToolStatus.PUBLISHED),
                name="audittool_one_published_per_program",
                violation_error_message=_("This program already has a published version."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ToolStatus.values), name="audittool_status_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="audittool_name_present"),
            models.CheckConstraint(condition=~Q(version=""), name="audittool_version_present"),
            models.CheckConstraint(
                condition=_pct_between("benchmark_overall_pct"), name="audittool_overall_pct_range"
            ),
            models.CheckConstraint(
                condition=_pct_between("benchmark_element_pct"), name="audittool_element_pct_range"
            ),
            models.CheckConstraint(
                condition=_pct_between("benchmark_legislated_pct"),
                name="audittool_legislated_pct_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.version}"

    @property
    def benchmarks(self):
        """The version's pass marks as the pure scoring module's value."""
        return Benchmarks(
            overall_pct=self.benchmark_overall_pct,
            element_pct=self.benchmark_element_pct,
            legislated_pct=self.benchmark_legislated_pct,
        )


class Element(models.Model):
    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["tool", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "number"], name="element_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="element_number_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="element_title_present"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class SubSection(models.Model):
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="sub_sections")
    number = models.CharField(_("number"), max_length=20, help_text=_("For example “1.1”."))
    title = models.CharField(_("title"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["element", "order"]
        verbose_name = _("sub-section")
        constraints = [
            models.UniqueConstraint(fields=["element", "number"], name="subsection_number_unique"),
            models.CheckConstraint(condition=~Q(number=""), name="subsection_number_present"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Item(models.Model):
    """One question of the tool. `tool` repeats sub_section.element.tool so that an item
    number is unique within a version at the database level."""

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="items")
    sub_section = models.ForeignKey(SubSection, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(_("number"), max_length=20, help_text=_("For example “1.1.1”."))
    text = models.TextField(_("text"))
    points = models.PositiveSmallIntegerField(_("points possible"))
    legislated = models.BooleanField(_("legislated requirement"), default=False)
    by_documentation = models.BooleanField(_("documentation"), default=False)
    by_interview = models.BooleanField(_("interview"), default=False)
    interview_management = models.BooleanField(_("interview management"), default=False)
    interview_supervisors = models.BooleanField(_("interview supervisors"), default=False)
    interview_workers = models.BooleanField(_("interview workers"), default=False)
    by_observation = models.BooleanField(_("observation"), default=False)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["tool", "order"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "number"], name="item_number_unique_in_tool"),
            models.CheckConstraint(condition=~Q(number=""), name="item_number_present"),
            models.CheckConstraint(condition=~Q(text=""), name="item_text_present"),
            models.CheckConstraint(condition=Q(points__gte=1), name="item_points_positive"),
            models.CheckConstraint(
                condition=Q(by_documentation=True) | Q(by_interview=True) | Q(by_observation=True),
                name="item_has_a_technique",
            ),
            models.CheckConstraint(
                condition=Q(by_interview=True)
                | Q(
                    interview_management=False, interview_supervisors=False, interview_workers=False
                ),
                name="item_interview_groups_need_interview",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    @property
    def element_number(self) -> int:
        return self.sub_section.element.number

    @property
    def interview_groups(self) -> list[str]:
        flags = {
            InterviewGroup.MANAGEMENT: self.interview_management,
            InterviewGroup.SUPERVISORS: self.interview_supervisors,
            InterviewGroup.WORKERS: self.interview_workers,
        }
        return [group.value for group, on in flags.items() if on]

    @property
    def techniques(self) -> list[str]:
        flags = {
            TechniqueKind.DOCUMENTATION: self.by_documentation,
            TechniqueKind.INTERVIEW: self.by_interview,
            TechniqueKind.OBSERVATION: self.by_observation,
        }
        return [kind.value for kind, on in flags.items() if on]

    @property
    def techniques_label(self) -> str:
        """As the tool prints it: "Documentation and Interview – Management, Workers"."""
        parts = []
        if self.by_documentation:
            parts.append(str(TechniqueKind.DOCUMENTATION.label))
        if self.by_interview:
            groups = ", ".join(str(InterviewGroup(g).label) for g in self.interview_groups)
            label = str(TechniqueKind.INTERVIEW.label)
            parts.append(f"{label} – {groups}" if groups else label)
        if self.by_observation:
            parts.append(str(TechniqueKind.OBSERVATION.label))
        return " and ".join(parts)
