"""Public pages of certification (no login): certificate verification and the registry.
Included before the documents' /verify/<code>/ so a certificate number reaches its page."""

from django.urls import path, register_converter

from certification.models.certificates import CERTIFICATE_NUMBER_PATTERN
from certification.models.maintenance import LGS_NUMBER_PATTERN
from certification.views import certificates, verification


class CertificateNumberConverter:
    """COR-YYYY-NNNNNN, in any letter case (a typed number)."""

    regex = CERTIFICATE_NUMBER_PATTERN.replace("COR", "[Cc][Oo][Rr]")

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(CertificateNumberConverter, "certnum")


class LgsNumberConverter(CertificateNumberConverter):
    """LGS-YYYY-NNNNNN, in any letter case."""

    regex = LGS_NUMBER_PATTERN.replace("LGS", "[Ll][Gg][Ss]")


register_converter(LgsNumberConverter, "lgsnum")

urlpatterns = [
    path("verify/<certnum:number>/", verification.certificate_verify, name="certificate_verify"),
    path("verify/<lgsnum:number>/", verification.lgs_verify, name="lgs_verify"),
    path("registry/", certificates.registry, name="registry"),
]
