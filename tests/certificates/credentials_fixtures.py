"""What the credential tests share: a site key in a temporary folder and a certificate."""

from datetime import UTC, datetime, timedelta

SITE = "http://127.0.0.1:8000"
LIST_URL = f"{SITE}/certificates/status/1"


def use_site_key(settings, tmp_path):
    """Give the site a fresh Ed25519 credential key; return the key folder."""
    from certificates.credentials import keys

    settings.SITE_BASE_URL = SITE
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_VC_KEY = ""
    keys.ensure_vc_key()
    return settings.CERTIFICATE_KEY_DIR


def snapshot(**changes) -> dict:
    """Return a certificate snapshot as the certificates app freezes it."""
    return {
        "serial": "2026-000123",
        "holder_name": "张晓明",
        "employee_id": "D0001",
        "department": "办公室",
        "course_title": {
            "zh-hans": "政务新媒体安全管理",
            "en": "Security of government new media",
        },
        "credit_hours": "2.0",
        "score": 92,
        "issuer_name": "陕西省人力资源和社会保障厅",
        "issued_on": "2026-12-01",
        "expires_on": None,
        "language": "zh-hans",
    } | changes


def credential_arguments(
    *, index: int = 7, issued=None, valid_until="default", **changes
):
    """Return the arguments of ``badge.issue`` for one certificate."""
    from certificates.credentials import status_list

    record = snapshot(**changes)
    issued = issued or datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    return {
        "credential_id": f"{SITE}/verify/K7Q2M9X4T8W3/",
        "snapshot": record,
        "achievement_id": f"{SITE}/xapi/activities/course/3f2a",
        "achievement_name": record["course_title"],
        "criteria": "完成全部课节并通过结业考试。",
        "issued": issued,
        "valid_until": issued + timedelta(days=730)
        if valid_until == "default"
        else valid_until,
        "status": status_list.status_entry(index, LIST_URL),
    }
