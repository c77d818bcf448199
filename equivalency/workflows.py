"""The allowed moves of the equivalency app's status fields.

Spot check [001 §4.4]:
open ──no_follow_up──▶ no_follow_up
open ──corrective_action (D9 opens: letter + 90 days)──▶ corrective_action
corrective_action ──cap_implemented (D9 met)──▶ cap_implemented
cap_implemented ──validated (scope, fee)──▶ validated
cap_implemented ──not_validated──▶ referred
corrective_action ──referred (D9 missed, the sweep)──▶ referred
referred ──decided (suspend or not, reasons)──▶ decided

Equivalency request [001 §6]: draft ──submitted (D10 opens)──▶ submitted
submitted ──approved (1-year COR, D11 opens) / to_reciprocity / refused──▶ decided states
Equivalency certificate: active ──expired (D11, the sweep)──▶ expired
Reciprocity request [001 §5]: submitted ──approved / refused──▶ decided states
"""

from cor_portal.workflow import Move, Workflow

from .enums import (
    EquivalencyAction as A,
)
from .enums import (
    EquivalencyCertificateStatus,
    EquivalencyStatus,
    ReciprocityStatus,
    SpotCheckStatus,
)
from .models import EquivalencyCertificate, EquivalencyRequest, ReciprocityRequest, SpotCheck

S = SpotCheckStatus
SPOT_CHECK_FLOW = Workflow(
    SpotCheck,
    SpotCheckStatus,
    [
        Move(A.SPOT_CHECK_NO_FOLLOW_UP, sources=(S.OPEN,), target=S.NO_FOLLOW_UP),
        Move(A.SPOT_CHECK_CORRECTIVE_ACTION, sources=(S.OPEN,), target=S.CORRECTIVE_ACTION),
        Move(
            A.SPOT_CHECK_CAP_IMPLEMENTED, sources=(S.CORRECTIVE_ACTION,), target=S.CAP_IMPLEMENTED
        ),
        Move(A.SPOT_CHECK_VALIDATED, sources=(S.CAP_IMPLEMENTED,), target=S.VALIDATED),
        Move(A.SPOT_CHECK_NOT_VALIDATED, sources=(S.CAP_IMPLEMENTED,), target=S.REFERRED),
        Move(A.SPOT_CHECK_REFERRED, sources=(S.CORRECTIVE_ACTION,), target=S.REFERRED),
        Move(A.SPOT_CHECK_DECIDED, sources=(S.REFERRED,), target=S.DECIDED),
    ],
)

E = EquivalencyStatus
EQUIVALENCY_FLOW = Workflow(
    EquivalencyRequest,
    EquivalencyStatus,
    [
        Move(A.EQUIVALENCY_SUBMITTED, sources=(E.DRAFT,), target=E.SUBMITTED),
        Move(A.EQUIVALENCY_APPROVED, sources=(E.SUBMITTED,), target=E.APPROVED),
        Move(A.EQUIVALENCY_TO_RECIPROCITY, sources=(E.SUBMITTED,), target=E.RECIPROCITY),
        Move(A.EQUIVALENCY_REFUSED, sources=(E.SUBMITTED,), target=E.REFUSED),
    ],
)

EQUIVALENCY_CERTIFICATE_FLOW = Workflow(
    EquivalencyCertificate,
    EquivalencyCertificateStatus,
    [
        Move(
            A.EQUIVALENCY_CERTIFICATE_EXPIRED,
            sources=(EquivalencyCertificateStatus.ACTIVE,),
            target=EquivalencyCertificateStatus.EXPIRED,
        )
    ],
)

R = ReciprocityStatus
RECIPROCITY_FLOW = Workflow(
    ReciprocityRequest,
    ReciprocityStatus,
    [
        Move(A.RECIPROCITY_APPROVED, sources=(R.SUBMITTED,), target=R.APPROVED),
        Move(A.RECIPROCITY_REFUSED, sources=(R.SUBMITTED,), target=R.REFUSED),
    ],
)
