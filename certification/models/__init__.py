from .certificates import Certificate, CertificateCounter
from .organization import MemberInvitation, Membership, Organization, WsibAccount
from .people import CodeOfEthicsSignature, Person, TrainingExemption, TrainingRecord
from .registration import Registration

__all__ = [
    "Certificate",
    "CertificateCounter",
    "CodeOfEthicsSignature",
    "MemberInvitation",
    "Membership",
    "Organization",
    "Person",
    "Registration",
    "TrainingExemption",
    "TrainingRecord",
    "WsibAccount",
]
