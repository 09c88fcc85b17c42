"""Load the built-in curriculum into the site: pages, question banks, quizzes, exams.

``load_curriculum`` reads every file first (``curriculum_files``); a malformed
file stops it before anything is written. Then, in one transaction, it creates
what is missing and publishes a new revision only of what differs from the
files, so a second run changes nothing. Pages are found by their slug (the
folder or file name) under the catalogue, questions by their key in the
course's bank.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from assessments.models import (
    Assessment,
    AssessmentKind,
    Choice,
    DrawRule,
    FeedbackPolicy,
    FixedQuestion,
    Question,
    QuestionBank,
)
from courses.models import CompletionRule, CourseKind, CoursePage, LessonPage
from courses.setup import ensure_site_structure

from .curriculum_files import (
    CourseData,
    LessonData,
    QuestionData,
    markdown,
    read_curriculum,
)

ROOT = Path(__file__).resolve().parent / "curriculum"
LABELS = {
    "zh-hans": {"objectives": "学习目标", "quiz": "随堂练习", "exam": "结业考试"},
    "en": {
        "objectives": "Learning objectives",
        "quiz": "practice quiz",
        "exam": "Final exam",
    },
}


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def load_curriculum(root: Path = ROOT) -> LoadReport:
    """Create or update the curriculum from ``root``; return what was created or updated.

    Raises ``CurriculumError`` (file and line) before writing anything when a
    file is malformed, and ``ValidationError`` (rolling everything back) when
    a lesson body does not pass its blocks' validation.
    """
    courses = read_curriculum(root)
    report = LoadReport()
    with transaction.atomic():
        catalogue = ensure_site_structure()
        english = Locale.objects.get(language_code="en")
        for data in courses:
            _load_course(data, catalogue, english, report)
    return report


def _load_course(data: CourseData, catalogue, english, report) -> None:
    course = _sync_page(
        catalogue, CoursePage, data.key, _course_fields(data, "zh-hans"), report
    )
    _sync_topics(course, data.topics.get("zh-hans", []), report)
    course_en = _sync_translation(course, english, _course_fields(data, "en"), report)
    _sync_topics(course_en, data.topics.get("en", []), report)
    lessons = {}
    for lesson_data in data.lessons:
        lesson = _sync_page(
            course,
            LessonPage,
            lesson_data.key,
            _lesson_fields(lesson_data, "zh-hans"),
            report,
        )
        _sync_translation(lesson, english, _lesson_fields(lesson_data, "en"), report)
        lessons[lesson_data.key] = lesson
    order = [lesson_data.key for lesson_data in data.lessons]
    _order_children(course, order, report)
    _order_children(course_en, order, report)
    bank = _sync_bank(course, data, report)
    questions = {
        question.key: _sync_question(bank, question, lessons[question.lesson], report)
        for question in data.questions
    }
    for lesson_data in data.lessons:
        _sync_quiz(lessons[lesson_data.key], lesson_data, questions, report)
    _sync_exam(course, data, bank, report)


# --- Pages -------------------------------------------------------------------


def _course_fields(data: CourseData, language: str) -> dict:
    texts = data.texts[language]
    return {
        "title": texts["title"],
        "summary": texts["summary"],
        "objectives": "\n".join(texts.get("objectives", [])),
        "kind": CourseKind.REQUIRED if data.required else CourseKind.ELECTIVE,
        "estimated_minutes": data.estimated_minutes,
        "credit_hours": Decimal(str(data.credit_hours)) if data.credit_hours else None,
        "completion_rule": CompletionRule.LESSONS_AND_EXAM,
    }


def _lesson_fields(data: LessonData, language: str) -> dict:
    texts = data.texts[language]
    return {
        "title": texts["title"],
        "summary": texts.get("summary", ""),
        "estimated_minutes": data.estimated_minutes,
        "body": lesson_body(texts["body"], language),
    }


def lesson_body(blocks: list, language: str) -> list[dict]:
    """Turn a lesson file's blocks into validated StreamField data."""
    raw = [_block(block, language) for block in blocks]
    stream_block = LessonPage._meta.get_field("body").stream_block
    value = stream_block.to_python(raw)
    stream_block.clean(value)  # page.full_clean() does not validate StreamField content
    return stream_block.get_prep_value(value)


def _block(block: dict, language: str) -> dict:
    kind, value = next(iter(block.items()))
    if kind == "objectives":
        items = "".join(f"<li>{markdown(item)[3:-4]}</li>" for item in value)
        title = LABELS[language]["objectives"]
        return {"type": "rich_text", "value": f"<h3>{title}</h3><ul>{items}</ul>"}
    if kind == "heading":
        return {"type": "heading", "value": {"text": value, "level": "h2"}}
    if kind == "text":
        return {"type": "rich_text", "value": markdown(value)}
    if kind in ("key_point", "warning"):
        return {
            "type": "callout",
            "value": {
                "kind": kind,
                "title": value.get("title", ""),
                "body": markdown(value["text"]),
            },
        }
    if kind == "case_study":
        return {
            "type": "case_study",
            "value": {
                "title": value["title"],
                "situation": markdown(value["situation"]),
                "question": value["question"],
                "discussion": markdown(value["discussion"]),
            },
        }
    return {
        "type": "check",
        "value": {
            "question": value["question"],
            "choices": [
                {"text": choice["text"], "correct": bool(choice.get("correct"))}
                for choice in value["choices"]
            ],
            "explanation": markdown(value["explanation"]),
        },
    }


def _without_ids(data):
    """Drop the generated block ids, so that two versions of a body compare by content."""
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    return data


def _differs(page, fields: dict) -> bool:
    for name, wanted in fields.items():
        current = getattr(page, name)
        if name == "body":
            current = _without_ids(current.get_prep_value())
            wanted = _without_ids(wanted)
        if current != wanted:
            return True
    return False


def _sync_page(parent, model, slug: str, fields: dict, report):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(f"{model.__name__} {page.url_path}")
        return page
    return _publish_if_changed(page, fields, report)


def _order_children(parent, slugs: list[str], report) -> None:
    """Put the lessons in the order of their files (a new file may sort earlier)."""
    children = list(LessonPage.objects.child_of(parent).order_by("path"))
    if [child.slug for child in children if child.slug in slugs] == slugs:
        return
    by_slug = {child.slug: child for child in children}
    for slug in slugs:
        by_slug[slug].move(parent, pos="last-child")
    report.updated.append(f"lesson order of {parent.url_path}")


def _sync_translation(page, locale, fields: dict, report):
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.slug = page.slug
        translated.save_revision().publish()
        report.created.append(f"{type(page).__name__} {translated.url_path}")
        return translated.specific
    return _publish_if_changed(translated.specific, fields, report)


def _publish_if_changed(page, fields: dict, report):
    if not _differs(page, fields) and not page.has_unpublished_changes:
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    report.updated.append(f"{type(page).__name__} {page.url_path}")
    return page


def _sync_topics(page, topics: list[str], report) -> None:
    if sorted(tag.name for tag in page.topics.all()) == sorted(topics):
        return
    page.topics.set(topics)
    page.save_revision().publish()
    report.updated.append(f"topics of {page.url_path}")


# --- Question banks, quizzes, exams -------------------------------------------


def _sync_bank(course, data: CourseData, report) -> QuestionBank:
    name = f"{data.texts['zh-hans']['title']}（{data.key}）"
    bank = QuestionBank.objects.filter(course=course).first()
    if bank is None:
        report.created.append(f"question bank {name}")
        return QuestionBank.objects.create(name=name, course=course)
    if bank.name != name:
        bank.name = name
        bank.save(update_fields=["name"])
        report.updated.append(f"question bank {name}")
    return bank


def _question_fields(data: QuestionData, lesson) -> tuple[dict, list[tuple]]:
    zh, en = data.texts["zh-hans"], data.texts["en"]
    fields = {
        "type": data.type,
        "difficulty": data.difficulty,
        "text": zh["text"],
        "text_en": en["text"],
        "explanation": zh["explanation"],
        "explanation_en": en["explanation"],
        "partial_credit": data.partial_credit,
        "true_false_answer": data.correct if data.type == "true_false" else None,
        "accepted_answers": "\n".join(
            [*(zh.get("answers") or []), *(en.get("answers") or [])]
        ),
        "lesson_id": lesson.pk,
    }
    if data.type == "ordering":
        choices = [(z, e, False) for z, e in zip(zh["items"], en["items"], strict=True)]
    elif data.type in ("single_choice", "multiple_choice"):
        pairs = zip(zh["choices"], en["choices"], strict=True)
        choices = [(z, e, i in data.correct) for i, (z, e) in enumerate(pairs)]
    else:
        choices = []
    return fields, [(str(z), str(e), c) for z, e, c in choices]


def _sync_question(bank, data: QuestionData, lesson, report) -> Question:
    fields, choices = _question_fields(data, lesson)
    question = Question.objects.filter(bank=bank, key=data.key).first()
    if question is not None:
        current = list(
            question.choices.order_by("sort_order").values_list(
                "text", "text_en", "correct"
            )
        )
        if current == choices and all(
            getattr(question, k) == v for k, v in fields.items()
        ):
            return question
        Choice.objects.filter(question=question).delete()
        question = Question.objects.get(pk=question.pk)
        report.updated.append(f"question {bank.pk}/{data.key}")
    else:
        question = Question(bank=bank, key=data.key)
        report.created.append(f"question {bank.pk}/{data.key}")
    for name, value in fields.items():
        setattr(question, name, value)
    for position, (text, text_en, correct) in enumerate(choices):
        question.choices.add(
            Choice(text=text, text_en=text_en, correct=correct, sort_order=position)
        )
    question.save()
    return question


def _sync_quiz(lesson, data: LessonData, questions: dict, report) -> None:
    if not data.quiz:
        return
    titles = {
        language: f"{data.texts[language]['title']} · {LABELS[language]['quiz']}"
        for language in ("zh-hans", "en")
    }
    fields = {
        "title": titles["zh-hans"][:200],
        "title_en": titles["en"][:200],
        "pass_mark": 60,
        "feedback": FeedbackPolicy.AFTER_EACH,
    }
    wanted = [questions[key].pk for key in data.quiz]
    quiz = Assessment.objects.filter(kind=AssessmentKind.QUIZ, lesson=lesson).first()
    if quiz is not None:
        current = list(
            quiz.fixed_questions.order_by("sort_order").values_list(
                "question_id", flat=True
            )
        )
        if current == wanted and all(getattr(quiz, k) == v for k, v in fields.items()):
            return
        FixedQuestion.objects.filter(assessment=quiz).delete()
        quiz = Assessment.objects.get(pk=quiz.pk)
        report.updated.append(f"quiz {fields['title']}")
    else:
        quiz = Assessment(kind=AssessmentKind.QUIZ, lesson=lesson)
        report.created.append(f"quiz {fields['title']}")
    for name, value in fields.items():
        setattr(quiz, name, value)
    for position, pk in enumerate(wanted):
        quiz.fixed_questions.add(FixedQuestion(question_id=pk, sort_order=position))
    quiz.save()


def _sync_exam(course, data: CourseData, bank, report) -> None:
    exam_data = data.exam
    fields = {
        "title": f"{data.texts['zh-hans']['title']} · {LABELS['zh-hans']['exam']}"[
            :200
        ],
        "title_en": f"{data.texts['en']['title']} · {LABELS['en']['exam']}"[:200],
        "pass_mark": exam_data["pass_mark"],
        "time_limit_minutes": exam_data.get("time_limit_minutes"),
        "max_attempts": exam_data.get("max_attempts"),
        "feedback": FeedbackPolicy.AFTER_PASSING,
    }
    exam = Assessment.objects.filter(kind=AssessmentKind.EXAM, course=course).first()
    rule = exam.draw_rules.first() if exam is not None else None
    if exam is not None:
        same_rule = rule is not None and (rule.bank_id, rule.count) == (
            bank.pk,
            exam_data["draw"],
        )
        if same_rule and all(getattr(exam, k) == v for k, v in fields.items()):
            return
        DrawRule.objects.filter(assessment=exam).delete()
        exam = Assessment.objects.get(pk=exam.pk)
        report.updated.append(f"exam {fields['title']}")
    else:
        exam = Assessment(kind=AssessmentKind.EXAM, course=course)
        report.created.append(f"exam {fields['title']}")
    for name, value in fields.items():
        setattr(exam, name, value)
    exam.draw_rules.add(DrawRule(bank=bank, count=exam_data["draw"], sort_order=0))
    exam.save()
