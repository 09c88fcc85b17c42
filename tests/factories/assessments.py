"""Question banks and assessments for tests."""

from assessments.models import (
    Assessment,
    AssessmentKind,
    Choice,
    DrawRule,
    FixedQuestion,
    Question,
    QuestionBank,
)


def make_question(bank, key, type="single_choice", choices=None, **fields):
    """Create a question; ``choices`` are (text, correct) pairs."""
    question = Question(
        bank=bank,
        key=key,
        type=type,
        text=fields.pop("text", f"题目 {key}"),
        text_en=fields.pop("text_en", f"Question {key}"),
        explanation=fields.pop("explanation", f"解析 {key}"),
        explanation_en=fields.pop("explanation_en", f"Explanation {key}"),
        **fields,
    )
    for position, (text, correct) in enumerate(choices or []):
        question.choices.add(
            Choice(
                text=text, text_en=f"EN {text}", correct=correct, sort_order=position
            )
        )
    question.save()
    return question


def single(bank, key, right=0, count=4):
    return make_question(
        bank,
        key,
        choices=[(f"{key}选项{n}", n == right) for n in range(count)],
    )


def make_bank(name="网络安全题库", course=None, questions=10):
    bank = QuestionBank.objects.create(name=name, course=course)
    for number in range(questions):
        single(bank, f"q{number:02d}")
    return bank


def make_exam(course, bank=None, *, draw=None, fixed=(), **fields):
    fields.setdefault("pass_mark", 60)
    exam = Assessment(
        kind=AssessmentKind.EXAM,
        title=fields.pop("title", "结业考试"),
        title_en="Final exam",
        course=course,
        **fields,
    )
    for position, question in enumerate(fixed):
        exam.fixed_questions.add(FixedQuestion(question=question, sort_order=position))
    if draw:
        exam.draw_rules.add(DrawRule(bank=bank, count=draw, sort_order=0))
    exam.save()
    return exam


def make_quiz(lesson, questions, **fields):
    quiz = Assessment(
        kind=AssessmentKind.QUIZ,
        title=fields.pop("title", "随堂测验"),
        lesson=lesson,
        **fields,
    )
    for position, question in enumerate(questions):
        quiz.fixed_questions.add(FixedQuestion(question=question, sort_order=position))
    quiz.save()
    return quiz
