"""A large organisation for the report and export benchmarks, loaded in bulk.

``build_dataset(staff=20000, courses=30)`` fills a migrated, empty database
(Django set up already) with:

- a province with 10 cities of 5 districts each (61 departments);
- ``staff`` staff members with their user accounts, spread over the districts,
  five positions and the migrations' grades;
- ``courses`` live courses, the first two thirds required (due across the
  year), the rest elective, a final exam on each of the first ten;
- one enrolment per person and course (``staff × courses`` rows): 60 %
  completed (four in five of those on time), 20 % in progress, 20 % not started;
- a ledger entry per completion (1 to 4 学时, online, in its bucket) and an
  offline class entry per person;
- an exam attempt per completion of a course with an exam, and a certificate
  per completion of those courses (some expired, some revoked).

It returns a ``Dataset`` with the year, the counts and the course keys.
PostgreSQL tables are loaded with COPY (600,000 enrolments in seconds); other
databases with ``bulk_create`` in batches of 5,000. The data is random but
seeded, so two runs build the same organisation.
"""

import hashlib
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

YEAR = 2026
POSITIONS = ("科员", "副主任科员", "主任科员", "副科长", "科长")


@dataclass
class Dataset:
    year: int
    staff: int
    courses: int
    course_keys: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def copy_rows(model, fields: list[str], rows) -> int:
    """Insert ``rows`` (tuples in ``fields`` order, attribute names) in bulk."""
    rows = list(rows)
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=5000)
        return len(rows)
    columns = ", ".join(model._meta.get_field(name).column for name in fields)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


def _departments():
    from people.services import ensure_department

    districts = []
    for city in range(1, 11):
        for district in range(1, 6):
            path = f"陕西省/第{city}市/第{district}区"
            districts.append(ensure_department(path=path))
    return districts


def _people(count: int, rng: random.Random):
    from people.models import Grade, Position, StaffMember

    districts = _departments()
    positions = [Position.objects.get_or_create(name=n)[0].pk for n in POSITIONS]
    grades = list(Grade.objects.values_list("pk", flat=True))
    now = timezone.now()
    user_model = get_user_model()
    copy_rows(
        user_model,
        ["username", "password", "is_active", "is_staff", "is_superuser",
         "first_name", "last_name", "email", "date_joined"],
        ((f"B{n:07d}", "!", True, False, False, "", "", "", now) for n in range(count)),
    )  # fmt: skip
    users = dict(
        user_model.objects.filter(username__startswith="B").values_list(
            "username", "pk"
        )
    )
    copy_rows(
        StaffMember,
        ["user_id", "employee_id", "name", "department_id", "position_id",
         "grade_id", "email", "is_active", "created_at", "updated_at"],
        (
            (users[f"B{n:07d}"], f"B{n:07d}", f"员工{n}", rng.choice(districts).pk,
             rng.choice(positions), rng.choice(grades), "", True, now, now)
            for n in range(count)
        ),
    )  # fmt: skip
    return sorted(users.values())


def _courses(count: int):
    from assessments.models import Assessment
    from courses.models import CataloguePage, CoursePage
    from courses.setup import ensure_site_structure

    ensure_site_structure()
    parent = CataloguePage.objects.get(locale__language_code="zh-hans")
    courses = []
    for number in range(count):
        kind = "required" if number < count * 2 // 3 else "elective"
        course = CoursePage(
            title=f"基准课程{number:02d}", summary="基准", kind=kind,
            credit_hours=Decimal("2"), certificate_validity_months=24,
        )  # fmt: skip
        parent.add_child(instance=course)
        courses.append(course)
    exams = {
        course.translation_key: Assessment.objects.create(
            kind="exam", title="结业考试", course=course
        ).pk
        for course in courses[:10]
    }
    return courses, exams


def _enrolment(rng, user_id, index, course, year):
    required = course.kind == "required"
    due = date(year, 1 + index % 12, 28) if required else None
    enrolled = timezone.make_aware(datetime(year, 1, 5, 9))
    roll = rng.random()
    if roll < 0.6:
        base = due or date(year, 6, 30)
        late = rng.random() < 0.2
        day = base + timedelta(days=rng.randint(1, 40) if late else -rng.randint(0, 3))
        day = min(day, date(year, 12, 31))
        done = timezone.make_aware(datetime(day.year, day.month, day.day, 15))
        return (user_id, course.translation_key, "completed", required, due,
                enrolled, enrolled, done)  # fmt: skip
    status = "in_progress" if roll < 0.8 else "enrolled"
    started = enrolled if status == "in_progress" else None
    return (user_id, course.translation_key, status, required, due, enrolled,
            started, None)  # fmt: skip


def _enrolments(users, courses, rng, year) -> list:
    from courses.models import Enrolment

    rows = [
        _enrolment(rng, user_id, index, course, year)
        for user_id in users
        for index, course in enumerate(courses)
    ]
    copy_rows(
        Enrolment,
        ["user_id", "course_key", "status", "required", "due_date", "enrolled_at",
         "started_at", "completed_at"],
        rows,
    )  # fmt: skip
    return [row for row in rows if row[2] == "completed"]


def _ledger(users, completed, rng, year) -> int:
    from ledger.models import StudyHourEntry

    fields = ["user_id", "year", "hours", "source", "bucket", "title", "reference",
              "rule", "credited_on", "created_at"]  # fmt: skip
    now = timezone.now()
    online = (
        (row[0], year, Decimal(rng.randint(1, 4)), "online",
         "required" if row[3] else "elective", "基准课程", str(row[1]), "{}",
         timezone.localdate(row[7]), now)
        for row in completed
    )  # fmt: skip
    offline = (
        (user_id, year, Decimal(rng.randint(0, 16)), "offline", "elective",
         "线下培训班", "", "{}", date(year, 5, 1), now)
        for user_id in users
    )  # fmt: skip
    return copy_rows(StudyHourEntry, fields, online) + copy_rows(
        StudyHourEntry, fields, offline
    )


def _attempts(completed, exams, rng) -> int:
    from assessments.models import Attempt

    rows = (
        (exams[row[1]], row[0], 1, uuid.uuid4(), "graded", row[7], row[7], row[7],
         Decimal(rng.randint(55, 100)), Decimal(100), Decimal(rng.randint(60, 100)),
         True)
        for row in completed
        if row[1] in exams
    )  # fmt: skip
    return copy_rows(
        Attempt,
        ["assessment_id", "user_id", "number", "registration", "status",
         "started_at", "submitted_at", "graded_at", "score", "max_score",
         "percent", "passed"],
        rows,
    )  # fmt: skip


def _certificates(completed, exams, departments, rng, year) -> int:
    from certificates.models import Certificate

    def row(number, enrolment):
        user_id, key, *_rest, done = enrolment
        code = hashlib.sha256(f"bench-{number}".encode()).hexdigest()
        expires = date(year, 1, 1) + timedelta(days=rng.randint(-30, 760))
        status = "revoked" if rng.random() < 0.02 else "issued"
        return (f"{year}-{number:07d}", year, number, code, "sealed", user_id,
                departments.get(user_id), key, done, done, expires, "{}",
                status, number, "", "", "")  # fmt: skip

    rows = (
        row(number, e)
        for number, e in enumerate((e for e in completed if e[1] in exams), 1)
    )
    return copy_rows(
        Certificate,
        ["serial", "year", "number", "code_digest", "code_sealed", "holder_id",
         "department_id", "course_key", "completed_at", "issued_at", "expires_on",
         "snapshot", "status", "status_index", "revocation_reason", "pdf",
         "pdf_sha256"],
        rows,
    )  # fmt: skip


def build_dataset(staff: int = 20000, courses: int = 30, year: int = YEAR) -> Dataset:
    """Fill the (empty, migrated) database with ``staff × courses`` enrolments and more.

    See the module docstring for what is made. Returns the ``Dataset``.
    """
    from people.models import StaffMember

    rng = random.Random(15)
    users = _people(staff, rng)
    pages, exams = _courses(courses)
    completed = _enrolments(users, pages, rng, year)
    departments = dict(StaffMember.objects.values_list("user_id", "department_id"))
    counts = {
        "staff": len(users),
        "enrolments": len(users) * len(pages),
        "ledger entries": _ledger(users, completed, rng, year),
        "attempts": _attempts(completed, exams, rng),
        "certificates": _certificates(completed, exams, departments, rng, year),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Dataset(
        year=year,
        staff=staff,
        courses=courses,
        course_keys=[page.translation_key for page in pages],
        counts=counts,
    )


__all__ = ["Dataset", "build_dataset", "copy_rows"]
