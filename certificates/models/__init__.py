from .archives import CertificateArchive
from .certificates import Certificate, SerialCounter, StatusListCounter

__all__ = ["Certificate", "CertificateArchive", "SerialCounter", "StatusListCounter"]
