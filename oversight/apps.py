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
        pass
