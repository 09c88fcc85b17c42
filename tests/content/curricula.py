"""Small curricula written to a folder, for tests of the loader's checks."""

from pathlib import Path

import yaml

LESSON = "01-only"


def write_course(
    root: Path, key: str, questions: list[dict], sources=None, quiz=()
) -> Path:
    """Write course ``key`` (one lesson, these questions) under ``root``; return its folder."""
    folder = root / key
    (folder / "lessons").mkdir(parents=True)
    _dump(
        folder / "course.yaml",
        {
            "estimated_minutes": 20,
            "exam": {"draw": 1, "pass_mark": 60},
            "zh-hans": {"title": f"课程{key}", "summary": "简介。"},
            "en": {"title": f"Course {key}", "summary": "Summary."},
        },
    )
    lesson = {
        "sources": [{"study": "2.2.1"}] if sources is None else sources,
        "estimated_minutes": 20,
        "quiz": list(quiz),
        "zh-hans": {"title": "唯一一课", "body": [{"text": "正文。"}]},
        "en": {"title": "The only lesson", "body": [{"text": "Text."}]},
    }
    _dump(folder / "lessons" / f"{LESSON}.yaml", lesson)
    _dump(folder / "questions.yaml", {"questions": questions})
    return folder


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def single(key: str, correct: int, stem: str | None = None) -> dict:
    return _question(key, "single_choice", [correct], stem)


def multiple(key: str, correct: list[int], stem: str | None = None) -> dict:
    return _question(key, "multiple_choice", correct, stem)


def _question(key, kind, correct, stem) -> dict:
    return {
        "key": key,
        "type": kind,
        "lesson": LESSON,
        "correct": correct,
        "zh-hans": {
            "text": stem or f"题目{key}应当怎样处理？",
            "choices": ["甲", "乙", "丙", "丁"],
            "explanation": "解析。",
        },
        "en": {
            "text": f"What should be done in case {key}?",
            "choices": ["A", "B", "C", "D"],
            "explanation": "Because.",
        },
    }


def fill_in(key: str, zh: list[str], en: list[str]) -> dict:
    return {
        "key": key,
        "type": "fill_in",
        "lesson": LESSON,
        "zh-hans": {
            "text": f"填空{key}：____。",
            "answers": zh,
            "explanation": "解析。",
        },
        "en": {
            "text": f"Fill in {key}: ____.",
            "answers": en,
            "explanation": "Because.",
        },
    }


def ordering(key: str, items: int) -> dict:
    return {
        "key": key,
        "type": "ordering",
        "lesson": LESSON,
        "zh-hans": {
            "text": f"排序{key}：",
            "items": [f"第{n}步" for n in range(items)],
            "explanation": "解析。",
        },
        "en": {
            "text": f"Order {key}:",
            "items": [f"Step {n}" for n in range(items)],
            "explanation": "Because.",
        },
    }


def line_of(path: Path, text: str) -> int:
    """Return the number of the first line of ``path`` that contains ``text``."""
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)
