"""Reading the built-in curriculum's data files (``content/curriculum/``), without a database.

``read_curriculum(root)`` parses and checks every course folder (the format is
``content/curriculum/FORMAT.md``) and returns plain data, or raises
``CurriculumErrors`` naming the file and line of every problem found.
``survey_curriculum`` returns what could be read and the problems side by side.
Nothing is written here: the loader writes only once everything has been read.
The lesson sources and the question-bank checks are in ``curriculum_checks``.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LANGUAGES = ("zh-hans", "en")
QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "fill_in",
    "ordering",
)
DIFFICULTIES = ("easy", "medium", "hard")
BLOCK_TYPES = (
    "objectives",
    "heading",
    "text",
    "key_point",
    "warning",
    "case_study",
    "check",
)


class CurriculumError(Exception):
    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class CurriculumErrors(CurriculumError):
    """Every problem found in a curriculum; it reads as the first one, then the rest."""

    def __init__(self, errors: list[CurriculumError]):
        self.errors = errors
        first = errors[0]
        self.path, self.line, self.message = first.path, first.line, first.message
        Exception.__init__(self, "\n".join(str(error) for error in errors))


class _Mapping(dict):
    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings remember the line they start on, and their keys'."""

    def construct_line_mapping(self, node):
        # SafeLoader's own map constructor copies into a plain dict, losing lines.
        mapping = _Mapping()
        yield mapping
        mapping.update(self.construct_mapping(node))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            key.value: key.start_mark.line + 1
            for key, _value in node.value
            if isinstance(key, yaml.ScalarNode)
        }


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_line_mapping)


def line_of(data, key: str | None = None) -> int | None:
    """Return the line of ``key`` in a mapping read from a file, else of the mapping."""
    lines = getattr(data, "key_lines", None) or {}
    return lines.get(key) or getattr(data, "line", None)


@dataclass
class LessonData:
    key: str
    path: Path
    sources: list[dict]  # {"study": key, "detail": {language: str}} or {"law": {...}}
    estimated_minutes: int
    quiz: list[str]
    texts: dict  # language -> {"title", "summary", "body": [blocks]}
    quiz_line: int | None = None


@dataclass
class QuestionData:
    key: str
    type: str
    difficulty: str
    lesson: str
    correct: object
    partial_credit: bool
    texts: dict  # language -> {"text", "choices", "answers", "items", "explanation"}
    path: Path | None = None
    line: int | None = None


@dataclass
class CourseData:
    key: str
    path: Path
    required: bool
    estimated_minutes: int
    credit_hours: float | None
    topics: dict
    exam: dict
    texts: dict  # language -> {"title", "summary", "objectives"}
    lessons: list[LessonData] = field(default_factory=list)
    questions: list[QuestionData] = field(default_factory=list)
    certificate_validity_months: int | None = None


def read_curriculum(root: Path) -> list[CourseData]:
    """Read every course folder under ``root`` (named ``NN-slug``), in order.

    Raises ``CurriculumErrors`` listing every problem when there is any.
    """
    courses, errors = survey_curriculum(root)
    if errors:
        raise CurriculumErrors(errors)
    return courses


def survey_curriculum(root: Path) -> tuple[list[CourseData], list[CurriculumError]]:
    """Return the courses that could be read under ``root``, and every problem found.

    A file that cannot be read is left out (its course, for ``course.yaml``);
    a lesson with bad sources, or a bank failing a check, is kept.
    """
    # curriculum_checks reads this module's data classes: imported here, not on top.
    from .curriculum_checks import check_banks, check_stems

    folders = sorted(
        p for p in root.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name)
    )
    courses, errors = [], []
    for folder in folders:
        try:
            courses.append(_read_course(folder, errors))
        except CurriculumError as error:
            errors.append(error)
    for course in courses:
        errors += check_banks(course)
    errors += check_stems(courses)
    return courses, errors


def _load(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise CurriculumError(
            path, mark.line + 1 if mark else None, str(error.problem)
        ) from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CurriculumError(path, None, str(error)) from error
    if not isinstance(data, dict):
        raise CurriculumError(path, 1, "expected a mapping at the top of the file")
    return data


def _need(data: dict, key: str, path: Path, kind=None):
    if key not in data or data[key] in (None, ""):
        raise CurriculumError(path, getattr(data, "line", None), f"missing “{key}”")
    value = data[key]
    if kind is not None and not isinstance(value, kind):
        raise CurriculumError(
            path, getattr(data, "line", None), f"“{key}” should be a {kind.__name__}"
        )
    return value


def _texts(data: dict, path: Path) -> dict:
    return {language: _need(data, language, path, dict) for language in LANGUAGES}


def _read_course(folder: Path, errors: list) -> CourseData:
    path = folder / "course.yaml"
    data = _load(path)
    texts = _texts(data, path)
    for values in texts.values():
        for key in ("title", "summary"):
            _need(values, key, path, str)
        values.setdefault("objectives", [])
    exam = _need(data, "exam", path, dict)
    for key in ("draw", "pass_mark"):
        _need(exam, key, path, int)
    course = CourseData(
        key=folder.name,
        path=path,
        required=bool(data.get("required", False)),
        estimated_minutes=int(_need(data, "estimated_minutes", path, int)),
        credit_hours=data.get("credit_hours"),
        topics=data.get("topics") or {},
        exam=exam,
        texts=texts,
        certificate_validity_months=(
            _need(data, "certificate_validity_months", path, int)
            if "certificate_validity_months" in data
            else None
        ),
    )
    _read_contents(course, folder, errors)
    return course


def _read_contents(course: CourseData, folder: Path, errors: list) -> None:
    """Read the lessons and the bank; a file that cannot be read is left out."""
    lesson_files = sorted((folder / "lessons").glob("*.yaml"))
    if not lesson_files:
        raise CurriculumError(folder, None, "the course has no lessons")
    for lesson_path in lesson_files:
        try:
            course.lessons.append(_read_lesson(lesson_path, errors))
        except CurriculumError as error:
            errors.append(error)
    keys, broken = {p.stem for p in lesson_files}, set()
    try:
        course.questions = _read_questions(
            folder / "questions.yaml", keys, errors, broken
        )
    except CurriculumError as error:
        errors.append(error)
    else:
        errors += _check_quizzes(course, broken)


def _read_lesson(path: Path, errors: list) -> LessonData:
    from .curriculum_checks import read_sources  # (see survey_curriculum)

    data = _load(path)
    texts = _texts(data, path)
    shapes = []
    for values in texts.values():
        _need(values, "title", path, str)
        body = _need(values, "body", path, list)
        for block in body:
            _check_block(block, path)
        shapes.append([next(iter(block)) for block in body])
    if shapes[0] != shapes[1]:
        raise CurriculumError(
            path,
            data.get("en").line,
            "the en body must have the zh-hans blocks, in order",
        )
    return LessonData(
        key=path.stem,
        path=path,
        sources=read_sources(data, path, errors),
        estimated_minutes=int(_need(data, "estimated_minutes", path, int)),
        quiz=list(data.get("quiz") or []),
        texts=texts,
        quiz_line=line_of(data, "quiz"),
    )


def _check_block(block, path: Path) -> None:
    line = getattr(block, "line", None)
    if not isinstance(block, dict) or len(block) != 1:
        raise CurriculumError(path, line, "each body block is one “type: value” entry")
    kind, value = next(iter(block.items()))
    if kind not in BLOCK_TYPES:
        raise CurriculumError(path, line, f"unknown block type “{kind}”")
    needs = {
        "case_study": ("title", "situation", "question", "discussion"),
        "check": ("question", "choices", "explanation"),
        "key_point": ("text",),
        "warning": ("text",),
    }
    for key in needs.get(kind, ()):
        _need(value, key, path)
    if kind == "check" and not any(
        choice.get("correct") for choice in value["choices"]
    ):
        raise CurriculumError(path, line, "a check needs at least one correct choice")


def _read_questions(
    path: Path, lessons: set, errors: list, broken: set
) -> list[QuestionData]:
    """Return the questions that could be read; ``broken`` gets the others' keys."""
    data = _load(path)
    items = _need(data, "questions", path, list)
    found, keys = [], set()
    for item in items:
        try:
            question = _read_question(item, path, lessons)
        except CurriculumError as error:
            errors.append(error)
            if isinstance(item, dict):
                broken.add(str(item.get("key")))
            continue
        if question.key in keys:
            errors.append(
                CurriculumError(
                    path, item.line, f"the key {question.key} is used twice"
                )
            )
            continue
        keys.add(question.key)
        found.append(question)
    return found


def _read_question(item: dict, path: Path, lessons: set) -> QuestionData:
    line = getattr(item, "line", None)
    if not isinstance(item, dict):
        raise CurriculumError(path, line, "each question is a mapping")
    kind = _need(item, "type", path, str)
    if kind not in QUESTION_TYPES:
        raise CurriculumError(path, line, f"unknown question type “{kind}”")
    lesson = _need(item, "lesson", path, str)
    if lesson not in lessons:
        raise CurriculumError(path, line, f"no lesson “{lesson}” in this course")
    texts = _texts(item, path)
    for values in texts.values():
        _need(values, "text", path, str)
        _need(values, "explanation", path, str)
    question = QuestionData(
        key=str(_need(item, "key", path)),
        type=kind,
        difficulty=item.get("difficulty", "medium"),
        lesson=lesson,
        correct=item.get("correct"),
        partial_credit=bool(item.get("partial_credit", False)),
        texts=texts,
        path=path,
        line=line,
    )
    _check_answer(question, path, line)
    return question


def _check_answer(question: QuestionData, path: Path, line) -> None:
    zh, en = question.texts["zh-hans"], question.texts["en"]
    if question.type in ("single_choice", "multiple_choice"):
        choices = zh.get("choices") or []
        if len(choices) < 2 or len(en.get("choices") or []) != len(choices):
            raise CurriculumError(
                path, line, f"{question.key}: two or more choices in both languages"
            )
        correct = question.correct or []
        if not correct or not all(
            isinstance(i, int) and 0 <= i < len(choices) for i in correct
        ):
            raise CurriculumError(
                path, line, f"{question.key}: “correct” must list choice indices"
            )
        if question.type == "single_choice" and len(correct) != 1:
            raise CurriculumError(path, line, f"{question.key}: one correct choice")
    elif question.type == "true_false" and not isinstance(question.correct, bool):
        raise CurriculumError(
            path, line, f"{question.key}: “correct” must be true or false"
        )
    elif question.type == "fill_in" and not (zh.get("answers") or en.get("answers")):
        raise CurriculumError(path, line, f"{question.key}: give accepted answers")
    elif question.type == "ordering":
        items = zh.get("items") or []
        if len(items) < 2 or len(en.get("items") or []) != len(items):
            raise CurriculumError(
                path, line, f"{question.key}: items in both languages"
            )


def _check_quizzes(course: CourseData, broken: set) -> list[CurriculumError]:
    """Return a problem for each quiz key of another lesson or of no question.

    Keys of questions that could not be read are left out: their own problem
    is reported already.
    """
    owner = {question.key: question.lesson for question in course.questions}
    return [
        CurriculumError(
            lesson.path,
            lesson.quiz_line,
            f"quiz question {key} is not a question of this lesson",
        )
        for lesson in course.lessons
        for key in lesson.quiz
        if owner.get(key) != lesson.key and key not in broken
    ]
