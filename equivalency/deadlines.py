"""The deadline rules of spot checks and equivalency [SPEC §5], registered from
EquivalencyConfig.ready().

D9  — spot-check letter "corrective action required": CAP implemented within 90 days of the
      letter. Binds the organization. Missed: the spot check is referred to staff for a
      decision (suspend or not); staff are told.
D10 — equivalency request submitted: the Lead Auditor decides within 30 days. Binds the
      certifying body. Missed: an SLA breach (the missed row is the record the dashboard
      counts; a late decision is still made).
D11 — equivalency certificate issued: valid one year; due on its last day. Missed (the day
      after): the certificate is expired and the standing it gave ends.
"""

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy

from cor_portal.deadlines.registry import Binds, DeadlineRule, register_rule

from .models import EquivalencyCertificate, SpotCheck
from .services.common import D9, D10, D11


def _ids(deadlines: Sequence, model) -> list[int]:
    ct = ContentType.objects.get_for_model(model)
    return [int(d.subject_id) for d in deadlines if d.subject_type_id == ct.pk]


def d9_missed(deadlines: Sequence) -> None:
    from .services.spot_checks import spot_checks_refer

    spot_checks_refer(_ids(deadlines, SpotCheck))


def d11_missed(deadlines: Sequence) -> None:
    from .services.equivalency import equivalency_certificates_expire

    equivalency_certificates_expire(_ids(deadlines, EquivalencyCertificate))


D9_RULE = register_rule(
    DeadlineRule(
        kind=D9,
        title=gettext_lazy("Spot check corrective actions implemented (90 days)"),
        binds=Binds.ORGANIZATION,
        on_miss=d9_missed,
        miss_fields=("subject_type_id", "subject_id"),
        description=gettext_lazy(
            "After a spot-check letter requiring corrective action, the organization fully "
            "implements its corrective action plan within 90 days of the letter, or the "
            "account is referred to staff for a decision."
        ),
    )
)
D10_RULE = register_rule(
    DeadlineRule(
        kind=D10,
        title=gettext_lazy("Equivalency request decided (30 days)"),
        binds=Binds.CERTIFYING_BODY,
        on_miss=None,
        description=gettext_lazy(
            "A Lead Auditor reviews an ISO 45001 or MLTSD equivalency request within 30 days "
            "of its submission."
        ),
    )
)
D11_RULE = register_rule(
    DeadlineRule(
        kind=D11,
        title=gettext_lazy("Equivalency certificate valid one year"),
        binds=Binds.ORGANIZATION,
        on_miss=d11_missed,
        miss_fields=("subject_type_id", "subject_id"),
        description=gettext_lazy(
            "An equivalency Certificate of Recognition is valid one year; when it ends, the "
            "standing it gave ends."
        ),
    )
)
