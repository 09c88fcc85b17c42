"""The loader's checks: lesson sources and the question banks, with file and line."""

import pytest
from django.core.management import CommandError, call_command

from content.curriculum import load_curriculum
from content.curriculum_files import CurriculumError, read_curriculum, survey_curriculum
from courses.models import CoursePage
from tests.content.curricula import (
    LESSON,
    fill_in,
    line_of,
    multiple,
    ordering,
    single,
    write_course,
)

SPREAD = [single("s1", 0), single("s2", 1), single("s3", 2), single("s4", 3)]
OTHER = [single("x1", 3), single("x2", 2), single("x3", 1), single("x4", 0)]


def problems(root) -> list[str]:
    return [str(error) for error in survey_curriculum(root)[1]]


def lesson_file(folder):
    return folder / "lessons" / f"{LESSON}.yaml"


def test_a_well_formed_curriculum_reads_with_its_sources(tmp_path):
    sources = [
        {"study": "2.2.2", "detail": {"zh-hans": "决策机制", "en": "decision-making"}},
        {"law": {"zh-hans": "《条例》第三十三条", "en": "Regulations, art. 33"}},
    ]
    write_course(tmp_path, "01-a", SPREAD, sources=sources)
    [course] = read_curriculum(tmp_path)
    assert course.lessons[0].sources == sources


def test_the_old_source_string_is_refused_on_its_line(tmp_path):
    folder = write_course(tmp_path, "01-a", SPREAD)
    path = lesson_file(folder)
    text = path.read_text("utf-8").replace("sources:\n- study: 2.2.1\n", "")
    path.write_text('estimated_minutes: 20\nsource: "2.2.1 优化"\n' + text, "utf-8")
    [error] = survey_curriculum(tmp_path)[1]
    assert error.path == path and error.line == 2
    assert "sources:" in error.message


@pytest.mark.parametrize(
    ("sources", "says"),
    [
        ([], "at least one"),
        ([{"study": "2.9.9"}], "unknown study part “2.9.9”"),
        ([{"study": "sharing", "page": 3}], "unknown source keys: page"),
        ([{"law": {"zh-hans": "《网络安全法》"}}], "a law is given in both languages"),
        ([{"law": "《网络安全法》"}], "a law is given in both languages"),
        ([{"study": "legal", "detail": {"en": "x"}}], "a detail is given in both"),
        ([{"study": "legal", "law": {"zh-hans": "a", "en": "b"}}], "either"),
    ],
)
def test_bad_sources_are_refused_with_the_file_and_line(tmp_path, sources, says):
    folder = write_course(tmp_path, "01-a", SPREAD, sources=sources)
    [error] = survey_curriculum(tmp_path)[1]
    assert error.path == lesson_file(folder)
    assert error.line == (1 if not sources else 2)  # the list, else its item
    assert says in error.message


def test_every_problem_of_every_course_is_reported_at_once(tmp_path):
    write_course(tmp_path, "01-a", SPREAD, sources=[{"study": "nowhere"}])
    write_course(tmp_path, "02-b", [*OTHER, ordering("o1", 2)])
    found = problems(tmp_path)
    assert len(found) == 2
    assert "01-a/lessons/01-only.yaml:2" in found[0]
    assert "02-b/questions.yaml:" in found[1] and "o1" in found[1]
    with pytest.raises(CurriculumError) as error:
        read_curriculum(tmp_path)
    assert len(error.value.errors) == 2 and str(error.value).count("\n") == 1


def test_an_ordering_question_needs_three_items(tmp_path):
    folder = write_course(
        tmp_path, "01-a", [*SPREAD, ordering("o1", 2), ordering("o2", 3)]
    )
    [error] = survey_curriculum(tmp_path)[1]
    assert error.path == folder / "questions.yaml"
    assert error.line == line_of(error.path, "key: o1")
    assert "3 items or more" in error.message


def test_a_fill_in_accepts_two_forms_in_each_language(tmp_path):
    questions = [
        *SPREAD,
        fill_in("f1", ["信息共享", "共享信息"], ["share", "sharing"]),
        fill_in("f2", ["信息共享"], ["share", "Share information"]),
        # The same answer twice, but for case and width, is one form.
        fill_in("f3", ["共享", "共享"], ["Share", "ＳＨＡＲＥ"]),
    ]
    folder = write_course(tmp_path, "01-a", questions)
    found = survey_curriculum(tmp_path)[1]
    assert [(e.line, e.message) for e in found] == [
        (
            line_of(folder / "questions.yaml", "key: f2"),
            "f2: a fill-in question accepts 2 forms or more in zh-hans",
        ),
        (
            line_of(folder / "questions.yaml", "key: f3"),
            "f3: a fill-in question accepts 2 forms or more in zh-hans",
        ),
        (
            line_of(folder / "questions.yaml", "key: f3"),
            "f3: a fill-in question accepts 2 forms or more in en",
        ),
    ]


def test_single_choice_answers_are_spread_over_positions(tmp_path):
    # Two of five at position 0 is 40 %: allowed.
    write_course(tmp_path / "ok", "01-a", [*SPREAD, single("s5", 0)])
    assert problems(tmp_path / "ok") == []
    lopsided = [
        single("s1", 1),
        single("s2", 1),
        single("s3", 0),
        single("s4", 2),
        single("s5", 1),
    ]
    folder = write_course(tmp_path / "bad", "01-a", lopsided)
    [error] = survey_curriculum(tmp_path / "bad")[1]
    assert error.line == line_of(folder / "questions.yaml", "key: s5")
    assert "choice 1 is the answer of 3 of the 5" in error.message


def test_fewer_than_four_single_choice_questions_are_not_counted(tmp_path):
    write_course(tmp_path, "01-a", [single("s1", 0), single("s2", 0), single("s3", 0)])
    assert problems(tmp_path) == []


def test_multiple_choice_answers_do_not_favour_the_first_choices(tmp_path):
    spread = [
        multiple("m1", [1, 3]),
        multiple("m2", [0, 2]),
        multiple("m3", [2, 3]),
        multiple("m4", [0, 1]),
    ]
    write_course(tmp_path / "ok", "01-a", [*SPREAD, *spread])
    assert problems(tmp_path / "ok") == []
    first = [
        multiple("m1", [0, 3]),
        multiple("m2", [0, 2]),
        multiple("m3", [0, 1, 3]),
        multiple("m4", [1, 2]),
    ]
    folder = write_course(tmp_path / "first", "01-a", [*SPREAD, *first])
    [error] = survey_curriculum(tmp_path / "first")[1]
    assert error.line == line_of(folder / "questions.yaml", "key: m3")
    assert "choice 0 is correct in 3 of the 4" in error.message
    leading = [
        multiple("m1", [0, 1]),
        multiple("m2", [1, 2]),
        multiple("m3", [2, 3]),
        multiple("m4", [1, 0, 2]),
    ]
    folder = write_course(tmp_path / "leading", "01-a", [*SPREAD, *leading])
    [error] = survey_curriculum(tmp_path / "leading")[1]
    assert error.line == line_of(folder / "questions.yaml", "key: m4")
    assert (
        "2 of the 4 multiple-choice questions (m1, m4) have exactly the first"
        in error.message
    )


@pytest.mark.parametrize(
    ("language", "stem"),
    [
        ("zh-hans", "研究指出，网上大厅应当怎样？"),
        ("zh-hans", "该研究把什么看作出发点？"),
        ("en", "According to the study, what comes first?"),
        ("en", "Research shows that which channel matters?"),
    ],
)
def test_no_stem_quotes_the_study(tmp_path, language, stem):
    question = single("s5", 0)
    question[language]["text"] = stem
    folder = write_course(tmp_path, "01-a", [*SPREAD, question])
    [error] = survey_curriculum(tmp_path)[1]
    assert error.line == line_of(folder / "questions.yaml", "key: s5")
    assert f"the {language} stem quotes the study" in error.message


def test_no_two_questions_of_the_curriculum_share_a_stem(tmp_path):
    write_course(tmp_path, "01-a", [*SPREAD, single("s5", 2, stem="哪一项最重要？")])
    twin = single("t1", 3, stem="哪 一项，最重要")  # spaces and punctuation aside
    folder = write_course(tmp_path, "02-b", [single("t0", 1), twin])
    [error] = survey_curriculum(tmp_path)[1]
    assert error.path == folder / "questions.yaml"
    assert error.line == line_of(error.path, "key: t1")
    assert "the zh-hans stem is that of 01-a s5" in error.message


@pytest.mark.django_db
def test_a_failing_check_stops_the_load_and_nothing_is_written(tmp_path):
    write_course(tmp_path, "01-a", [*SPREAD, ordering("o1", 2)])
    with pytest.raises(CurriculumError, match="3 items or more"):
        load_curriculum(tmp_path)
    assert not CoursePage.objects.exists()


def test_the_check_command_needs_no_database_and_names_every_problem(tmp_path, capsys):
    # No django_db mark: any query, let alone a write, would fail this test.
    write_course(tmp_path, "01-a", SPREAD)
    call_command("load_curriculum", "--check", "--root", str(tmp_path))
    assert (
        "1 courses, 1 lessons, 4 questions: every check passes."
        in capsys.readouterr().out
    )
    write_course(
        tmp_path, "02-b", [ordering("o1", 2), fill_in("f1", ["甲"], ["a", "b"])]
    )
    with pytest.raises(CommandError) as error:
        call_command("load_curriculum", "--check", "--root", str(tmp_path))
    assert str(error.value).startswith("2 problem(s):")
    assert "02-b/questions.yaml:" in str(error.value)


def test_a_broken_question_is_reported_once_not_again_by_its_quiz(tmp_path):
    broken = single("s5", 0)
    del broken["en"]
    folder = write_course(tmp_path, "01-a", [*SPREAD, broken], quiz=["s1", "s5"])
    [error] = survey_curriculum(tmp_path)[1]
    assert error.path == folder / "questions.yaml" and "missing “en”" in error.message


def test_a_quiz_naming_no_question_is_reported_on_its_line(tmp_path):
    folder = write_course(tmp_path, "01-a", SPREAD, quiz=["s1", "s9"])
    [error] = survey_curriculum(tmp_path)[1]
    assert error.path == lesson_file(folder)
    assert error.line == line_of(error.path, "quiz:")
    assert "quiz question s9" in error.message
