"""Recertification: an expiring certificate brings its course back as required training."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import renew_expiring
from courses.models import Enrolment
from tests.certificates.conftest import complete_course, pass_exam

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def expiring(learner, course_with_exam):
    """A certificate issued two years ago (validity 24 months): it expires in days."""
    course, exam = course_with_exam
    earned = timezone.now() - timedelta(days=2 * 365 - 20)
    complete_course(learner, course, exam, now=earned)
    return Certificate.objects.get(holder=learner)


def test_the_sweep_re_enrols_the_holder_due_on_the_expiry(expiring, learner):
    assert renew_expiring() == 1
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.required and enrolment.due_date == expiring.expires_on
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.cycle_started_at is not None
    assert renew_expiring() == 0  # idempotent


def test_a_certificate_far_from_expiry_is_left_alone(certificate):
    assert renew_expiring() == 0


def test_the_dashboard_warns_and_lists_the_course_as_required(
    client, expiring, learner
):
    renew_expiring()
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("courses:dashboard")).content.decode()
    assert "expires on" in body
    required = body.split('id="required-heading"')[1].split("</section>")[0]
    assert "网络安全基础" in required


def test_the_new_cycle_needs_the_lessons_and_exam_again(
    expiring, learner, course_with_exam
):
    course, exam = course_with_exam
    renew_expiring()
    from courses import services as courses

    courses.start_course(user=learner, course=course)
    first = course.lessons().first()
    courses.complete_lesson(user=learner, lesson=first)
    enrolment = Enrolment.objects.get(user=learner)
    assert not enrolment.is_completed  # the old lessons and pass are the last cycle's
    for lesson in course.lessons()[1:]:
        courses.complete_lesson(user=learner, lesson=lesson)
    assert not Enrolment.objects.get(user=learner).is_completed
    pass_exam(learner, exam)
    assert Enrolment.objects.get(user=learner).is_completed
    assert Certificate.objects.filter(holder=learner).count() == 2
    renewed = Certificate.objects.filter(holder=learner).latest("issued_at")
    assert renewed.expires_on > expiring.expires_on


def test_an_expired_certificate_no_longer_counts(expiring):
    Certificate.objects.filter(pk=expiring.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert not Certificate.objects.valid().exists()
    assert Certificate.objects.current().exists()  # still genuine, just expired
