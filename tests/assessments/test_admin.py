"""Trainers in the admin: statistics, their XLSX, and granting one more attempt."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from assessments import services
from assessments.models import AttemptGrant
from courses import services as courses
from people.roles import LEARNER, TRAINER
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_exam():
    course = make_course("统计课程", lessons=1)
    exam = make_exam(
        course, make_bank(course=course, questions=4), draw=4, max_attempts=1
    )
    learner = StaffMemberFactory(employee_id="S3001").user
    courses.start_course(user=learner, course=course)
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=attempt, answers={1: "a", 2: "b"})
    services.submit_attempt(attempt=attempt)
    return exam, learner


def user_in(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_trainer_sees_statistics_and_downloads_them(client, graded_exam):
    exam, _learner = graded_exam
    client.force_login(user_in(TRAINER))
    page = client.get(f"/admin/assessments/{exam.pk}/statistics/")
    assert page.status_code == 200
    assert "q0" in page.content.decode() or "q01" in page.content.decode()
    export = client.get(f"/admin/assessments/{exam.pk}/statistics.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    assert len(book.sheetnames) == 3


def test_trainer_grants_one_more_attempt_with_a_reason(client, graded_exam):
    exam, learner = graded_exam
    trainer = user_in(TRAINER)
    client.force_login(trainer)
    client.post(
        f"/admin/assessments/{exam.pk}/grant/",
        {"employee_id": "S3001", "reason": "停电"},
    )
    grant = AttemptGrant.objects.get()
    assert (grant.user, grant.granted_by, grant.reason) == (learner, trainer, "停电")
    assert services.start_attempt(user=learner, assessment=exam).number == 2


def test_learners_cannot_see_statistics(client, graded_exam):
    exam, _learner = graded_exam
    client.force_login(user_in(LEARNER))
    response = client.get(f"/admin/assessments/{exam.pk}/statistics/")
    assert response.status_code in (302, 403)
    client.post(
        f"/admin/assessments/{exam.pk}/grant/", {"employee_id": "S3001", "reason": "x"}
    )
    assert not AttemptGrant.objects.exists()


def test_trainer_imports_a_bank_file_all_or_nothing_and_exports_it(client, graded_exam):
    from assessments.models import Question, QuestionBank

    bank = QuestionBank.objects.create(name="导入题库")
    client.force_login(user_in(TRAINER))
    header = (
        "key,type,difficulty,topic,text_zh,text_en,choices_zh,choices_en,correct,"
        "partial_credit,answers,explanation_zh,explanation_en\n"
    )
    good = "k1,true_false,easy,,题干,Stem,,,true,,,解析,Why\n"
    bad = "k2,single_choice,easy,,题干,Stem,甲 | 乙,A | B,Z,,,解析,Why\n"
    upload = io.BytesIO((header + good + bad).encode())
    upload.name = "bank.csv"
    page = client.post(
        f"/admin/assessments/banks/{bank.pk}/transfer/", {"file": upload}
    )
    assert "3" in page.content.decode()  # the bad row's line
    assert not Question.objects.filter(bank=bank).exists()
    upload = io.BytesIO((header + good).encode())
    upload.name = "bank.csv"
    client.post(f"/admin/assessments/banks/{bank.pk}/transfer/", {"file": upload})
    assert Question.objects.filter(bank=bank, key="k1").exists()
    export = client.get(f"/admin/assessments/banks/{bank.pk}/transfer/?export=csv")
    assert "k1" in export.content.decode("utf-8-sig")


def test_the_score_that_counts_is_the_best_or_the_last(graded_exam):
    from assessments.models import ScorePolicy

    exam, learner = graded_exam
    services.grant_attempt(
        assessment=exam, user=learner, granted_by=None, reason="再考"
    )
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.submit_attempt(attempt=attempt)  # nothing answered: 0%
    assert services.counted_attempt(user=learner, assessment=exam).number == 1
    exam.score_policy = ScorePolicy.LAST
    exam.save()
    assert services.counted_attempt(user=learner, assessment=exam).number == 2
