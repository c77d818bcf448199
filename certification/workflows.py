"""The allowed moves of the certification app's status fields, one table per status enum.
Each move is made by one service (certification/services); nothing else writes these
status fields (tests/certification/test_workflows.py).

    Registration [001 §2.1]:
    draft ──submitted──▶ submitted ──confirmed──▶ confirmed
                             │
                 reregistration_requested (reason)
                             ▼
    reregistration_requested ──resubmitted──▶ resubmitted ──confirmed──▶ confirmed
                             ▲                     │
                             └──reregistration_requested

    Training exemption [001 §2.2]: submitted ──approved / refused──▶ decided

    Certificate [001 §2.4, §2.5]: created active by certificate_issue;
    active ──certificate_superseded──▶ superseded   (recertification: a new one replaces it)
    active ──certificate_revoked (reason)──▶ revoked
    active ──certificate_lapsed (the deadline sweep: D7/D8 missed)──▶ lapsed

    Maintenance year [001 §2.4, §2.5; certification/maintenance.py]:
    planned ──maintenance_pending (D6)──▶ pending
    planned/pending ──maintenance_met (LGS issued / recertified)──▶ met
    planned/pending ──maintenance_lapsed (D7, D8)──▶ lapsed
    planned/pending ──maintenance_cancelled (another year lapsed, certificate ended)──▶ cancelled

MemberInvitation and Person have no status enum (an invitation is open until accepted or
deleted; a person is active until replaced), so they have no table."""

from certification.enums import (
    REGISTRATION_AWAITING_VERIFICATION,
    CertificateStatus,
    CertificationAction,
    ExemptionStatus,
    RegistrationStatus,
)
from certification.models import (
    Certificate,
    MaintenanceYear,
    MaintenanceYearState,
    Registration,
    TrainingExemption,
)
from cor_portal.workflow import Move, Workflow

REGISTRATION_FLOW = Workflow(
    Registration,
    RegistrationStatus,
    [
        Move(
            CertificationAction.REGISTRATION_SUBMITTED,
            sources=(RegistrationStatus.DRAFT,),
            target=RegistrationStatus.SUBMITTED,
        ),
        Move(
            CertificationAction.REGISTRATION_RESUBMITTED,
            sources=(RegistrationStatus.REREGISTRATION_REQUESTED,),
            target=RegistrationStatus.RESUBMITTED,
        ),
        Move(
            CertificationAction.REGISTRATION_CONFIRMED,
            sources=REGISTRATION_AWAITING_VERIFICATION,
            target=RegistrationStatus.CONFIRMED,
        ),
        Move(
            CertificationAction.REREGISTRATION_REQUESTED,
            sources=REGISTRATION_AWAITING_VERIFICATION,
            target=RegistrationStatus.REREGISTRATION_REQUESTED,
        ),
    ],
)

EXEMPTION_FLOW = Workflow(
    TrainingExemption,
    ExemptionStatus,
    [
        Move(
            CertificationAction.EXEMPTION_APPROVED,
            sources=(ExemptionStatus.SUBMITTED,),
            target=ExemptionStatus.APPROVED,
        ),
        Move(
            CertificationAction.EXEMPTION_REFUSED,
            sources=(ExemptionStatus.SUBMITTED,),
            target=ExemptionStatus.REFUSED,
        ),
    ],
)

# The moves a submission makes, by the state it starts from.
SUBMIT_MOVES = (
    CertificationAction.REGISTRATION_SUBMITTED,
    CertificationAction.REGISTRATION_RESUBMITTED,
)

CERTIFICATE_FLOW = Workflow(
    Certificate,
    CertificateStatus,
    [
        Move(
            CertificationAction.CERTIFICATE_SUPERSEDED,
            sources=(CertificateStatus.ACTIVE,),
            target=CertificateStatus.SUPERSEDED,
        ),
        Move(
            CertificationAction.CERTIFICATE_REVOKED,
            sources=(CertificateStatus.ACTIVE,),
            target=CertificateStatus.REVOKED,
        ),
        Move(
            CertificationAction.CERTIFICATE_LAPSED,
            sources=(CertificateStatus.ACTIVE,),
            target=CertificateStatus.LAPSED,
        ),
    ],
)

_OPEN_YEAR = (MaintenanceYearState.PLANNED, MaintenanceYearState.PENDING)
MAINTENANCE_FLOW = Workflow(
    MaintenanceYear,
    MaintenanceYearState,
    [
        Move(
            CertificationAction.MAINTENANCE_PENDING,
            sources=(MaintenanceYearState.PLANNED,),
            target=MaintenanceYearState.PENDING,
        ),
        Move(
            CertificationAction.MAINTENANCE_MET,
            sources=_OPEN_YEAR,
            target=MaintenanceYearState.MET,
        ),
        Move(
            CertificationAction.MAINTENANCE_LAPSED,
            sources=_OPEN_YEAR,
            target=MaintenanceYearState.LAPSED,
        ),
        Move(
            CertificationAction.MAINTENANCE_CANCELLED,
            sources=_OPEN_YEAR,
            target=MaintenanceYearState.CANCELLED,
        ),
    ],
    field="state",
)
