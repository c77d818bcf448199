from datetime import date

from django.contrib.contenttypes.models import ContentType

from certification.models import Organization
from cor_portal.deadlines.models import Deadline


def bulk_deadlines(
    kind: str,
    due_dates: list[date],
    *,
    organization_id=None,
    binds=None,
    opened_on=date(2026, 1, 1),
    start=0,
) -> list[Deadline]:
    """Many open deadlines on synthetic subjects (one INSERT)."""
    ct = ContentType.objects.get_for_model(Organization)
    return Deadline.objects.bulk_create(
        Deadline(
            kind=kind,
            subject_type=ct,
            subject_id=f"{kind}-{start + i}",
            organization_id=organization_id,
            binds=binds or ("certifying_body" if kind == "T1" else "organization"),
            title=f"{kind} item {start + i}",
            opened_on=opened_on,
            due_on=due,
        )
        for i, due in enumerate(due_dates)
    )


def states(ids) -> dict[int, str]:
    return dict(Deadline.objects.filter(pk__in=ids).values_list("pk", "state"))
