from django.apps import AppConfig


class OversightConfig(AppConfig):
    """Oversight [SPEC §8; 004 mandates 3-5]: quality assurance of every audit before its
    result is released, external-auditor quality (evaluations, EAQA, declarations, CPD), the
    internal-auditor roster, program figures, the certifying partner's workplan and exports.

    It sits above every domain app (it reads them and calls their services); nothing imports
    it (import-linter contract in pyproject.toml). Each area keeps its own modules:
    models/qa.py + services/qa.py, models/auditors.py + services/auditors.py, the figures
    and workplan modules beside them."""

    name = "oversight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area registers what it needs (history labels, access scopes and rules, demo
        # steps) from its own `_register_*` method below.
        self._register_quality()
        self._register_figures()

    def _register_figures(self) -> None:
        from cor_portal.demo import register_demo_finisher
        from cor_portal.history.labels import register_actions
        from oversight.demo_figures import seed_figures
        from oversight.demo_workplan import seed_workplan
        from oversight.enums import WorkplanAction

        def finish_demo(run):
            # One finisher per app: the figures' OHS performance, then the workplans (whose
            # measured KPIs read every app's demo data).
            return {**seed_figures(run), **seed_workplan(run)}

        register_actions(WorkplanAction, app_label="oversight")
        from oversight.figures_actions import FiguresAction

        register_actions(FiguresAction, app_label="oversight")
        register_demo_finisher("oversight", finish_demo)

    def _register_quality(self) -> None:
        # Desktop QA and external-auditor quality: history labels, scopes and rules, the
        # workflow tables, the demo step.
        from audits.services.qa_gate import register_demo_qa_release
        from cor_portal.demo import register_demo_step
        from cor_portal.history.labels import register_actions

        from . import rules, workflows  # noqa: F401
        from .demo_quality import demo_step, qa_pass
        from .enums import OversightAction

        register_actions(OversightAction, app_label="oversight")
        register_demo_step(self.label, demo_step)
        # The audits demo's released results are QA'd by a full QA review each.
        register_demo_qa_release(qa_pass)
