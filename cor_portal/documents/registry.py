"""The document kinds each domain app declares [SPEC §10, ARCHITECTURE "Layout"].

A domain app registers each kind once, in its `documents.py`, imported from its
AppConfig.ready():

    REGISTRATION_CONFIRMATION = register_kind(DocumentKind(
        key="registration_confirmation",
        prefix="RCL",
        template_name="certification/pdf/registration_confirmation.html",
        context=letter_context,          # subject -> template context
        label=_("Registration confirmation letter"),
    ))

The platform never imports the domain apps: it only calls what they registered.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# context(subject) -> what the template renders. The platform adds document_number,
# document_version, issued_on and verification_code.
ContextBuilder = Callable[[Any], Mapping[str, Any]]

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


class Cardinality(models.TextChoices):
    """How many current documents of one kind a subject may have."""

    # Re-issuing returns the stored document; a new version only by superseding it.
    ONE_PER_SUBJECT = "one_per_subject", _("One per subject")
    # Each issue adds a version (e.g. a letter of good standing per request).
    MANY_VERSIONS = "many_versions", _("Many versions per subject")


@dataclass(frozen=True)
class DocumentKind:
    key: str
    prefix: str
    template_name: str
    context: ContextBuilder
    label: str | Promise  # usually a lazy translation, rendered with str()
    cardinality: str = Cardinality.ONE_PER_SUBJECT
    # A random, unguessable code stored with the document for the public verification page.
    verification_code: bool = False

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"A document kind key is a short snake_case code, not {self.key!r}.")
        if not _PREFIX.match(self.prefix):
            raise ValueError(
                f"A number prefix is 2-10 capital letters or digits, not {self.prefix!r}."
            )
        if self.cardinality not in Cardinality.values:
            raise ValueError(f"Unknown cardinality {self.cardinality!r}.")
        if not callable(self.context):
            raise ValueError("A document kind needs a context builder (subject -> context).")

    @property
    def one_per_subject(self) -> bool:
        return self.cardinality == Cardinality.ONE_PER_SUBJECT

    def __str__(self) -> str:
        return str(self.label)


_kinds: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind, *, replace: bool = False) -> DocumentKind:
    """Register a kind. The same key twice, or two kinds sharing a number prefix (their
    numbers would collide), is a programming error unless `replace` (tests)."""
    existing = _kinds.get(kind.key)
    if existing is not None and existing != kind and not replace:
        raise ValueError(f"Document kind {kind.key} is already registered.")
    for other in _kinds.values():
        if other.key != kind.key and other.prefix == kind.prefix:
            raise ValueError(
                f"Number prefix {kind.prefix} is already used by document kind {other.key}."
            )
    _kinds[kind.key] = kind
    return kind


def unregister_kind(key: str) -> None:
    _kinds.pop(key, None)


def get_kind(kind: "DocumentKind | str") -> DocumentKind:
    """The registered kind (given itself or its key). An unknown key is a programming error:
    the domain app did not register it."""
    key = kind.key if isinstance(kind, DocumentKind) else kind
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Document kind {key!r} is not registered.") from None


def all_kinds() -> list[DocumentKind]:
    return list(_kinds.values())


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key
