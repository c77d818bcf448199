"""Recording history. Every service that changes a state or edits a fact calls `record`
inside its transaction, so the history row commits or rolls back with the change."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .labels import is_typed
from .models import HistoryEntry


def _require_typed(action: str) -> None:
    """Actions are members of an app's history-action enum, so each has a label in the
    reader's language; a free-text code is a programming error."""
    if not is_typed(action):
        raise TypeError(f"History action {action!r} is not a member of a history-action enum")


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def record(
    *,
    subject: models.Model,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, tuple[Any, Any]] | None = None,
    reason: str = "",
) -> HistoryEntry:
    _require_typed(action)
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=str(subject.pk),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        reason=reason or "",
    )


def record_many(
    *,
    model: type[models.Model],
    entries: list[tuple[Any, str]],
    actor,
    action: str,
    to_state: str = "",
    reason: str = "",
) -> None:
    """One history row for each (pk, from_state) of `model`, in one INSERT (set-based moves)."""
    _require_typed(action)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    actor = actor if actor is not None and actor.is_authenticated else None
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            content_type=content_type,
            object_id=str(pk),
            actor=actor,
            action=action,
            from_state=from_state or "",
            to_state=to_state or "",
            reason=reason or "",
        )
        for pk, from_state in entries
    )


def diff(instance: models.Model, new_values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The facts that `new_values` would change on `instance`, as {field: (old, new)}."""
    return {
        field: (getattr(instance, field), value)
        for field, value in new_values.items()
        if getattr(instance, field) != value
    }


def history_of(subject: models.Model):
    return (
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
            object_id=str(subject.pk),
        )
        .select_related("actor", "content_type")
        .order_by("at", "id")
    )
