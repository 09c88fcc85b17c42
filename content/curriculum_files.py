"""Reading the built-in curriculum's data files (``content/curriculum/``), without a database.

``read_curriculum(root)`` parses and checks every course folder (the format is
``content/curriculum/FORMAT.md``) and returns plain data, or raises
``CurriculumError`` naming the file and line of the first problem. Nothing is
written here: the loader writes only once everything has been read.
"""

import html
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


class _Mapping(dict):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings remember the line they start on."""

    def construct_mapping(self, node, deep=False):
        mapping = _Mapping(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


@dataclass
class LessonData:
    key: str
    path: Path
    source: str
    estimated_minutes: int
    quiz: list[str]
    texts: dict  # language -> {"title", "summary", "body": [blocks]}


@dataclass
class QuestionData:
    key: str
    type: str
    difficulty: str
    lesson: str
    correct: object
    partial_credit: bool
    texts: dict  # language -> {"text", "choices", "answers", "items", "explanation"}


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
    """Read every course folder under ``root`` (named ``NN-slug``), in order."""
    folders = sorted(
        p for p in root.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name)
    )
    return [_read_course(folder) for folder in folders]


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


def _read_course(folder: Path) -> CourseData:
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
    lesson_files = sorted((folder / "lessons").glob("*.yaml"))
    if not lesson_files:
        raise CurriculumError(folder, None, "the course has no lessons")
    course.lessons = [_read_lesson(p) for p in lesson_files]
    course.questions = _read_questions(folder / "questions.yaml", course)
    _check_quizzes(course)
    return course


def _read_lesson(path: Path) -> LessonData:
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
        source=_need(data, "source", path, str),
        estimated_minutes=int(_need(data, "estimated_minutes", path, int)),
        quiz=list(data.get("quiz") or []),
        texts=texts,
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


def _read_questions(path: Path, course: CourseData) -> list[QuestionData]:
    data = _load(path)
    items = _need(data, "questions", path, list)
    lessons = {lesson.key for lesson in course.lessons}
    found, keys = [], set()
    for item in items:
        question = _read_question(item, path, lessons)
        if question.key in keys:
            raise CurriculumError(
                path, item.line, f"the key {question.key} is used twice"
            )
        keys.add(question.key)
        found.append(question)
    return found


def _read_question(item: dict, path: Path, lessons: set) -> QuestionData:
    line = getattr(item, "line", None)
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


def _check_quizzes(course: CourseData) -> None:
    owner = {question.key: question.lesson for question in course.questions}
    for lesson in course.lessons:
        for key in lesson.quiz:
            if owner.get(key) != lesson.key:
                raise CurriculumError(
                    lesson.path,
                    None,
                    f"quiz question {key} is not a question of this lesson",
                )


# --- Text ------------------------------------------------------------------


def markdown(text: str) -> str:
    """Return the HTML of the small Markdown subset (paragraphs, lists, bold)."""
    parts = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            parts.append(
                "<ul>"
                + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
                + "</ul>"
            )
        elif lines and all(re.match(r"\d+\. ", line) for line in lines):
            items = [re.sub(r"^\d+\. ", "", line) for line in lines]
            parts.append(
                "<ol>"
                + "".join(f"<li>{_inline(item)}</li>" for item in items)
                + "</ol>"
            )
        elif lines:
            parts.append(
                "<p>"
                + _inline(" ".join(lines) if _latin(lines) else "".join(lines))
                + "</p>"
            )
    return "".join(parts)


def _latin(lines: list[str]) -> bool:
    return not re.search(r"[\u4e00-\u9fff]", "".join(lines))


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
