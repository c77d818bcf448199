"""The one place object-level access is decided.

Every model that belongs to an organization (or an engagement) registers a *scope*: a
function that narrows a queryset to the rows a user may see. Pages, API viewsets, file
downloads and list querysets all go through `visible()` / `get_visible_or_404()`, so a rule
written once holds everywhere. An object outside the scope is answered with 404, never 403,
so its existence does not leak.

What a user may *do* to an object they can see is a django-rules predicate in the owning
app's `rules.py`, checked with `require()`.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from cor_portal.errors import NotAllowed

M = TypeVar("M", bound=Model)
Scope = Callable[[Any, QuerySet], QuerySet]

_scopes: dict[type[Model], Scope] = {}


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


def get_visible_or_404(model_or_qs: type[M] | QuerySet, user, **lookup) -> M:
    try:
        return visible(model_or_qs, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    except Exception as exc:
        if exc.__class__.__name__ in {"DoesNotExist", "ValidationError"}:
            raise Http404 from exc
        raise


def require(user, permission: str, obj: Any = None, message: str | None = None) -> None:
    """Raise NotAllowed unless `user` has the django-rules `permission` on `obj`."""
    if not user.has_perm(permission, obj):
        raise NotAllowed(message or "You are not allowed to do this.")


def has_scope(model: type[Model]) -> bool:
    return model in _scopes
