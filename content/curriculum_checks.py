"""What the curriculum's files must satisfy beyond their shape (``FORMAT.md``).

``read_sources`` reads a lesson's ``sources:`` list; ``check_banks`` and
``check_stems`` are the question-bank checks: an ordering question has three
items or more, a fill-in accepts two forms or more in each language, correct
choices are spread over the positions, no stem quotes the study, and no two
questions of the curriculum share a stem. Each problem is a
``CurriculumError`` with its file and line; a check over a whole bank names
the question that tips it over.
"""

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from assessments.grading import fold

from .curriculum_files import (
    LANGUAGES,
    CourseData,
    CurriculumError,
    QuestionData,
    line_of,
)
from .study import SECTIONS

# Stems ask what the learner would do, or why; they do not quote the study.
QUOTING = {
    "zh-hans": re.compile("研究指出|研究认为|该研究"),
    "en": re.compile(r"\bthe study\b|\bresearch shows\b", re.IGNORECASE),
}
MOST_AT_ONE_POSITION = 0.4  # single choice, in a bank of four or more
MOST_WITH_FIRST_CHOICE = 0.5  # multiple choice: choice 0 among the correct
MOST_WITH_LEADING_SET = 0.25  # multiple choice: correct set exactly [0..k]


# --- Lesson sources -----------------------------------------------------------


def read_sources(data: dict, path: Path, errors: list) -> list[dict]:
    """Return a lesson's sources; add what is wrong with them to ``errors``."""
    if "source" in data:
        errors.append(
            CurriculumError(
                path,
                line_of(data, "source"),
                "“source:” is replaced by a “sources:” list (see FORMAT.md)",
            )
        )
        if "sources" not in data:
            return []
    items = data.get("sources")
    if not isinstance(items, list) or not items:
        errors.append(
            CurriculumError(
                path,
                line_of(data, "sources"),
                "“sources:” must list at least one study part or law",
            )
        )
        return []
    found = []
    for item in items:
        problem = _source_problem(item)
        if problem:
            errors.append(
                CurriculumError(path, line_of(item) or line_of(data), problem)
            )
        else:
            found.append(dict(item))
    return found


def _source_problem(item) -> str | None:
    if not isinstance(item, dict) or len({"study", "law"} & set(item)) != 1:
        return "each source is either “study: <part>” or “law: {zh-hans, en}”"
    unknown = set(item) - {"study", "law", "detail"}
    if unknown or ("law" in item and "detail" in item):
        return (
            f"unknown source keys: {', '.join(sorted(map(str, unknown or {'detail'})))}"
        )
    if "law" in item:
        return _bilingual_problem(item["law"], "a law")
    if str(item["study"]) not in SECTIONS:
        return f"unknown study part “{item['study']}”; one of: " + ", ".join(SECTIONS)
    if "detail" in item:
        return _bilingual_problem(item["detail"], "a detail")
    return None


def _bilingual_problem(value, what: str) -> str | None:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(language), str) and value[language].strip()
        for language in LANGUAGES
    ):
        return f"{what} is given in both languages ({', '.join(LANGUAGES)})"
    return None


# --- Question banks -----------------------------------------------------------


def check_banks(course: CourseData) -> list[CurriculumError]:
    """Return what is wrong with the questions of one course's bank."""
    errors = []
    for question in course.questions:
        errors += _question_problems(question)
    errors += _single_choice_spread(course.questions)
    errors += _multiple_choice_spread(course.questions)
    return errors


def _error(question: QuestionData, message: str) -> CurriculumError:
    return CurriculumError(question.path, question.line, f"{question.key}: {message}")


def _question_problems(question: QuestionData) -> list[CurriculumError]:
    errors = []
    # Both languages have as many items (curriculum_files checks), so one test.
    if question.type == "ordering" and len(question.texts["en"].get("items") or []) < 3:
        errors.append(_error(question, "an ordering question has 3 items or more"))
    for language in LANGUAGES:
        texts = question.texts[language]
        if QUOTING[language].search(texts["text"]):
            errors.append(
                _error(
                    question,
                    f"the {language} stem quotes the study; ask what the learner "
                    "would do, or why",
                )
            )
        if question.type == "fill_in" and _forms(texts) < 2:
            errors.append(
                _error(
                    question,
                    f"a fill-in question accepts 2 forms or more in {language}",
                )
            )
    return errors


def _forms(texts: dict) -> int:
    return len({fold(str(answer)) for answer in texts.get("answers") or []})


def _single_choice_spread(questions: list[QuestionData]) -> list[CurriculumError]:
    single = [q for q in questions if q.type == "single_choice"]
    if len(single) < 4:
        return []
    at = defaultdict(list)
    for question in single:
        at[question.correct[0]].append(question)
    errors = []
    for position, held in sorted(at.items()):
        if len(held) > MOST_AT_ONE_POSITION * len(single):
            keys = ", ".join(q.key for q in held)
            errors.append(
                _error(
                    held[-1],
                    f"choice {position} is the answer of {len(held)} of the "
                    f"{len(single)} single-choice questions ({keys}); at most 40 %",
                )
            )
    return errors


def _multiple_choice_spread(questions: list[QuestionData]) -> list[CurriculumError]:
    multiple = [q for q in questions if q.type == "multiple_choice"]
    first = [q for q in multiple if 0 in q.correct]
    leading = [q for q in multiple if sorted(q.correct) == list(range(len(q.correct)))]
    errors = []
    if len(first) > MOST_WITH_FIRST_CHOICE * len(multiple):
        errors.append(
            _error(
                first[-1],
                f"choice 0 is correct in {len(first)} of the {len(multiple)} "
                "multiple-choice questions "
                f"({', '.join(q.key for q in first)}); at most half",
            )
        )
    if len(leading) > MOST_WITH_LEADING_SET * len(multiple):
        errors.append(
            _error(
                leading[-1],
                f"{len(leading)} of the {len(multiple)} multiple-choice questions "
                f"({', '.join(q.key for q in leading)}) have exactly the first "
                "choices correct; at most a quarter",
            )
        )
    return errors


def stem_key(text: str) -> str:
    """Return a stem as compared across courses: no spaces, punctuation or case."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        char for char in folded if unicodedata.category(char)[0] not in "PZSC"
    )


def check_stems(courses: list[CourseData]) -> list[CurriculumError]:
    """Return a problem for each question whose stem another question has already."""
    seen = {}
    errors = []
    for course in courses:
        for question in course.questions:
            for language in LANGUAGES:
                key = (language, stem_key(question.texts[language]["text"]))
                other = seen.setdefault(key, (course, question))
                if other[1] is not question:
                    errors.append(
                        _error(
                            question,
                            f"the {language} stem is that of {other[0].key} "
                            f"{other[1].key}",
                        )
                    )
    return errors
