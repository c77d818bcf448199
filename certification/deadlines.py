"""The maintenance deadline rules [SPEC §5 D5–D8], registered from CertificationConfig.ready().
Their subject is a MaintenanceYear; dates in certification/maintenance.py; consequences in
certification/services/maintenance.py (set-based, each conditional on the year's state, so
applied exactly once whatever the order or dates of the sweeps).

D5 — A - 60: maintenance audit submitted (year 4: recertification external audit started).
     Missed → late flag (the reminders 30/14/3 days before went out: 90–63 days before A).
D6 — A + 30: LGS / new certificate. Missed → the year and its account `pending`.
D7 — A + 90: same. Missed → lapsed: the certificate ends, the account starts over.
D8 — A + 90, opened by a failed maintenance review: deficiencies corrected. Missed → lapsed.

Within one day the rules run in registration order D5, D6, D7, D8; a year whose D6 and D7 are
both claimed by one catch-up sweep is made pending (on its day) and later lapsed (on its day).
"""

from collections.abc import Sequence
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy

from certification.enums import MemberRole
from certification.models import MaintenanceYear, Membership
from cor_portal.deadlines.registry import Binds, DeadlineRule, register_rule

FIELDS = ("subject_type_id", "subject_id", "due_on")


def _year_ids(deadlines: Sequence) -> list[int]:
    ct = ContentType.objects.get_for_model(MaintenanceYear)
    return [int(d.subject_id) for d in deadlines if d.subject_type_id == ct.pk]


def _day(deadlines: Sequence):
    # One call is one due day; the consequence applies from the day after.
    return deadlines[0].due_on + timedelta(days=1)


def d5_missed(deadlines: Sequence) -> None:
    from certification.services.maintenance import years_late

    years_late(_year_ids(deadlines))


def d6_missed(deadlines: Sequence) -> None:
    from certification.services.maintenance import years_pending

    years_pending(_year_ids(deadlines), day=_day(deadlines))


def d7_missed(deadlines: Sequence) -> None:
    from certification.services.maintenance import years_lapsed

    years_lapsed(_year_ids(deadlines), day=_day(deadlines))


def smr_recipients(deadlines: Sequence) -> dict[int, list]:
    """Reminders and misses go to the SMRs of the account's organization (one query)."""
    org_ids = {d.organization_id for d in deadlines if d.organization_id}
    smrs: dict[int, list] = {}
    for membership in Membership.objects.filter(
        organization_id__in=org_ids, role=MemberRole.SMR, user__is_active=True
    ).select_related("user"):
        smrs.setdefault(membership.organization_id, []).append(membership.user)
    return {d.pk: smrs.get(d.organization_id, []) for d in deadlines}


D5_RULE = register_rule(
    DeadlineRule(
        kind="D5",
        title=gettext_lazy("Maintenance audit submitted 60 days before the anniversary"),
        binds=Binds.ORGANIZATION,
        on_miss=d5_missed,
        miss_fields=FIELDS,
        recipients=smr_recipients,
        description=gettext_lazy(
            "The internal maintenance audit of years 2 and 3 is submitted at least 60 days "
            "before the anniversary date; for recertification the external audit should start "
            "60 to 90 days before it. Missed: the year is flagged late."
        ),
    )
)
D6_RULE = register_rule(
    DeadlineRule(
        kind="D6",
        title=gettext_lazy("Letter of Good Standing or new certificate (30 days)"),
        binds=Binds.ORGANIZATION,
        on_miss=d6_missed,
        miss_fields=FIELDS,
        recipients=smr_recipients,
        description=gettext_lazy(
            "No Letter of Good Standing (years 2, 3) or new certificate (recertification) "
            "within 30 days after the anniversary: the standing becomes pending."
        ),
    )
)
D7_RULE = register_rule(
    DeadlineRule(
        kind="D7",
        title=gettext_lazy("Letter of Good Standing or new certificate (90 days)"),
        binds=Binds.ORGANIZATION,
        on_miss=d7_missed,
        miss_fields=FIELDS,
        recipients=smr_recipients,
        description=gettext_lazy(
            "No Letter of Good Standing or new certificate within 90 days after the "
            "anniversary: the certification lapses and the account starts over."
        ),
    )
)
D8_RULE = register_rule(
    DeadlineRule(
        kind="D8",
        title=gettext_lazy("Maintenance deficiencies corrected (90 days)"),
        binds=Binds.ORGANIZATION,
        on_miss=d7_missed,
        miss_fields=FIELDS,
        recipients=smr_recipients,
        description=gettext_lazy(
            "After a failed maintenance review, the deficiencies are corrected within 90 days "
            "after the anniversary date, else the certification lapses."
        ),
    )
)
