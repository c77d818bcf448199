"""Deadline test rules. (The organization lookup is the one certification registers.)"""

import pytest

from cor_portal.deadlines import registry
from cor_portal.deadlines.registry import Binds, DeadlineRule


class MissLog:
    """Records each on_miss call: (kind, [deadline ids], due date)."""

    def __init__(self):
        self.calls: list[tuple[str, list[int], object]] = []

    def handler(self, kind):
        def on_miss(deadlines):
            assert len({d.due_on for d in deadlines}) == 1  # one due day per call
            self.calls.append((kind, [d.pk for d in deadlines], deadlines[0].due_on))

        return on_miss

    @property
    def ids(self) -> list[int]:
        return [pk for _k, ids, _d in self.calls for pk in ids]


@pytest.fixture
def miss_log():
    log = MissLog()
    saved = dict(registry._rules)
    registry._rules.clear()
    registry.register_rule(
        DeadlineRule(
            kind="T1",
            title="Test staff SLA",
            binds=Binds.CERTIFYING_BODY,
            on_miss=log.handler("T1"),
        )
    )
    registry.register_rule(
        DeadlineRule(
            kind="T2",
            title="Test employer duty",
            binds=Binds.ORGANIZATION,
            on_miss=log.handler("T2"),
        )
    )
    registry.register_rule(
        DeadlineRule(
            kind="T3",
            title="Short",
            binds=Binds.ORGANIZATION,
            reminder_offsets=(1,),
            on_miss=log.handler("T3"),
        )
    )
    yield log
    registry._rules.clear()
    registry._rules.update(saved)
