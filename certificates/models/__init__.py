from .archives import CertificateArchive
from .certificates import Certificate, SerialCounter, StatusListCounter
from .templates import CertificateTemplate, CertificateTemplateQuerySet

__all__ = [
    "Certificate",
    "CertificateArchive",
    "CertificateTemplate",
    "CertificateTemplateQuerySet",
    "SerialCounter",
    "StatusListCounter",
]
