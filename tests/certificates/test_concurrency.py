"""Issuing under concurrency, on PostgreSQL: exactly once, and serials without gaps.

Real threads, each with its own database connection, go through the real
path (the completion statement recorded, the projector issuing). SQLite
serialises writers itself, so these tests need a database with row locks.
"""

import threading

import pytest
from django.db import connection, connections

from certificates.models import Certificate
from certificates.services import rendering_deferred
from courses import services as courses
from courses.models import Enrolment
from tests.certificates.conftest import pass_exam
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course
from tests.factories.people import DepartmentFactory, StaffMemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


def run_together(functions) -> list[BaseException]:
    barrier = threading.Barrier(len(functions))
    errors: list[BaseException] = []

    def worker(function):
        try:
            barrier.wait()
            with rendering_deferred():  # the PDFs are not what is raced here
                function()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def ready(reference_data):
    """Learners who have done every lesson; only the exam is left."""
    course = make_course("并发结业课程", lessons=1)
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    department = DepartmentFactory(name="西安市")
    learners = []
    for number in range(8):
        user = StaffMemberFactory(
            employee_id=f"C{number:04d}", department=department
        ).user
        courses.start_course(user=user, course=course)
        courses.complete_lesson(user=user, lesson=course.lessons().first())
        learners.append(user)
    return course, exam, learners


def test_concurrent_issues_take_consecutive_serials(ready):
    course, exam, learners = ready
    errors = run_together([lambda u=u: pass_exam(u, exam) for u in learners])
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(learners) + 1))
    assert len(set(Certificate.objects.values_list("status_index", flat=True))) == 8


def test_the_same_completion_rechecked_at_once_issues_once(ready):
    course, exam, learners = ready
    learner = learners[0]
    with rendering_deferred():
        pass_exam(learner, exam)
    enrolment = Enrolment.objects.get(user=learner)
    # Pretend the completion has not been certified yet, then race to issue it.
    Certificate.objects.filter(holder=learner).delete()
    from certificates.services import issue_for_completion

    errors = run_together(
        [lambda: issue_for_completion(enrolment_id=enrolment.pk) for _ in range(6)]
    )
    assert errors == []
    assert Certificate.objects.filter(holder=learner).count() == 1
