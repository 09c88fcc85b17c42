"""Seed data for bench/exam_submit.py (runs inside Django)."""


def make_exam_site(learners: int, questions: int):
    """Return a published course with one lesson, its exam, and ``learners`` users."""
    from assessments.models import (
        Assessment,
        AssessmentKind,
        Choice,
        DrawRule,
        Question,
        QuestionBank,
    )
    from courses.models import CataloguePage, CoursePage, LessonPage
    from courses.setup import ensure_site_structure
    from people.services import create_user, ensure_department, save_staff_member

    ensure_site_structure()
    catalogue = CataloguePage.objects.get(locale__language_code="zh-hans")
    course = CoursePage(
        title="信息安全结业考试基准", summary="基准测试课程", locale=catalogue.locale
    )
    catalogue.add_child(instance=course)
    course.add_child(
        instance=LessonPage(
            title="第一课", locale=course.locale, body=[("rich_text", "<p>正文</p>")]
        )
    )
    bank = QuestionBank.objects.create(name="基准题库", course=course)
    for number in range(questions + 10):
        question = Question(
            bank=bank,
            key=f"q{number:02d}",
            type="single_choice",
            text=f"第{number}题：遇到可疑邮件应当怎么做？",
            text_en=f"Question {number}",
            explanation="不点击链接，按规定报告。",
            explanation_en="Do not click; report it.",
        )
        for position in range(4):
            question.choices.add(
                Choice(
                    text=f"选项{position}",
                    text_en=f"Choice {position}",
                    correct=position == 0,
                    sort_order=position,
                )
            )
        question.save()
    exam = Assessment(
        kind=AssessmentKind.EXAM, title="结业考试", course=course, pass_mark=60
    )
    exam.draw_rules.add(DrawRule(bank=bank, count=questions, sort_order=0))
    exam.save()
    department = ensure_department(path="基准省/基准市")
    users = []
    for number in range(learners):
        employee_id = f"B{number:05d}"
        user = create_user(username=employee_id, password="bench-password-2026")
        save_staff_member(
            user=user,
            employee_id=employee_id,
            name=f"学员{number}",
            department=department,
            position="科员",
            grade_code="staff-1",
        )
        users.append(user)
    return course, exam, users
