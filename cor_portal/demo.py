"""The demo data of `make run`. Each app registers its demo step in its AppConfig.ready(); the
`seed_demo` command runs the registered steps in INSTALLED_APPS order (platform apps first,
then certification, audits, …), so a step may rely on the data of the apps below it while the
platform never imports a domain app, not even by name."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


@dataclass
class DemoRun:
    """What a step receives: the demo password, the demo users by role name (filled by the
    accounts step, the first one), and what each earlier step returned, by app label."""

    password: str
    users: dict[str, Any] = field(default_factory=dict)
    earlier: Mapping[str, object] = field(default_factory=dict)


DemoStep = Callable[[DemoRun], object]

_steps: dict[str, DemoStep] = {}
# Run once every step has run (e.g. publishing the registry after every demo certificate,
# whichever app issued it), in INSTALLED_APPS order too.
_finishers: dict[str, DemoStep] = {}


def register_demo_step(app_label: str, step: DemoStep) -> None:
    """One step per app; registering again replaces it (ready() may run twice in tests)."""
    _steps[app_label] = step


def register_demo_finisher(app_label: str, step: DemoStep) -> None:
    """A step of `app_label` that runs after every app's demo step (one per app)."""
    _finishers[app_label] = step


def _in_app_order(registered: dict[str, DemoStep]) -> list[tuple[str, DemoStep]]:
    order = [config.label for config in apps.get_app_configs()]
    unknown = sorted(set(registered) - set(order))
    if unknown:
        raise ImproperlyConfigured(f"Demo steps registered for apps not installed: {unknown}")
    return [(label, registered[label]) for label in order if label in registered]


def demo_finishers() -> list[tuple[str, DemoStep]]:
    return _in_app_order(_finishers)


def demo_steps() -> list[tuple[str, DemoStep]]:
    """The registered steps in INSTALLED_APPS order, which is the dependency order."""
    return _in_app_order(_steps)


def run_demo(*, password: str) -> DemoRun:
    """Run every step, each in its own transaction, so a failing step keeps the ones before."""
    results: dict[str, object] = {}
    run = DemoRun(password=password, earlier=MappingProxyType(results))
    for label, step in demo_steps():
        with transaction.atomic():
            results[label] = step(run)
    for _label, finisher in demo_finishers():
        with transaction.atomic():
            finisher(run)
    return run
