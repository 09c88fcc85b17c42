"""Trainers in the admin: statistics, their XLSX, and granting one more attempt."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from assessments import services
from assessments.exceptions import GrantRefused, NoAttemptsLeft
from assessments.models import AttemptGrant
from courses import services as courses
from people.roles import LEARNER, TRAINER
from tests.factories.assessments import make_bank, make_exam, make_question
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
        assessment=exam, user=learner, granted_by=user_in(TRAINER), reason="再考"
    )
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.submit_attempt(attempt=attempt)  # nothing answered: 0%
    assert services.counted_attempt(user=learner, assessment=exam).number == 1
    exam.score_policy = ScorePolicy.LAST
    exam.save()
    assert services.counted_attempt(user=learner, assessment=exam).number == 2


def test_nobody_grants_an_attempt_to_themselves(client, graded_exam):
    # Issue 11, hole 10: a trainer who sat the exam tops up their own attempts.
    exam, _learner = graded_exam
    trainer = StaffMemberFactory(employee_id="S3002").user
    trainer.groups.add(Group.objects.get(name=TRAINER))
    courses.start_course(user=trainer, course=exam.course)
    services.submit_attempt(
        attempt=services.start_attempt(user=trainer, assessment=exam)
    )
    client.force_login(trainer)
    response = client.post(
        f"/admin/assessments/{exam.pk}/grant/",
        {"employee_id": "S3002", "reason": "再来一次"},
        follow=True,
    )
    assert "不能为自己追加作答机会。" in response.content.decode()
    assert not AttemptGrant.objects.exists()
    with pytest.raises(NoAttemptsLeft):
        services.start_attempt(user=trainer, assessment=exam)


def test_a_grant_needs_the_right_and_a_learner(graded_exam):
    exam, learner = graded_exam
    trainer = user_in(TRAINER)
    plain = StaffMemberFactory(employee_id="S3003").user
    for user, granted_by in (
        (learner, None),  # nobody signed in
        (learner, plain),  # a learner without the permission
        (trainer, trainer),  # oneself, through the service too
        (user_in(TRAINER), trainer),  # an account that is no staff member
    ):
        with pytest.raises(GrantRefused):
            services.grant_attempt(
                assessment=exam, user=user, granted_by=granted_by, reason="理由"
            )
    with pytest.raises(GrantRefused):
        services.grant_attempt(
            assessment=exam, user=learner, granted_by=trainer, reason="  "
        )
    assert not AttemptGrant.objects.exists()
    services.grant_attempt(
        assessment=exam, user=learner, granted_by=trainer, reason="停电"
    )
    assert AttemptGrant.objects.get().granted_by == trainer


@pytest.mark.parametrize(
    "query", ["q01", "题目", "Question q02", "%'\";--", 'AND OR "', "a\x00b"]
)
def test_trainers_search_questions_and_banks_in_the_admin(client, graded_exam, query):
    # Issue 11, hole 7: this search was "no such column: text" on SQLite.
    client.force_login(user_in(TRAINER))
    questions = client.get("/admin/snippets/assessments/question/", {"q": query})
    assert questions.status_code == 200
    banks = client.get("/admin/snippets/assessments/questionbank/", {"q": query})
    assert banks.status_code == 200
    chooser = client.get("/admin/snippets/choose/assessments/question/", {"q": query})
    assert chooser.status_code == 200
    if query == "q01":
        assert "q01" in questions.content.decode()
        assert "q02" not in questions.content.decode()


def test_a_chinese_substring_finds_the_question(client, graded_exam):
    exam, _learner = graded_exam
    bank = exam.draw_rules.get().bank
    make_question(
        bank, "wifi", choices=[("是", True), ("否", False)], text="公共无线网络的风险"
    )
    client.force_login(user_in(TRAINER))
    page = client.get("/admin/snippets/assessments/question/", {"q": "无线网络"})
    assert "wifi" in page.content.decode()
    bank_page = client.get("/admin/snippets/assessments/questionbank/", {"q": "题库"})
    assert bank.name in bank_page.content.decode()
