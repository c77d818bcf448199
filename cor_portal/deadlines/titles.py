"""A deadline's title in the reader's language.

A deadline is opened once, in whatever language is active then, but read by many people in
theirs. So `deadline_open` takes the title as a `Localized` text (a lazy msgid and its
parameters) and stores three things: the English rendering in `Deadline.title` (what the
API, the admin's search and sorting use), the msgid in `title_msgid` and the parameters in
`title_params`. `render_title` turns those back into a title in the language active when it
runs; a deadline opened with a plain string (no msgid) always reads its stored `title`.

Parameters are stored as plain strings, except a parameter that is itself translatable (a
`Localized`, e.g. "%(board)s account %(number)s", or a lazy label), which is stored as
{"msgid": …, "params": {…}} and translated with the title, and a name given per language
(`ByLanguage`, a program's "WSIB"/"CSPAAT"), stored as {"en": …, "fr": …}."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from cor_portal.notifications.services import ByLanguage, Localized

TITLE_MAX_LENGTH = 250

Params = dict[str, Any]


def _msgid(text: object) -> str:
    """The msgid behind a lazy text (no catalogue active: gettext returns the msgid)."""
    with translation.override(None):
        return str(text)


def _stored(value: object) -> object:
    if isinstance(value, Localized):
        return {"msgid": _msgid(value.text), "params": stored_params(value.params)}
    if isinstance(value, Promise):
        return {"msgid": _msgid(value), "params": {}}
    if isinstance(value, ByLanguage):
        return {"en": value.en, "fr": value.fr}
    return str(value)


def stored_params(params: Mapping[str, object]) -> Params:
    """A Localized text's parameters as JSON: plain strings, nested translatable texts as
    {"msgid", "params"}."""
    return {str(k): _stored(v) for k, v in params.items()}


def title_parts(title: "str | Localized") -> tuple[str, str, Params]:
    """What deadline_open stores for `title`: (English title, msgid, params). A plain string
    is stored as it is, with no msgid."""
    if not isinstance(title, Localized):
        return str(title)[:TITLE_MAX_LENGTH], "", {}
    with translation.override(settings.LANGUAGE_CODE):
        english = str(title)
    return english[:TITLE_MAX_LENGTH], _msgid(title.text), stored_params(title.params)


def _rendered(value: object) -> str:
    if isinstance(value, dict) and "en" in value:
        return str(ByLanguage(str(value["en"]), str(value.get("fr") or "")))
    if isinstance(value, dict):
        return _render(str(value.get("msgid", "")), value.get("params") or {})
    return str(value)


def _render(msgid: str, params: Mapping[str, object]) -> str:
    text = translation.gettext(msgid)
    if not params:
        return text
    return text % {k: _rendered(v) for k, v in params.items()}


def render_title(title: str, msgid: str, params: Mapping[str, object] | None) -> str:
    """The title in the active language: gettext(msgid) % params, else the stored `title`
    (no msgid, or parameters that no longer fit the text)."""
    if not msgid:
        return title
    try:
        return _render(msgid, params or {})[:TITLE_MAX_LENGTH]
    except (KeyError, TypeError, ValueError):
        return title


@dataclass(frozen=True, slots=True)
class DeadlineTitle:
    """A stored title that renders when it is read (str()), in the language active then: a
    parameter of a Localized notice text, rendered once per recipient language."""

    title: str
    msgid: str = ""
    params: Params = field(default_factory=dict)

    def __str__(self) -> str:
        return render_title(self.title, self.msgid, self.params)
