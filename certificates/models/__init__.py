from .templates import CertificateTemplate, CertificateTemplateQuerySet

__all__ = ["CertificateTemplate", "CertificateTemplateQuerySet"]
