"""Each term has one rendering: no course file uses one that GLOSSARY.md rejects."""

import re

import pytest

from content.curriculum import ROOT

GLOSSARY = ROOT / "GLOSSARY.md"
QUOTED = re.compile(r"\"([^\"]+)\"")


def rejected() -> list[str]:
    """Return the quoted renderings of the glossary table's last column."""
    found = []
    for line in GLOSSARY.read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and not set(cells[0]) <= {"-", " "}:
            found += QUOTED.findall(cells[2])
    return found


def course_files():
    return sorted(
        path
        for folder in ROOT.iterdir()
        if folder.is_dir() and folder.name[:2].isdigit()
        for path in folder.rglob("*.yaml")
    )


def test_the_glossary_rejects_the_renderings_of_the_issue():
    words = rejected()
    for word in (
        "two micro-blogs and one terminal",
        "Open Government Information Regulations",
        "breaking and establishing",
        "e-government",
        "one matter",
        "online hall",
        "你拥有的东西",
        "你是什么",
    ):
        assert word in words


@pytest.mark.parametrize(
    "path", course_files(), ids=lambda path: str(path.relative_to(ROOT))
)
def test_no_course_file_uses_a_rejected_rendering(path):
    text = path.read_text("utf-8").casefold()
    found = [
        f"line {text[: text.index(word.casefold())].count(chr(10)) + 1}: {word}"
        for word in rejected()
        if word.casefold() in text
    ]
    assert found == []
