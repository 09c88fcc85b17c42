"""Load the built-in curriculum into the site: pages, question banks, quizzes, exams.

``load_curriculum`` reads every file first (``curriculum_files``); a malformed
file stops it before anything is written. Then, in one transaction, it creates
what is missing and publishes a new revision only of what differs from the
files, so a second run changes nothing. Pages are found by their slug (the
folder or file name) under the catalogue, questions by their key in the
course's bank. Questions, quizzes and exams are written by assessments'
services (``save_question``, ``save_quiz``, ``save_exam``), the same that the
question-bank import uses.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from assessments.models import CHOICE_IDS, Question, QuestionBank
from assessments.services import (
    ChoiceText,
    Outcome,
    QuestionSpec,
    Saved,
    save_exam,
    save_question,
    save_quiz,
)
from certificates.default_templates import ensure_default_templates
from courses.models import CompletionRule, CourseKind, CoursePage, LessonPage
from courses.setup import ensure_site_structure

from .curriculum_files import CourseData, LessonData, QuestionData, read_curriculum
from .markdown import markdown
from .study import NOTE, source_text

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
        # The shipped certificate template of each language comes with the courses.
        ensure_default_templates()
    return report


def check_curriculum(root: Path = ROOT) -> list[CourseData]:
    """Read and check the curriculum as ``load_curriculum`` would, writing nothing.

    Raises ``CurriculumErrors`` (every problem, with file and line) or
    ``ValidationError`` (a lesson body its blocks refuse); returns the courses.
    """
    courses = read_curriculum(root)
    for course in courses:
        for lesson in course.lessons:
            for language in LABELS:
                lesson_body(lesson.texts[language]["body"], language)
    return courses


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
        "certificate_validity_months": data.certificate_validity_months,
        "source_note": NOTE[language],
    }


def _lesson_fields(data: LessonData, language: str) -> dict:
    texts = data.texts[language]
    return {
        "title": texts["title"],
        "summary": texts.get("summary", ""),
        "estimated_minutes": data.estimated_minutes,
        "body": lesson_body(texts["body"], language),
        "sources": [source_text(source, language) for source in data.sources],
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
        translated.awaiting_translation = False  # the curriculum gives its text
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
    # A page created in this run had no earlier topics: not an update.
    if not any(line.endswith(f" {page.url_path}") for line in report.created):
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


def _question_spec(data: QuestionData, lesson) -> QuestionSpec:
    """Return the question a ``questions.yaml`` entry describes.

    The file's ``correct`` indices (from 0) become choice ids (0 → ``a``), the
    semantics of ``assessments.services.save_question``.
    """
    zh, en = data.texts["zh-hans"], data.texts["en"]
    listed = data.type in ("single_choice", "multiple_choice", "ordering")
    column = "items" if data.type == "ordering" else "choices"
    pairs = zip(zh.get(column) or [], en.get(column) or [], strict=True)
    return QuestionSpec(
        type=data.type,
        difficulty=data.difficulty,
        text=zh["text"],
        text_en=en["text"],
        explanation=zh["explanation"],
        explanation_en=en["explanation"],
        partial_credit=data.partial_credit,
        true_false_answer=data.correct if data.type == "true_false" else None,
        answers=[*(zh.get("answers") or []), *(en.get("answers") or [])],
        choices=[ChoiceText(str(z), str(e)) for z, e in pairs] if listed else [],
        correct_choices=[CHOICE_IDS[i] for i in data.correct]
        if data.type in ("single_choice", "multiple_choice")
        else [],
        lesson=lesson,
    )


def _note(saved: Saved, what: str, report) -> None:
    if saved.outcome == Outcome.CREATED:
        report.created.append(what)
    elif saved.outcome == Outcome.UPDATED:
        report.updated.append(what)


def _sync_question(bank, data: QuestionData, lesson, report) -> Question:
    saved = save_question(bank=bank, key=data.key, spec=_question_spec(data, lesson))
    _note(saved, f"question {bank.pk}/{data.key}", report)
    return saved.item


def _sync_quiz(lesson, data: LessonData, questions: dict, report) -> None:
    if not data.quiz:
        return
    titles = {
        language: f"{data.texts[language]['title']} · {LABELS[language]['quiz']}"
        for language in ("zh-hans", "en")
    }
    saved = save_quiz(
        lesson=lesson,
        title=titles["zh-hans"],
        title_en=titles["en"],
        questions=[questions[key] for key in data.quiz],
    )
    _note(saved, f"quiz {saved.item.title}", report)


def _sync_exam(course, data: CourseData, bank, report) -> None:
    exam = data.exam
    saved = save_exam(
        course=course,
        title=f"{data.texts['zh-hans']['title']} · {LABELS['zh-hans']['exam']}",
        title_en=f"{data.texts['en']['title']} · {LABELS['en']['exam']}",
        bank=bank,
        draw=exam["draw"],
        pass_mark=exam["pass_mark"],
        time_limit_minutes=exam.get("time_limit_minutes"),
        max_attempts=exam.get("max_attempts"),
    )
    _note(saved, f"exam {saved.item.title}", report)
