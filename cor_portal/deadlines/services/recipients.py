"""Who a deadline's reminder or missed notice goes to."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cor_portal.accounts.audiences import certifying_body_staff

from .. import scoping
from ..models import Deadline
from ..registry import Binds, get_rule
from .results import ClaimedDeadline


def default_audiences(rows: Iterable[Mapping[str, Any]]) -> tuple[dict[int, Any], list, dict]:
    """The people the default rule names for these rows (dicts of assignee_id, binds,
    organization_id): ({assignee id: active user}, certifying-body staff when a row binds
    them, {organization id: members}) — three queries at most, for any number of rows."""
    from cor_portal.accounts.models import User

    assignee_ids: set[int] = set()
    org_ids: set[int] = set()
    needs_staff = False
    for row in rows:
        if row["assignee_id"]:
            assignee_ids.add(row["assignee_id"])
        elif row["binds"] == Binds.CERTIFYING_BODY:
            needs_staff = True
        elif row["binds"] == Binds.ORGANIZATION and row["organization_id"]:
            org_ids.add(row["organization_id"])
    assignees = (
        {u.pk: u for u in User.objects.filter(pk__in=assignee_ids, is_active=True)}
        if assignee_ids
        else {}
    )
    staff = list(certifying_body_staff()) if needs_staff else []
    return assignees, staff, scoping.members_of(org_ids)


def recipients_of(deadlines: Sequence[Deadline | ClaimedDeadline]) -> dict[int, list]:
    """{deadline id: users to tell} — the assignee when there is one, else everyone `binds`
    names, unless the rule says otherwise. A fixed number of queries for any number."""
    result: dict[int, list] = {}
    default: list = []
    by_rule: dict[str, list] = defaultdict(list)
    for d in deadlines:
        rule = get_rule(d.kind)
        if rule is not None and rule.recipients is not None:
            by_rule[d.kind].append(d)
        else:
            default.append(d)
    for kind, rows in by_rule.items():
        rule = get_rule(kind)
        assert rule is not None and rule.recipients is not None  # grouped by that above
        for pk, users in rule.recipients(rows).items():
            result[pk] = list(users)
    assignees, staff, members = default_audiences(
        {"assignee_id": d.assignee_id, "binds": d.binds, "organization_id": d.organization_id}
        for d in default
    )
    for d in default:
        if d.assignee_id:
            users = [assignees[d.assignee_id]] if d.assignee_id in assignees else []
        elif d.binds == Binds.CERTIFYING_BODY:
            users = staff
        elif d.binds == Binds.ORGANIZATION:
            users = members.get(d.organization_id, [])
        else:
            users = []
        result[d.pk] = users
    return result
