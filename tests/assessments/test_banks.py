"""Question banks as CSV or XLSX: export, validated import, versions, escaping."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from assessments import services
from assessments.banks import export_bank, import_bank
from assessments.exceptions import BankImportError
from assessments.models import AttemptQuestion, Question, QuestionBank, QuestionVersion
from assessments.resources import COLUMNS
from courses import services as courses
from tests.factories.assessments import make_exam, make_question
from tests.factories.courses import make_course
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def bank():
    bank = QuestionBank.objects.create(name="信息安全题库")
    make_question(
        bank,
        "phishing",
        choices=[("打开附件", False), ("核实发件人", True), ("转发同事", False)],
        difficulty="easy",
        topic="邮件安全",
    )
    make_question(
        bank,
        "passwords",
        type="multiple_choice",
        choices=[("长度", True), ("生日", False), ("多种字符", True)],
        partial_credit=True,
    )
    make_question(bank, "usb", type="true_false", true_false_answer=False)
    make_question(
        bank, "port", type="fill_in", accepted_answers="443\nHTTPS", difficulty="hard"
    )
    make_question(
        bank,
        "steps",
        type="ordering",
        choices=[("锁屏", False), ("离开", False), ("返回", False)],
    )
    return bank


def row(**values) -> dict:
    """Return a valid single-choice row, changed by ``values``."""
    return {
        "key": "q1",
        "type": "single_choice",
        "difficulty": "medium",
        "topic": "",
        "text_zh": "题目",
        "text_en": "Question",
        "choices_zh": "甲 | 乙",
        "choices_en": "A | B",
        "correct": "A",
        "partial_credit": "",
        "answers": "",
        "explanation_zh": "解析",
        "explanation_en": "Explanation",
        **values,
    }


def csv_file(rows: list[dict], encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def read_csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def contents(bank) -> dict:
    return {
        question.key: (question.difficulty, question.topic, question.content())
        for question in bank.questions.prefetch_related("choices")
    }


def test_export_writes_every_question_in_the_documented_columns(bank):
    content = export_bank(bank=bank, file_format="csv")
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    assert content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    rows = {cells["key"]: cells for cells in read_csv(content)}
    assert list(rows) == ["passwords", "phishing", "port", "steps", "usb"]
    assert rows["phishing"] == {
        "key": "phishing",
        "type": "single_choice",
        "difficulty": "easy",
        "topic": "邮件安全",
        "text_zh": "题目 phishing",
        "text_en": "Question phishing",
        "choices_zh": "打开附件 | 核实发件人 | 转发同事",
        "choices_en": "EN 打开附件 | EN 核实发件人 | EN 转发同事",
        "correct": "B",
        "partial_credit": "no",
        "answers": "",
        "explanation_zh": "解析 phishing",
        "explanation_en": "Explanation phishing",
    }
    assert (rows["passwords"]["correct"], rows["passwords"]["partial_credit"]) == (
        "A,C",
        "yes",
    )
    assert rows["usb"]["correct"] == "false"
    assert (rows["port"]["answers"], rows["port"]["correct"]) == ("443 | HTTPS", "")
    assert (rows["steps"]["choices_zh"], rows["steps"]["correct"]) == (
        "锁屏 | 离开 | 返回",
        "",
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_round_trips_unchanged(bank, file_format):
    before = contents(bank)
    versions = QuestionVersion.objects.count()
    content = export_bank(bank=bank, file_format=file_format)

    report = import_bank(bank=bank, content=content, filename=f"bank.{file_format}")

    assert (report.rows, report.created, report.updated, report.unchanged) == (
        5,
        0,
        0,
        5,
    )
    assert QuestionVersion.objects.count() == versions
    copy = QuestionBank.objects.create(name="副本")
    report = import_bank(bank=copy, content=content, filename=f"copy.{file_format}")
    assert report.created == 5
    assert contents(copy) == before == contents(bank)


def test_a_file_with_two_bad_rows_reports_both_lines_and_creates_nothing():
    content = csv_file(
        [
            row(key="good-1"),
            row(key="two-right", correct="A,B"),
            row(key="good-2"),
            row(key="uneven", choices_en="A | B | C"),
        ]
    )
    with pytest.raises(BankImportError) as raised:
        import_bank(
            bank=QuestionBank.objects.create(name="题库"),
            content=content,
            filename="bank.csv",
        )
    assert raised.value.errors == [
        (3, "correct: a single_choice question has one right letter."),
        (5, "choices_zh has 2 choices but choices_en has 3."),
    ]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"text_en": ""}, "text_en is missing."),
        ({"key": "题目 1"}, "The key “题目 1” is not valid"),
        ({"type": "essay"}, "Unknown type “essay”"),
        ({"difficulty": "brutal"}, "Unknown difficulty “brutal”"),
        ({"partial_credit": "maybe"}, "partial_credit must be yes or no"),
        ({"choices_zh": "甲", "choices_en": "A"}, "Give at least two choices"),
        ({"choices_zh": "甲 |  | 丙", "choices_en": "A | B | C"}, "A choice is empty."),
        ({"correct": ""}, "correct is missing"),
        ({"correct": "C"}, "correct: there is no choice C in 2 choices."),
        ({"type": "multiple_choice", "correct": "A,Z"}, "there is no choice Z"),
        ({"type": "true_false", "correct": "A"}, "correct must be true or false"),
        ({"type": "fill_in", "correct": ""}, "answers is missing"),
        ({"type": "ordering"}, "correct must be empty for ordering."),
    ],
)
def test_each_rule_is_checked_with_its_line(values, message):
    bank = QuestionBank.objects.create(name="题库")
    with pytest.raises(BankImportError) as raised:
        import_bank(
            bank=bank,
            content=csv_file([row(key="ok"), row(**values)]),
            filename="b.csv",
        )
    assert [line for line, _text in raised.value.errors] == [3]
    assert message in raised.value.errors[0][1]


def test_a_key_repeated_in_the_file_names_the_first_line():
    content = csv_file([row(key="q1"), row(key="q2"), row(key="q1")])
    with pytest.raises(BankImportError) as raised:
        import_bank(
            bank=QuestionBank.objects.create(name="题库"),
            content=content,
            filename="b.csv",
        )
    assert raised.value.errors == [(4, "The key q1 is already on line 2.")]


def test_a_header_without_every_column_is_rejected():
    content = "key,type,text_zh,colour\nq1,single_choice,题目,红\n".encode()
    with pytest.raises(BankImportError) as raised:
        import_bank(
            bank=QuestionBank.objects.create(name="题库"),
            content=content,
            filename="b.csv",
        )
    messages = [text for line, text in raised.value.errors if line == 1]
    assert "Unknown column “colour”." in messages
    assert "Missing column “text_en”." in messages


def test_an_import_creates_and_updates_by_key_within_the_bank(bank):
    other = QuestionBank.objects.create(name="另一个题库")
    make_question(other, "phishing", choices=[("甲", True), ("乙", False)])
    rows = read_csv(export_bank(bank=bank, file_format="csv"))
    rows[1]["text_zh"] = "收到可疑邮件时应当怎么做？"  # phishing
    rows.append(row(key="new-one"))

    report = import_bank(bank=bank, content=csv_file(rows), filename="bank.csv")

    assert (report.created, report.updated, report.unchanged) == (1, 1, 4)
    assert bank.questions.get(key="phishing").text == "收到可疑邮件时应当怎么做？"
    assert other.questions.get(key="phishing").text == "题目 phishing"
    assert bank.questions.get(key="new-one").current_version.content["choices"][0] == {
        "id": "a",
        "text": {"zh-hans": "甲", "en": "A"},
        "correct": True,
    }


def test_updating_an_answered_question_makes_a_new_version():
    learner = StaffMemberFactory(employee_id="A2001").user
    course = make_course("信息安全操作规程", lessons=1)
    courses.start_course(user=learner, course=course)
    bank = QuestionBank.objects.create(name="题库", course=course)
    question = make_question(bank, "q1", choices=[("甲", True), ("乙", False)])
    exam = make_exam(course, fixed=[question])
    attempt = services.start_attempt(user=learner, assessment=exam)
    services.save_answers(attempt=attempt, answers={"1": "a"})
    services.submit_attempt(attempt=attempt)

    content = csv_file(
        [row(key="q1", text_zh="改过的题目", choices_en="EN 甲 | EN 乙")]
    )
    report = import_bank(bank=bank, content=content, filename="b.csv")

    assert report.updated == 1
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.content["text"]["zh-hans"] == "改过的题目"
    item = AttemptQuestion.objects.get(attempt=attempt)
    assert item.version.number == 1
    assert item.version.content["text"]["zh-hans"] == "题目 q1"
    assert item.correct is True


def test_updating_an_unanswered_question_keeps_one_version(bank):
    content = csv_file([row(key="phishing", text_zh="新的题目", correct="B")])
    import_bank(bank=bank, content=content, filename="b.csv")
    question = bank.questions.get(key="phishing")
    assert question.versions.count() == 1
    assert question.current_version.content["text"]["zh-hans"] == "新的题目"
    assert [c.text for c in question.choices.all()] == ["甲", "乙"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_is_read_in_gb18030_and_utf8(encoding):
    bank = QuestionBank.objects.create(name="题库")
    content = csv_file(
        [row(key="q1", text_zh="“互联网+政务服务”的目标是什么？", topic="政务服务")],
        encoding=encoding,
    )
    import_bank(bank=bank, content=content, filename="b.csv")
    question = bank.questions.get()
    assert (question.text, question.topic) == (
        "“互联网+政务服务”的目标是什么？",
        "政务服务",
    )


def test_xlsx_is_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(reversed(COLUMNS)))  # columns in any order
    first = row()
    first["key"] = 101  # a number cell
    second = row(key="tf", type="true_false", choices_zh="", choices_en="")
    second["correct"] = True  # a boolean cell
    for values in (first, second):
        sheet.append([values[column] for column in reversed(COLUMNS)])
    output = io.BytesIO()
    workbook.save(output)

    bank = QuestionBank.objects.create(name="题库")
    report = import_bank(bank=bank, content=output.getvalue(), filename="bank.xlsx")

    assert report.created == 2
    assert bank.questions.get(key="tf").true_false_answer is True
    assert bank.questions.get(key="101").choices.count() == 2


FORMULAS = {
    "text_zh": '=HYPERLINK("http://evil.example","点击")',
    "topic": "@SUM(1)",
    "explanation_en": "+1 if you agree",
}


def _formula_bank():
    bank = QuestionBank.objects.create(name="题库")
    make_question(
        bank,
        "q1",
        choices=[("-1", True), ("'=2", False)],
        text=FORMULAS["text_zh"],
        topic=FORMULAS["topic"],
        explanation_en=FORMULAS["explanation_en"],
    )
    return bank


def test_export_escapes_formulae_and_import_restores_them():
    bank = _formula_bank()

    cells = read_csv(export_bank(bank=bank, file_format="csv"))[0]
    assert cells["text_zh"] == "'" + FORMULAS["text_zh"]
    assert cells["topic"] == "'@SUM(1)"
    assert cells["explanation_en"] == "'+1 if you agree"
    assert cells["choices_zh"] == "'-1 | '=2"  # the cell starts with a formula sign

    xlsx = export_bank(bank=bank, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    header = [cell.value for cell in sheet[1]]
    text = sheet.cell(row=2, column=header.index("text_zh") + 1)
    assert (text.value, text.data_type) == ("'" + FORMULAS["text_zh"], "s")

    for content, name in ((xlsx, "b.xlsx"), (csv_file([cells]), "b.csv")):
        report = import_bank(bank=bank, content=content, filename=name)
        assert report.unchanged == 1
    question = bank.questions.get()
    assert question.text == FORMULAS["text_zh"]
    assert [c.text for c in question.choices.all()] == ["-1", "'=2"]


def test_a_dry_run_changes_nothing():
    bank = QuestionBank.objects.create(name="题库")
    report = import_bank(
        bank=bank, content=csv_file([row()]), filename="b.csv", dry_run=True
    )
    assert report.created == 1
    assert not Question.objects.exists()


def test_the_commands_export_and_import(bank, tmp_path):
    path = tmp_path / "bank.xlsx"
    out = io.StringIO()
    call_command("export_questions", bank.name, str(path), stdout=out)
    assert "5 questions" in out.getvalue()

    call_command("import_questions", "新题库", str(path), "--create-bank", stdout=out)
    assert "5 questions: 5 new, 0 updated, 0 unchanged." in out.getvalue()
    assert QuestionBank.objects.get(name="新题库").questions.count() == 5


def test_the_import_command_lists_every_problem(tmp_path):
    QuestionBank.objects.create(name="题库")
    path = tmp_path / "bank.csv"
    path.write_bytes(csv_file([row(type="essay"), row(key="q2", correct="")]))
    with pytest.raises(CommandError) as raised:
        call_command("import_questions", "题库", str(path))
    assert "line 2: Unknown type" in str(raised.value)
    assert "line 3: correct is missing" in str(raised.value)
    with pytest.raises(CommandError):
        call_command("import_questions", "没有这个题库", str(path))
