"""What each role's home page shows. Domain apps register *home sections*: functions that,
given a user, return a section (title, items with links) or None. The platform never
imports the domain apps; they register themselves in their AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HomeItem:
    text: str
    url: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class HomeSection:
    title: str
    items: list[HomeItem] = field(default_factory=list)
    empty_text: str = ""
    order: int = 100
    # A paragraph shown above the items (the role section says what the role is for).
    intro: str = ""


_providers: list[Callable[..., HomeSection | None]] = []


def register_home_section(fn: Callable[..., HomeSection | None]):
    _providers.append(fn)
    return fn


def home_sections(user) -> list[HomeSection]:
    sections = [s for s in (p(user) for p in _providers) if s is not None]
    return sorted(sections, key=lambda s: s.order)
