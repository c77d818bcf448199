"""One way to move an object from state to state.

Each status enum declares its allowed moves in one table (a `Workflow`): the typed history
action that names the move, the states it may start from and the state it ends in. A service
makes a move with `workflow.move(obj, Action.X, by=...)`: a conditional UPDATE that hits
exactly one row (so two people clicking at once cannot both win), then one history row with the
typed action, inside the caller's transaction. Deadline consequences move many rows at once with
`move_set`. No other code writes a workflow's status field; tests/test_workflow_table.py checks
that every move of every table is made by exactly one service.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from cor_portal.errors import DomainError
from cor_portal.history.labels import register_states
from cor_portal.history.services import record, record_many

M = TypeVar("M", bound=models.Model)


class Conflict(DomainError):
    """The object is no longer in a state the move starts from: someone else moved it first."""

    def __init__(self, message: str):
        super().__init__(message, field="status", code="conflict")


@dataclass(frozen=True)
class Move:
    action: str  # a member of the app's history-action enum (a TextChoices)
    sources: tuple[str, ...]
    target: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))


_workflows: list[Workflow[Any]] = []


class Workflow(Generic[M]):
    """The allowed moves of one status field of one model."""

    def __init__(
        self,
        model: type[M],
        states: type[models.TextChoices],
        moves: Iterable[Move],
        *,
        field: str = "status",
        register: bool = True,
    ) -> None:
        self.model = model
        self.states = states
        self.field = field
        self.moves: dict[str, Move] = {}
        valid = set(states.values)
        for move in moves:
            unknown = {*move.sources, move.target} - valid
            if unknown:
                raise ValueError(f"{model.__name__}: unknown states {sorted(unknown)} in {move}")
            if move.action in self.moves:
                raise ValueError(f"{model.__name__}: action {move.action} appears twice")
            self.moves[move.action] = move
        if register:
            register_states(model, states, field=field)
            _workflows.append(self)

    def __repr__(self) -> str:
        return f"Workflow({self.model.__name__}.{self.field})"

    def move_of(self, action: str) -> Move:
        try:
            return self.moves[action]
        except KeyError as exc:
            raise LookupError(f"{self!r} has no move {action!r}") from exc

    def can(self, obj: M, action: str) -> bool:
        """Whether `obj`, as loaded, is in a state `action` starts from (for pages and
        state predicates; the move itself re-checks in the database)."""
        return str(getattr(obj, self.field)) in self.move_of(action).sources

    def _conflict(self) -> Conflict:
        return Conflict(
            _("This %(thing)s changed while you were working on it; reload it and try again.")
            % {"thing": self.model._meta.verbose_name}
        )

    def move(
        self,
        obj: M,
        action: str,
        *,
        by: Any,
        reason: str = "",
        changes: dict[str, tuple[Any, Any]] | None = None,
        **values: Any,
    ) -> M:
        """Move `obj` by `action`, also writing `values` in the same UPDATE. Raises Conflict when
        the row is not in one of the move's source states. `obj` is refreshed in place."""
        move = self.move_of(action)
        believed = str(getattr(obj, self.field))
        updated = self.model._default_manager.filter(
            pk=obj.pk, **{f"{self.field}__in": move.sources}
        ).update(**{self.field: move.target}, **values)
        if updated != 1:
            raise self._conflict()
        if len(move.sources) == 1:
            from_state = move.sources[0]
        elif believed in move.sources:
            from_state = believed
        else:
            from_state = ""
        obj.refresh_from_db(fields=[self.field, *values])
        record(
            subject=obj,
            actor=by,
            action=action,
            from_state=from_state,
            to_state=move.target,
            changes=changes,
            reason=reason,
        )
        return obj

    def move_set(
        self,
        queryset: models.QuerySet[M],
        action: str,
        *,
        by: Any = None,
        reason: str = "",
        **values: Any,
    ) -> list[Any]:
        """Move every row of `queryset` that is in a source state (deadline consequences),
        with one history row each. Returns the primary keys moved."""
        move = self.move_of(action)
        with transaction.atomic():
            rows = list(
                queryset.filter(**{f"{self.field}__in": move.sources})
                .select_for_update()
                .values_list("pk", self.field)
                .order_by("pk")
            )
            if not rows:
                return []
            pks = [pk for pk, _state in rows]
            self.model._default_manager.filter(
                pk__in=pks, **{f"{self.field}__in": move.sources}
            ).update(**{self.field: move.target}, **values)
            record_many(
                model=self.model,
                entries=[(pk, str(state)) for pk, state in rows],
                actor=by,
                action=action,
                to_state=move.target,
                reason=reason,
            )
        return pks


def workflows() -> list[Workflow[Any]]:
    """Every registered workflow (for the table test and the admin)."""
    return list(_workflows)
