from .certificates import Certificate, CertificateCounter
from .maintenance import LetterOfGoodStanding, LgsCounter, MaintenanceYear, MaintenanceYearState
from .organization import MemberInvitation, Membership, Organization, WsibAccount
from .people import CodeOfEthicsSignature, Person, TrainingExemption, TrainingRecord
from .programs import Program, ProgramYear
from .registration import Registration
from .registry import RegistryClient, RegistryEntry, RegistryPublication
from .standings import StandingSnapshot

__all__ = [
    "Certificate",
    "CertificateCounter",
    "CodeOfEthicsSignature",
    "LetterOfGoodStanding",
    "LgsCounter",
    "MaintenanceYear",
    "MaintenanceYearState",
    "MemberInvitation",
    "Membership",
    "Organization",
    "Person",
    "Program",
    "ProgramYear",
    "Registration",
    "RegistryClient",
    "RegistryEntry",
    "RegistryPublication",
    "StandingSnapshot",
    "TrainingExemption",
    "TrainingRecord",
    "WsibAccount",
]
