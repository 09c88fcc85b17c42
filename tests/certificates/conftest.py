import copy

import pytest

VERIFY_URL = "http://testserver/verify/K7Q2M9XW4RTB8N3PJ6HC5V1DZA/"
SNAPSHOT = {
    "serial": "2026-000123",
    "holder_name": "张晓明",
    "employee_id": "D0001",
    "department": "西安市 · 市政务服务中心",
    "course_title": {
        "zh-hans": "“互联网+政务服务”概论",
        "en": "Introduction to Internet + Government Services",
    },
    "credit_hours": "2.0",
    "score": 92,
    "issuer_name": "中共西安市委党校",
    "issued_on": "2026-12-01",
    "expires_on": "2028-12-01",
    "language": "zh-hans",
}


@pytest.fixture
def snapshot():
    return copy.deepcopy(SNAPSHOT)


@pytest.fixture
def default_templates(db):
    from certificates.default_templates import ensure_default_templates
    from certificates.models import CertificateTemplate

    ensure_default_templates()
    return {t.language: t for t in CertificateTemplate.objects.filter(is_default=True)}


@pytest.fixture
def zh_template(default_templates):
    return default_templates["zh-hans"]


@pytest.fixture
def en_template(default_templates):
    return default_templates["en"]


@pytest.fixture
def signing_key():
    """The self-signed demo pair in this test process's own key folder."""
    from certificates.rendering import ensure_pdf_signing_key

    return ensure_pdf_signing_key()
