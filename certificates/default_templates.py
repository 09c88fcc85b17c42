"""The certificate templates the platform ships, one per language.

Their wording is content in its own language (as the curriculum's is), not
interface text: a Chinese certificate reads the same whatever language the
trainer's admin is in.
"""

from django.db import transaction
from django.utils import timezone

from .models import CertificateTemplate

DEFAULT_TEMPLATES = {
    CertificateTemplate.Language.ZH_HANS: {
        "name": "标准结业证书（中文）",
        "title": "结业证书",
        "body": (
            "{name} 同志（工号：{employee_id}，{department}）于 {date} 完成"
            "《{course}》课程学习，经考核合格，共计 {hours} 学时。\n\n特发此证。"
        ),
    },
    CertificateTemplate.Language.EN: {
        "name": "Standard certificate (English)",
        "title": "Certificate of Completion",
        "body": (
            "This is to certify that\n{name}\n"
            "(employee ID {employee_id}, {department})\n"
            "has completed the course {course} and passed its final assessment, "
            "earning {hours} study hours, on {date}."
        ),
    },
}


def ensure_default_templates() -> list[CertificateTemplate]:
    """Give every language a default certificate template; return those created.

    A language that has a default keeps it. One that has none gets the
    shipped template, created if no template of that name exists yet (so a
    trainer's edits to it are kept), and made the default. Idempotent.
    """
    created = []
    with transaction.atomic():
        for language, fields in DEFAULT_TEMPLATES.items():
            if CertificateTemplate.objects.default_for(language) is not None:
                continue
            template = CertificateTemplate.objects.filter(
                language=language, name=fields["name"]
            ).first()
            if template is None:
                template = CertificateTemplate(language=language, **fields)
                created.append(template)
            template.is_default = True
            template.save()
    return created


def sample_snapshot(template: CertificateTemplate) -> dict:
    """Return the snapshot of a made-up certificate, to preview ``template`` with."""
    today = timezone.localdate()
    return {
        "serial": f"{today.year}-000001",
        "holder_name": "张晓明",
        "employee_id": "D0001",
        "department": "西安市 · 市政务服务中心",
        "course_title": {
            "zh-hans": "“互联网+政务服务”概论",
            "en": "Introduction to Internet + Government Services",
        },
        "credit_hours": "2.0",
        "score": 92,
        "issuer_name": template.issuer_name(),
        "issued_on": today.isoformat(),
        "expires_on": today.replace(
            year=today.year + 2, day=min(today.day, 28)
        ).isoformat(),
        "language": template.language,
    }
