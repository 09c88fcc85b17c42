"""Demo only: a lived-in site — demo staff with enrolments, progress and exam attempts.

``seed_activity`` runs after ``people.demo.seed_people`` (``python manage.py
seed_demo``). Every learning event goes through the courses and assessments
services with the date it is meant to have happened (their ``now=``), so it is
an xAPI statement in the LRS with that timestamp, and the progress tables are
its projections, written by the projectors, as on a real site: statements and
projections agree on every date. The history covers the current and the
previous year.
Demo staff have employee IDs ``DEMO0001``…, ``@demo.invalid`` e-mail
addresses and no usable password. Never run it on a production site.
"""

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import grading
from assessments import services as assessments
from assessments.models import Assessment, AssessmentKind, Attempt
from courses import services as courses
from courses.models import CoursePage, Enrolment
from people.demo import DEPARTMENTS
from people.models import Department, StaffMember
from people.services import create_user, ensure_department, save_staff_member
from xapi.models import Statement

from .curriculum import ROOT, load_curriculum

SEED = 2026
STAFF = 200
PREFIX = "DEMO"
SERVICE, LEGAL, SECURITY, DIGITAL = (
    "03-people-centred-service",
    "06-legal-framework",
    "07-information-security",
    "08-digital-literacy",
)
ELECTIVES = (SERVICE, DIGITAL)
EXTRA_DEPARTMENTS = [
    "陕西省/西安市/碑林区/碑林区政务服务中心",
    "陕西省/西安市/未央区/未央区行政审批服务局",
    "陕西省/西安市/西安市行政审批服务局",
    "陕西省/宝鸡市/宝鸡市政务服务中心",
    "陕西省/宝鸡市/陈仓区/陈仓区政务服务中心",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭"
# Characters of given names, as commonly chosen for men and for women.
GIVEN = (
    "伟强磊军洋勇杰涛明超刚鹏辉建国飞鑫波宇浩凯晨轩瑞博文斌亮峰",
    "芳娜敏静丽艳娟霞桂英华兰萍红欣怡涵雨琪婷雪琳",
)
# Position, the grades that go with it, and how common it is.
POSITIONS = [
    ("科员", ("staff-1", "staff-2", "principal-staff-4"), 50),
    ("副科长", ("principal-staff-3", "principal-staff-4"), 20),
    ("科长", ("principal-staff-1", "principal-staff-2"), 15),
    ("副主任", ("researcher-3", "researcher-4"), 10),
    ("主任", ("researcher-1", "researcher-2"), 5),
]
# Lessons of one course are a few days apart; a retake a day after the failure.
LESSON_GAP = timedelta(days=2)
ATTEMPT_GAP = timedelta(days=1)


def ASSIGNED_AT():  # noqa: N802 - a date, computed when the demo runs
    """Return when HR assigned the demo's required training: before all study."""
    year = timezone.localdate().year - 2
    return timezone.make_aware(datetime(year, 12, 1, 9, 0))


@transaction.atomic
def seed_activity(*, staff: int = STAFF, root: Path = ROOT, stdout=None) -> bool:
    """Create the demo staff and their learning history; return whether it did.

    Idempotent: when the first demo staff member already has an enrolment,
    change nothing. Loads the curriculum from ``root`` first when no course
    exists. Expects ``seed_people`` to have run (it needs the ``hr`` and
    ``learner`` demo users).
    """
    write = stdout.write if stdout is not None else (lambda text: None)
    if Enrolment.objects.filter(user__username=f"{PREFIX}0001").exists():
        write(_("The demo activity is already there; nothing was added."))
        return False
    if not CoursePage.objects.exists():
        write(_("No course yet: loading the built-in curriculum first."))
        load_curriculum(root)
    catalogue = {slug: _course(slug) for slug in (SERVICE, LEGAL, SECURITY, DIGITAL)}
    members = _create_staff(staff, random.Random(SEED))
    from certificates.services import rendering_deferred

    from .demo_certificates import seed_certificate_history, seed_early_completion

    # Certificates are issued as the history is recorded; their PDFs are
    # rendered on first download, not all during `make run`.
    with rendering_deferred():
        seed_early_completion(catalogue, members)
        _assign(catalogue)
        for member in members:
            rng = random.Random(f"{SEED}:{member.employee_id}")
            _study(member.user, catalogue, rng)
        _seed_learner(catalogue)
        seed_certificate_history(catalogue)
    write(_summary(members))
    return True


def _course(slug: str) -> tuple:
    course = CoursePage.objects.get(slug=slug, locale__language_code="zh-hans")
    exam = Assessment.objects.get(kind=AssessmentKind.EXAM, course=course)
    return course, list(course.lessons()), exam


def _summary(members: list[StaffMember]) -> str:
    user_ids = [member.user_id for member in members]
    return _(
        "Demo activity: %(staff)d demo staff (employee IDs %(first)s–%(last)s) with "
        "%(enrolments)d enrolments and %(attempts)d exam attempts, recorded as xAPI "
        "statements (%(statements)d in the LRS). All of it is demo data."
    ) % {
        "staff": len(members),
        "first": members[0].employee_id if members else "-",
        "last": members[-1].employee_id if members else "-",
        "enrolments": Enrolment.objects.filter(user_id__in=user_ids).count(),
        "attempts": Attempt.objects.filter(user_id__in=user_ids).count(),
        "statements": Statement.objects.count(),
    }


# --- Staff and assignments ---------------------------------------------------


def _create_staff(count: int, rng: random.Random) -> list[StaffMember]:
    departments = [ensure_department(path=p) for p in DEPARTMENTS + EXTRA_DEPARTMENTS]
    weights = [weight for _name, _grades, weight in POSITIONS]
    members = []
    for number in range(1, count + 1):
        employee_id = f"{PREFIX}{number:04d}"
        given = rng.sample(rng.choice(GIVEN), rng.choice((1, 2)))
        name = rng.choice(SURNAMES) + "".join(given)
        position, grades, _weight = rng.choices(POSITIONS, weights=weights)[0]
        # make_password(None) is Django's unusable password (what
        # set_unusable_password() stores), without hashing: demo staff never sign in.
        user = create_user(
            username=employee_id,
            password=None,
            first_name=name,
            email=f"{employee_id.lower()}@demo.invalid",
            is_active=True,
        )
        member = save_staff_member(
            user=user,
            employee_id=employee_id,
            name=name,
            department=rng.choice(departments),
            position=position,
            grade_code=rng.choice(grades),
            email=user.email,
        )
        members.append(member)
    return members


def _assign(catalogue: dict) -> None:
    """Assign the legal course to 西安市 (overdue now) and security to all of 陕西省."""
    hr = get_user_model().objects.get(username="hr")
    today = timezone.localdate()
    courses.create_assignment(
        created_by=hr,
        due_date=today - timedelta(days=10),
        course=catalogue[LEGAL][0],
        department=Department.objects.get(name="西安市", parent__name="陕西省"),
        include_subdepartments=True,
        now=ASSIGNED_AT(),
    )
    courses.create_assignment(
        created_by=hr,
        due_date=date(today.year, 12, 31),
        course=catalogue[SECURITY][0],
        department=Department.objects.get(name="陕西省", parent=None),
        include_subdepartments=True,
        now=ASSIGNED_AT(),
    )


# --- Learning ----------------------------------------------------------------


def _study(user, catalogue: dict, rng: random.Random) -> None:
    """Give ``user`` a profile: done, under way, not started, or electives first."""
    roll = rng.random()
    if roll < 0.3:
        work = [(SECURITY, None), (LEGAL, None)]
        if rng.random() < 0.5:
            work.append((rng.choice(ELECTIVES), None))
    elif roll < 0.6:
        work = [(SECURITY, rng.randint(1, 3)), (LEGAL, rng.choice((None, 1, 2)))]
        if rng.random() < 0.3:
            work.append((rng.choice(ELECTIVES), rng.randint(1, 2)))
    elif roll < 0.8:
        work = []
    else:
        work = [(rng.choice(ELECTIVES), None)]
        if rng.random() < 0.5:
            work.append((SECURITY, 1))
    for slug, lessons in work:
        _take_course(user, catalogue[slug], lessons, rng)


def _take_course(user, entry: tuple, lessons: int | None, rng) -> None:
    """Start the course, complete ``lessons`` of it (None: all, then the exam).

    The course's last event falls on a day picked by ``_days_back``; its
    lessons come a few days apart before it, and the exam after the last.
    """
    course, all_lessons, exam = entry
    done = all_lessons if lessons is None else all_lessons[:lessons]
    roll = rng.random()
    # Most pass first time, some fail once then pass, a few have not retried.
    rates = (0.9, 0.95) if roll < 0.65 else (0.35, 0.9) if roll < 0.9 else (0.3,)
    sits_exam = len(done) == len(all_lessons)
    end = timezone.now() - _days_back(rng, completed=sits_exam and rates[-1] > 0.5)
    exams = len(rates) if sits_exam else 0
    moment = end - LESSON_GAP * (len(done) + 1) - ATTEMPT_GAP * exams
    courses.start_course(user=user, course=course, now=moment)
    for lesson in done:
        moment += LESSON_GAP
        courses.complete_lesson(user=user, lesson=lesson, now=moment)
    if sits_exam:
        _take_exam(user, exam, rates, rng, moment + ATTEMPT_GAP)


def _take_exam(user, exam: Assessment, rates: tuple, rng, start) -> bool:
    """Sit the exam once per rate (a day apart) until passed, from ``start``."""
    for number, rate in enumerate(rates):
        began = start + ATTEMPT_GAP * number
        attempt = assessments.start_attempt(user=user, assessment=exam, now=began)
        answers = {
            item.position: (_right if rng.random() < rate else _wrong)(
                item.version.content
            )
            for item in attempt.items.select_related("version")
        }
        finished = began + timedelta(minutes=rng.randint(8, 25))
        assessments.save_answers(attempt=attempt, answers=answers, now=finished)
        if assessments.submit_attempt(attempt=attempt, now=finished).passed:
            return True
    return False


def _right(content: dict):
    kind = content["type"]
    if kind == grading.SINGLE_CHOICE:
        return grading.correct_ids(content)[0]
    if kind == grading.MULTIPLE_CHOICE:
        return grading.correct_ids(content)
    if kind == grading.TRUE_FALSE:
        return bool(content["correct"])
    if kind == grading.FILL_IN:
        return content["answers"][0]
    return grading.choice_ids(content)


def _wrong(content: dict):
    kind = content["type"]
    wrong_ids = [
        choice_id
        for choice_id in grading.choice_ids(content)
        if choice_id not in grading.correct_ids(content)
    ]
    if kind == grading.SINGLE_CHOICE:
        return wrong_ids[0]
    if kind == grading.MULTIPLE_CHOICE:
        return wrong_ids
    if kind == grading.TRUE_FALSE:
        return not content["correct"]
    if kind == grading.FILL_IN:
        return "不清楚"
    return list(reversed(grading.choice_ids(content)))


def _days_back(rng: random.Random, *, completed: bool) -> timedelta:
    """Pick when this course was last worked on: half the completions last year."""
    today = timezone.localdate()
    new_year = date(today.year, 1, 1)
    if completed and rng.random() < 0.5:
        last_year = (new_year - date(today.year - 1, 1, 1)).days
        target = new_year - timedelta(days=rng.randint(1, last_year))
    else:
        target = new_year + timedelta(days=rng.randint(0, (today - new_year).days))
    return timedelta(days=(today - target).days, minutes=rng.randint(0, 480))


def _seed_learner(catalogue: dict) -> None:
    """One course completed, one in progress, one required course overdue."""
    learner = get_user_model().objects.get(username="learner")
    now = timezone.now()
    course, lessons, exam = catalogue[SERVICE]
    moment = now - timedelta(days=40) - LESSON_GAP * (len(lessons) + 1)
    courses.start_course(user=learner, course=course, now=moment)
    for lesson in lessons:
        moment += LESSON_GAP
        courses.complete_lesson(user=learner, lesson=lesson, now=moment)
    _take_exam(learner, exam, (1.0,), random.Random(SEED), moment + ATTEMPT_GAP)
    course, lessons, _exam = catalogue[DIGITAL]
    moment = now - timedelta(days=3) - LESSON_GAP * 3
    courses.start_course(user=learner, course=course, now=moment)
    for lesson in lessons[:2]:
        moment += LESSON_GAP
        courses.complete_lesson(user=learner, lesson=lesson, now=moment)
    courses.create_assignment(
        created_by=get_user_model().objects.get(username="hr"),
        due_date=timezone.localdate() - timedelta(days=10),
        course=catalogue[LEGAL][0],
        staff=StaffMember.objects.get(user=learner),
        now=now - timedelta(days=60),
    )
