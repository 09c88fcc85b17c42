"""The demo data: demo users, demo staff and a learning history in the LRS."""

import io
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Attempt
from content.curriculum import ROOT
from content.demo import DIGITAL, LEGAL, SECURITY, SERVICE
from courses.models import (
    Assignment,
    CoursePage,
    Enrolment,
    LessonProgress,
)
from ledger.models import StudyHourEntry
from people.models import StaffMember
from xapi.models import Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_curriculum(tmp_path):
    """Only the four courses the demo uses, so that loading stays quick."""
    root = tmp_path / "curriculum"
    for slug in (SERVICE, LEGAL, SECURITY, DIGITAL):
        shutil.copytree(ROOT / slug, root / slug)
    return root


def _seed(root) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--staff", "30", "--curriculum", str(root), stdout=out)
    return out.getvalue()


def _counts() -> dict:
    models = (
        get_user_model(),
        StaffMember,
        Enrolment,
        LessonProgress,
        StudyHourEntry,
        Attempt,
        Assignment,
        Statement,
    )
    return {model.__name__: model.objects.count() for model in models}


def _key(slug):
    return CoursePage.objects.get(
        slug=slug, locale__language_code="zh-hans"
    ).translation_key


def test_seed_demo_gives_a_lived_in_site_and_running_it_again_adds_nothing(
    demo_curriculum,
):
    output = _seed(demo_curriculum)
    assert "DEMO0001–DEMO0030" in output and "demo data" in output

    learner = get_user_model().objects.get(username="learner")
    enrolments = {e.course_key: e for e in Enrolment.objects.filter(user=learner)}
    assert enrolments[_key(SERVICE)].is_completed
    assert enrolments[_key(DIGITAL)].status == Enrolment.Status.IN_PROGRESS
    assert (
        LessonProgress.objects.filter(user=learner, course_key=_key(DIGITAL)).count()
        == 2
    )
    overdue = [e.course_key for e in enrolments.values() if e.is_overdue()]
    assert overdue == [_key(LEGAL)] and enrolments[_key(LEGAL)].required

    demo_staff = StaffMember.objects.filter(employee_id__startswith="DEMO")
    assert demo_staff.count() == 30
    assert not any(member.user.has_usable_password() for member in demo_staff)
    assert Statement.objects.filter(data__actor__account__name="DEMO0001").exists()
    last_year = timezone.localdate().year - 1
    assert Enrolment.objects.filter(completed_at__year=last_year).exists()
    assert StudyHourEntry.objects.filter(year=last_year).exists()
    assert Attempt.objects.filter(
        user__username__startswith="DEMO", passed=False
    ).exists()

    assert Statement.objects.filter(data__actor__account__name="D0001").exists()
    assert not Statement.objects.filter(data__actor__account__name="learner").exists()
    _assert_statements_and_projections_agree()
    _assert_certificates_follow_the_completions(learner)

    before = _counts()
    assert "already there" in _seed(demo_curriculum)
    assert _counts() == before


def _assert_certificates_follow_the_completions(learner):
    from certificates.models import Certificate

    for row in Enrolment.objects.filter(status=Enrolment.Status.COMPLETED):
        assert Certificate.objects.filter(
            holder=row.user, course_key=row.course_key, completed_at=row.completed_at
        ).exists(), row
    assert Certificate.objects.filter(status=Certificate.Status.REVOKED).count() == 1
    assert any(c.state() == "expired" for c in Certificate.objects.all())
    renewing = Enrolment.objects.get(user=learner, course_key=_key(SECURITY))
    assert renewing.required and renewing.cycle_started_at is not None
    assert (
        renewing.due_date
        == Certificate.objects.get(holder=learner, course_key=_key(SECURITY)).expires_on
    )


def _ms(moment):
    """Statements carry milliseconds (xAPI timestamps); compare to that precision."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _statement_times(verb):
    """Map (account name, object id) to the timestamps of ``verb`` statements."""
    found = {}
    for data, timestamp in Statement.objects.filter(verb_id=verb).values_list(
        "data", "timestamp"
    ):
        key = (data["actor"]["account"]["name"], data["object"]["id"])
        found.setdefault(key, []).append(_ms(timestamp))
    return found


def _assert_statements_and_projections_agree():
    """Every projected date is the date of the statement it comes from."""
    from xapi import vocabulary as v

    stamps = dict(Statement.objects.values_list("id", "timestamp"))
    for row in LessonProgress.objects.all():
        assert _ms(row.completed_at) == _ms(stamps[row.statement_id]), row
    registered = _statement_times(v.REGISTERED)
    initialized = _statement_times(v.INITIALIZED)
    completed = _statement_times(v.COMPLETED)
    courses = {
        page.translation_key: page.activity_id for page in CoursePage.objects.all()
    }
    for row in Enrolment.objects.select_related("user__staff"):
        key = (row.user.staff.employee_id, courses[row.course_key])
        assert _ms(row.enrolled_at) in registered[key], row
        if row.started_at:
            assert _ms(row.started_at) in initialized[key], row
        if row.completed_at:
            assert _ms(row.completed_at) in completed[key], row
            entry = StudyHourEntry.objects.get(
                user=row.user, reference=str(row.course_key)
            )
            assert entry.year == timezone.localdate(row.completed_at).year
    for attempt in Attempt.objects.filter(status=Attempt.Status.GRADED):
        outcome = Statement.objects.get(
            registration=attempt.registration, verb_id__in=[v.PASSED, v.FAILED]
        )
        assert _ms(outcome.timestamp) == _ms(attempt.submitted_at), attempt


def test_seed_demo_users_only_creates_the_five_demo_users():
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert usernames == {"learner", "trainer", "reviewer", "hr", "admin"}
    assert StaffMember.objects.count() == 5
    assert not CoursePage.objects.exists()
    assert not Enrolment.objects.exists()
