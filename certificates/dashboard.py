"""The certificates section of the learner's dashboard, and the course page's link.

The dashboard lists the learner's current certificates with their downloads,
and warns of those that expire soon, saying that the course has come back as
required training due on the expiry date.
"""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.extensions import Link

from .models import Certificate


def dashboard_section(request) -> str:
    user = request.user
    certificates = list(Certificate.objects.current().filter(holder=user)[:20])
    if not certificates:
        return ""
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.CERTIFICATE_RENEWAL_DAYS)
    expiring = [
        c for c in certificates if c.expires_on and today < c.expires_on <= horizon
    ]
    return render_to_string(
        "certificates/dashboard_section.html",
        {"certificates": certificates, "expiring": expiring},
        request=request,
    )


def course_links(course, user) -> list[Link]:
    if not user.is_authenticated:
        return []
    certificate = (
        Certificate.objects.current()
        .filter(holder=user, course_key=course.translation_key)
        .first()
    )
    if certificate is None:
        return []
    return [
        Link(
            label=_("Your certificate"),
            url=reverse("certificates:detail", args=[certificate.serial]),
            note=certificate.serial,
        )
    ]
