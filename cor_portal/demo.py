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


def register_demo_step(app_label: str, step: DemoStep) -> None:
    """One step per app; registering again replaces it (ready() may run twice in tests)."""
    _steps[app_label] = step


def demo_steps() -> list[tuple[str, DemoStep]]:
    """The registered steps in INSTALLED_APPS order, which is the dependency order."""
    order = [config.label for config in apps.get_app_configs()]
    unknown = sorted(set(_steps) - set(order))
    if unknown:
        raise ImproperlyConfigured(f"Demo steps registered for apps not installed: {unknown}")
    return [(label, _steps[label]) for label in order if label in _steps]


def run_demo(*, password: str) -> DemoRun:
    """Run every step, each in its own transaction, so a failing step keeps the ones before."""
    results: dict[str, object] = {}
    run = DemoRun(password=password, earlier=MappingProxyType(results))
    for label, step in demo_steps():
        with transaction.atomic():
            results[label] = step(run)
    return run
