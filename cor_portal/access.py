"""The one place object-level access is decided.

Every model that belongs to an organization (or an engagement) registers a *scope*: a
function that narrows a queryset to the rows a user may see. Pages, API viewsets, file
downloads and list querysets all go through `visible()` / `get_visible_or_404()`, so a rule
written once holds everywhere. An object outside the scope is answered with 404, never 403,
so its existence does not leak.

Most models do not write a scope by hand. They register the *anchors* that reach them, as
lookup paths (`register_scoped(Audit, organization="wsib_account__organization")`), and their
scope is the union of the registered *grants*: "certifying-body staff see everything",
"an organization's members see its rows" (certification), and later "the external auditor of
an accepted engagement sees what the engagement needs" (audits) — one grant each, not an edit
of every scope. A grant may be narrowed per model (`only=`), e.g. an employer sees a review
only once it is completed.

What a user may *do* to an object they can see is a django-rules predicate in the owning
app's `rules.py` that takes the object (`role on this object's organization`, `assigned
reviewer`, combined with state predicates), checked with `require()`. `anchor_id(obj,
"organization")` follows the same registered path on an instance, so predicates and scopes
cannot disagree about which organization an object belongs to.
"""

import contextvars
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from cor_portal.errors import NotAllowed

M = TypeVar("M", bound=Model)
Scope = Callable[[Any, QuerySet], QuerySet]

_scopes: dict[type[Model], Scope] = {}


@dataclass(frozen=True)
class Scoped:
    """A model whose rows are reached through anchors (lookup paths, "" = the model itself)."""

    model: type[Model]
    paths: Mapping[str, str]
    only: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def path(self, anchor: str) -> str | None:
        return self.paths.get(anchor)

    def narrowing(self, grant: str) -> Mapping[str, Any]:
        return self.only.get(grant, {})


Grant = Callable[[Any, Scoped], Q | None]
_scoped: dict[type[Model], Scoped] = {}
_grants: dict[str, Grant] = {}


def register_grant(name: str) -> Callable[[Grant], Grant]:
    """A grant returns the Q of the rows of `scoped.model` it lets `user` see, or None."""

    def decorate(fn: Grant) -> Grant:
        _grants[name] = fn
        return fn

    return decorate


def register_scoped(
    model: type[Model], *, only: Mapping[str, Mapping[str, Any]] | None = None, **paths: str
) -> Scoped:
    """Register how `model` is reached from each anchor (organization=..., engagement=...);
    `only` narrows what one grant shows of it ({"member": {"completed_at__isnull": False}})."""
    scoped = Scoped(model=model, paths=dict(paths), only=dict(only or {}))
    _scoped[model] = scoped
    _scopes[model] = _granted_scope(scoped)
    return scoped


def _granted_scope(scoped: Scoped) -> Scope:
    def scope(user, qs: QuerySet) -> QuerySet:
        combined: Q | None = None
        for grant in _grants.values():
            q = grant(user, scoped)
            if q is None:
                continue
            if not q:  # an empty Q: this grant sees every row
                return qs
            combined = q if combined is None else combined | q
        return qs.none() if combined is None else qs.filter(combined)

    return scope


def scoped_of(model: type[Model]) -> Scoped | None:
    return _scoped.get(model)


def anchor_id(obj: Model | None, anchor: str = "organization") -> Any:
    """The primary key of the `anchor` that `obj` belongs to, following the same registered
    path as the scope (None when there is none)."""
    if obj is None:
        return None
    scoped = _scoped.get(type(obj)) or _scoped.get(obj._meta.concrete_model or type(obj))
    path = scoped.path(anchor) if scoped is not None else None
    if path is None:
        return None
    if path == "":
        return obj.pk
    *steps, last = path.split("__")
    current: Any = obj
    for step in steps:
        current = getattr(current, step, None)
        if current is None:
            return None
    return getattr(current, f"{last}_id", None)


def register_scope(model: type[Model]) -> Callable[[Scope], Scope]:
    def decorate(fn: Scope) -> Scope:
        _scopes[model] = fn
        return fn

    return decorate


def visible(model_or_qs: type[M] | QuerySet, user) -> QuerySet:
    """The rows of a model (or of an already-shaped queryset) `user` may see."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    try:
        scope = _scopes[qs.model]
    except KeyError as exc:  # a model without a scope is a programming error, never public
        raise LookupError(f"No access scope registered for {qs.model.__name__}") from exc
    return scope(user, qs)


# What get_visible_or_404 refused during the current request: a list the security log's
# middleware hands in (a mutable object, so a thread or async hop that copies the context still
# reports into it) and reads once the answer is built. Outside a request: nothing is kept.
_refusals: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "access_refusals", default=None
)


def refusals_collect() -> tuple[list[str], contextvars.Token]:
    """Start collecting this request's 404 refusals; give the token back to refusals_stop."""
    found: list[str] = []
    return found, _refusals.set(found)


def refusals_stop(token: contextvars.Token) -> None:
    _refusals.reset(token)


def refused(model_or_qs: type[Model] | QuerySet) -> None:
    """Note that this request was answered 404 for an object of `model_or_qs` the caller may
    not see (get_visible_or_404 does it; the API's object lookups through the exception
    handler), for the security log's failed authorizations."""
    found = _refusals.get()
    if found is not None and not found:  # one is enough: the log keeps one row per request
        model = model_or_qs.model if isinstance(model_or_qs, QuerySet) else model_or_qs
        found.append(model._meta.label)


def get_visible_or_404(model_or_qs: type[M] | QuerySet, user, **lookup) -> M:
    try:
        return visible(model_or_qs, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        refused(model_or_qs)
        raise Http404 from exc
    except Exception as exc:
        if exc.__class__.__name__ in {"DoesNotExist", "ValidationError"}:
            refused(model_or_qs)
            raise Http404 from exc
        raise


def allowed(user, permission: str, obj: Any = None) -> bool:
    """Whether `user` may do `permission` to `obj` (pages ask this to show an action, the
    service's `require` asks the same). A portal rule is asked directly: Django's "active
    superusers have every permission" shortcut must not make a superuser an organization's
    SMR; a rule that should include superusers says so in its predicate."""
    if rules.perm_exists(permission):
        return bool(user is not None and rules.has_perm(permission, user, obj))
    return bool(user is not None and user.has_perm(permission, obj))


def require(user, permission: str, obj: Any = None, message: str | None = None) -> None:
    """Raise NotAllowed unless `user` has the django-rules `permission` on `obj`."""
    if not allowed(user, permission, obj):
        raise NotAllowed(message or "You are not allowed to do this.")


def has_scope(model: type[Model]) -> bool:
    return model in _scopes


@register_grant("staff")
def _staff_see_everything(user, scoped: Scoped) -> Q | None:
    """Certifying-body staff see every organization's rows [SPEC §1]."""
    if user.is_certifying_body_staff or user.is_superuser:
        return Q()
    return None
