"""Words for history rows in the reader's language.

Each app registers its one history-action enum (`register_actions`) and each workflow the
status enum of its model (`register_states`, done by cor_portal.workflow), so a history page
shows "Submitted for review", "In progress → Submitted" instead of stored codes. Rows written
before an action was typed still show, humanized."""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext

_actions: dict[str, dict[str, str]] = {}  # app label ("" = any subject) -> value -> label
_states: dict[tuple[type[models.Model], str], dict[str, str]] = {}


def register_actions(enum_cls: type[models.TextChoices], *, app_label: str = "") -> None:
    """Register an app's history actions. `app_label` "" is for platform actions that are
    recorded on any app's subjects (e.g. a document issued)."""
    table = _actions.setdefault(app_label, {})
    for member in enum_cls:
        table[member.value] = member.label  # lazy: translated when shown


def register_states(
    model: type[models.Model], enum_cls: type[models.TextChoices], *, field: str = "status"
) -> None:
    _states[(model, field)] = {m.value: m.label for m in enum_cls}


def is_typed(action: object) -> bool:
    return isinstance(action, enum.Enum)


def _humanize(code: str) -> str:
    return gettext(code.replace("_", " ").strip().capitalize()) if code else ""


def action_label(app_label: str, action: str) -> str:
    for table in (_actions.get(app_label, {}), _actions.get("", {})):
        if action in table:
            return str(table[action])
    return _humanize(action)


def state_label(model: type[models.Model] | None, value: str, *, field: str = "status") -> str:
    if not value:
        return ""
    labels = _states.get((model, field)) if model is not None else None
    if labels and value in labels:
        return str(labels[value])
    return _humanize(value)
