"""Who a deadline's reminder or missed notice goes to."""

from collections import defaultdict
from collections.abc import Sequence

from cor_portal.accounts.audiences import certifying_body_staff

from .. import scoping
from ..models import Deadline
from ..registry import Binds, get_rule
from .results import ClaimedDeadline


def recipients_of(deadlines: Sequence[Deadline | ClaimedDeadline]) -> dict[int, list]:
    """{deadline id: users to tell} — the assignee when there is one, else everyone `binds`
    names, unless the rule says otherwise. A fixed number of queries for any number."""
    from cor_portal.accounts.models import User

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
    assignee_ids = {d.assignee_id for d in default if d.assignee_id}
    assignees = (
        {u.pk: u for u in User.objects.filter(pk__in=assignee_ids, is_active=True)}
        if assignee_ids
        else {}
    )
    needs_staff = any(not d.assignee_id and d.binds == Binds.CERTIFYING_BODY for d in default)
    staff = list(certifying_body_staff()) if needs_staff else []
    org_ids = {
        d.organization_id
        for d in default
        if not d.assignee_id and d.binds == Binds.ORGANIZATION and d.organization_id
    }
    members = scoping.members_of(org_ids)
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
