"""Deadline test rules and the organization lookup the certification app will register."""

import pytest

from cor_portal.deadlines import registry, scoping
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


def _members_of(org_ids):
    from certification.models import Membership

    return (
        (m.organization_id, m.user)
        for m in Membership.objects.filter(organization_id__in=org_ids).select_related("user")
    )


@pytest.fixture(autouse=True)
def organizations_registered():
    """What certification will register (see the report): user -> organization, members."""
    from certification.rules import organization_id_of

    saved = (scoping._organization_of, scoping._members_of, list(scoping._extensions))
    scoping.register_organizations(organization_of=organization_id_of, members_of=_members_of)
    yield
    scoping._organization_of, scoping._members_of = saved[0], saved[1]
    scoping._extensions[:] = saved[2]
