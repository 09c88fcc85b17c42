"""The quiz and exam player without JavaScript: navigator, flags, order, confirm, retake."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Attempt
from courses import services as courses
from tests.factories.assessments import make_bank, make_exam, make_question, make_quiz
from tests.factories.courses import make_course, translate
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return StaffMemberFactory(employee_id="P1001").user


@pytest.fixture
def course(learner):
    course = make_course("答题课程", lessons=1)
    courses.start_course(user=learner, course=course)
    return course


@pytest.fixture
def exam(course):
    """One single choice, one multiple choice and one ordering question, in that order."""
    bank = make_bank(course=course, questions=0)
    one = make_question(bank, "one", choices=[("对一", True), ("错一", False)])
    many = make_question(
        bank,
        "many",
        type="multiple_choice",
        choices=[("对甲", True), ("对乙", True), ("错丙", False)],
    )
    order = make_question(
        bank,
        "order",
        type="ordering",
        choices=[("第一步", False), ("第二步", False), ("第三步", False)],
    )
    return make_exam(
        course,
        fixed=[one, many, order],
        shuffle_questions=False,
        max_attempts=3,
        time_limit_minutes=30,
    )


def url(attempt, tail=""):
    return f"/learning/assessments/attempts/{attempt.pk}/{tail}"


def token(attempt, position, cid):
    item = attempt.items.get(position=position)
    return next(t for t, c in item.shown_choices() if c == cid)


def shown_order(page: str, position: int) -> list[str]:
    return re.findall(rf'name="q{position}-order" value="([^"]+)"', page)


@pytest.mark.parametrize(
    ("language", "named", "heading"),
    [
        ("zh-hans", "第 {} 题", "确认交卷？"),
        ("en", "Question {}", "Submit for grading?"),
    ],
)
def test_submitting_with_unanswered_questions_asks_first_and_names_them(
    client, learner, exam, language, named, heading
):
    client.cookies["django_language"] = language
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    response = client.post(url(attempt), {"q1": token(attempt, 1, "a"), "submit": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and heading in page
    assert named.format(2) in page and named.format(3) in page
    assert named.format(1) not in page
    assert f'href="{url(attempt)}#q2"' in page  # "go back" leads to the question
    attempt.refresh_from_db()
    assert not attempt.is_graded
    assert attempt.items.get(position=1).is_answered  # the answer was saved

    done = client.post(url(attempt), {"submit": "1", "confirmed": "1"})
    assert done.status_code == 302 and done.url == url(attempt, "result/")
    attempt.refresh_from_db()
    assert attempt.is_graded


def test_with_every_question_answered_submitting_grades_at_once(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    response = client.post(
        url(attempt),
        {
            "q1": token(attempt, 1, "a"),
            "q2-seen": "1",
            "q2": [token(attempt, 2, "a")],
            "q3-order": [token(attempt, 3, cid) for cid in "abc"],
            "submit": "1",
        },
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_graded


def test_a_flag_for_review_survives_a_save_and_is_named_before_submitting(
    client, learner, exam
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    client.post(url(attempt), {"flags-seen": "1", "flag": "2", "save": "1"})
    page = client.get(url(attempt)).content.decode()
    assert 'name="flag" value="2" checked' in page
    assert 'name="flag" value="1" checked' not in page
    assert re.search(r'data-position="2" class="[^"]*flagged', page)  # navigator

    answers = {
        "q1": token(attempt, 1, "a"),
        "q2-seen": "1",
        "q2": [token(attempt, 2, "a")],
        "q3-order": [token(attempt, 3, cid) for cid in "abc"],
    }
    # Saving other answers without touching the flags keeps them.
    client.post(url(attempt), {**answers, "save": "1"})
    assert attempt.items.get(position=2).flagged
    confirm = client.post(
        url(attempt), {**answers, "flags-seen": "1", "flag": "2", "submit": "1"}
    ).content.decode()
    assert "已标记待复查" in confirm and "第 2 题" in confirm
    assert "尚未作答" not in confirm

    client.post(url(attempt), {"flags-seen": "1", "save": "1"})  # unflag all
    assert not attempt.items.filter(flagged=True).exists()


def test_up_and_down_buttons_move_an_item_and_save_the_order(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    page = client.get(url(attempt)).content.decode()
    first = shown_order(page, 3)
    assert len(first) == 3
    assert 'type="number"' not in page  # no more number boxes
    assert not attempt.items.get(position=3).is_answered

    moved = client.post(url(attempt), {"q3-order": first, "move": "3:2:up"})
    assert moved.status_code == 302 and moved.url == url(attempt) + "#q3"
    after = shown_order(client.get(url(attempt)).content.decode(), 3)
    assert after == [first[0], first[2], first[1]]
    item = attempt.items.get(position=3)
    assert item.shown_response() == after

    client.post(url(attempt), {"q3-order": after, "move": "3:0:down"})
    again = shown_order(client.get(url(attempt)).content.decode(), 3)
    assert again == [after[1], after[0], after[2]]
    # A move past either end, or one that cannot be read, moves nothing.
    for move in ("3:0:up", "3:2:down", "3:x:up", "9:0:down", "junk"):
        response = client.post(url(attempt), {"q3-order": again, "move": move})
        assert response.status_code == 302
    assert shown_order(client.get(url(attempt)).content.decode(), 3) == again


def test_an_ordering_left_as_first_shown_is_not_an_answer(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    first = shown_order(client.get(url(attempt)).content.decode(), 3)
    client.post(url(attempt), {"q3-order": first, "save": "1"})
    assert not attempt.items.get(position=3).is_answered
    # The page's script says it was dragged, even back to where it was.
    client.post(url(attempt), {"q3-order": first, "q3-moved": "1", "save": "1"})
    assert attempt.items.get(position=3).is_answered


def test_a_token_from_another_question_in_the_order_is_refused(client, learner, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    wrong = [token(attempt, 2, "a"), token(attempt, 3, "b"), token(attempt, 3, "c")]
    response = client.post(url(attempt), {"q3-order": wrong, "move": "3:0:down"})
    assert response.status_code == 400
    assert not attempt.items.get(position=3).is_answered


def fail(client, learner, exam):
    attempt = services.start_attempt(user=learner, assessment=exam)
    client.post(url(attempt), {"submit": "1", "confirmed": "1"})
    return attempt


@pytest.mark.parametrize(
    ("language", "left", "retake"),
    [("zh-hans", "剩余作答次数：2", "重新作答"), ("en", "2 attempts left", "Retake")],
)
def test_after_a_failed_attempt_the_result_shows_attempts_left_and_retake(
    client, learner, exam, language, left, retake
):
    client.cookies["django_language"] = language
    client.force_login(learner)
    attempt = fail(client, learner, exam)
    page = client.get(url(attempt, "result/")).content.decode()
    assert left in page and retake in page
    start = reverse("assessments:start", args=[exam.pk])
    assert f'action="{start}"' in page
    response = client.post(start)
    assert Attempt.objects.filter(user=learner, assessment=exam).count() == 2
    assert response.status_code == 302


def test_the_result_says_when_the_next_attempt_opens(client, learner, exam):
    exam.wait_minutes = 60
    exam.save()
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    attempt = fail(client, learner, exam)
    page = client.get(url(attempt, "result/")).content.decode()
    attempt.refresh_from_db()
    opens = timezone.localtime(attempt.graded_at + timedelta(minutes=60))
    assert "Your next attempt opens on" in page
    assert f"{opens.day} {opens:%B %Y, %H:%M}" in page
    assert f'action="{reverse("assessments:start", args=[exam.pk])}"' not in page


def test_the_last_attempt_used_says_so_and_offers_no_retake(client, learner, exam):
    exam.max_attempts = 1
    exam.save()
    client.force_login(learner)
    attempt = fail(client, learner, exam)
    page = client.get(url(attempt, "result/")).content.decode()
    assert "剩余作答次数：0" in page
    assert "重新作答" not in page


@pytest.mark.parametrize(
    ("language", "label", "course_label"),
    [("zh-hans", "答题中", "学习中"), ("en", "Attempt in progress", "In progress")],
)
def test_an_attempt_in_progress_is_labelled_as_an_attempt(
    client, learner, course, exam, language, label, course_label
):
    client.cookies["django_language"] = language
    client.force_login(learner)
    services.start_attempt(user=learner, assessment=exam)
    page = client.get(reverse("assessments:assessment", args=[exam.pk]))
    text = page.content.decode()
    assert f"<td>{label}</td>" in text
    assert f"<td>{course_label}</td>" not in text
    assert label in client.get(course.url).content.decode()


def test_the_countdown_shows_the_deadline_with_its_date_in_the_readers_language(
    client, learner, exam
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    deadline = timezone.localtime(attempt.deadline)
    zh = client.get(url(attempt)).content.decode()
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in zh
    assert 'data-seconds-left="' in zh and "data-warn-five=" in zh
    assert "还剩 5 分钟" in zh  # the script's words come from the page
    client.cookies["django_language"] = "en"
    en = client.get(url(attempt)).content.decode()
    assert f"{deadline.day} {deadline:%B %Y, %H:%M}" in en
    assert "Five minutes left" in en


def test_the_attempt_page_reads_a_bounded_number_of_queries(
    client, learner, exam, django_assert_max_num_queries
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    client.get(url(attempt))
    with django_assert_max_num_queries(10) as counted:
        response = client.get(url(attempt))
    assert response.status_code == 200
    print(f"attempt page: {len(counted.captured_queries)} queries")


def test_exam_pages_have_a_breadcrumb_to_the_course(client, learner, course, exam):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    crumb = f'<li><a href="{course.url}">{course.title}</a></li>'
    assert crumb in client.get(reverse("assessments:assessment", args=[exam.pk])).text
    assert crumb in client.get(url(attempt)).text
    services.submit_attempt(attempt=attempt)
    assert crumb in client.get(url(attempt, "result/")).text


def test_quiz_pages_have_a_breadcrumb_to_the_lesson_and_course_in_the_readers_language(
    client, learner, course
):
    lesson = course.lessons().first()
    bank = make_bank(course=course, questions=1)
    quiz = make_quiz(lesson, list(bank.questions.all()))
    english = translate(course, title="Answering course")
    english_lesson = translate(lesson, title="Answering lesson")
    client.force_login(learner)
    page = client.get(reverse("assessments:assessment", args=[quiz.pk])).text
    crumbs = page[page.index('class="crumbs"') :]
    assert crumbs.index(course.title) < crumbs.index(lesson.title)
    assert f'href="{lesson.url}"' in crumbs
    client.cookies["django_language"] = "en"
    page = client.get(reverse("assessments:assessment", args=[quiz.pk])).text
    assert f'<a href="{english.url}">Answering course</a>' in page
    assert f'<a href="{english_lesson.url}">Answering lesson</a>' in page


def test_past_the_deadline_a_move_or_flag_is_refused_and_the_attempt_graded(
    client, learner, exam
):
    client.force_login(learner)
    attempt = services.start_attempt(user=learner, assessment=exam)
    first = shown_order(client.get(url(attempt)).content.decode(), 3)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    late = client.post(
        url(attempt),
        {"q3-order": first, "move": "3:0:down", "flags-seen": "1", "flag": "1"},
    )
    assert late.status_code == 302 and late.url == url(attempt, "result/")
    attempt.refresh_from_db()
    assert attempt.is_graded
    assert not attempt.items.filter(flagged=True).exists()
    assert not attempt.items.get(position=3).is_answered
