import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from people import roles
from people.exceptions import RosterError
from people.models import Department, Position, StaffMember
from people.roster import import_roster
from people.services import ensure_department
from tests.factories.people import HRScopeFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

HEADER = ["工号", "姓名", "部门", "职务", "职级", "邮箱", "在职"]
HEADER_EN = [
    "Employee ID",
    "Name",
    "Department",
    "Position",
    "Grade",
    "Email",
    "Active",
]
ROWS = [
    [
        "E1001",
        "张伟",
        "陕西省/西安市/雁塔区",
        "科员",
        "一级科员",
        "zw@example.cn",
        "是",
    ],
    ["E1002", "王芳", "陕西省/西安市/雁塔区/办公室", "科长", "staff-2", "", ""],
    ["E1003", "李娜", "陕西省/宝鸡市", "副科长", "Level-1 Staff Member", "", "否"],
]


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their source language, whatever LANGUAGE_CODE is.
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(username="admin", is_superuser=True, password=None)


@pytest.fixture
def imported(admin):
    """The three staff of ROWS, imported by an administrator."""
    return run(roster(ROWS), admin)


def roster(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(content, importer, filename="roster.csv", **options):
    return import_roster(
        content=content, filename=filename, importer=importer, **options
    )


def rejection(content, importer, filename="roster.csv", **options) -> RosterError:
    with pytest.raises(RosterError) as caught:
        run(content, importer, filename, **options)
    return caught.value


def where(error: RosterError) -> set[tuple[int, str]]:
    return {(row_error.line, row_error.column) for row_error in error.errors}


def counts() -> tuple[int, int, int, int]:
    return (
        StaffMember.objects.count(),
        Department.objects.count(),
        User.objects.count(),
        Position.objects.count(),
    )


def hr_officer(*department_paths: str):
    user = UserFactory(password=None)
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    for department in Department.objects.all():
        if department.full_name() in department_paths:
            HRScopeFactory(user=user, department=department)
    return user


def department(path: str) -> Department:
    return next(d for d in Department.objects.all() if d.full_name() == path)


# Reading the file ----------------------------------------------------------


def test_import_creates_the_department_tree_users_and_staff(imported):
    assert (imported.created, imported.updated, imported.unchanged) == (3, 0, 0)
    assert set(imported.departments_created) == {
        "陕西省",
        "陕西省/西安市",
        "陕西省/西安市/雁塔区",
        "陕西省/西安市/雁塔区/办公室",
        "陕西省/宝鸡市",
    }
    assert Department.objects.count() == 5
    office = department("陕西省/西安市/雁塔区/办公室")
    assert office.depth == 4
    assert office.parent == department("陕西省/西安市/雁塔区")
    assert set(imported.positions_created) == {"科员", "科长", "副科长"}

    zhang = StaffMember.objects.select_related("user", "grade").get(employee_id="E1001")
    assert zhang.name == "张伟"
    assert zhang.department.full_name() == "陕西省/西安市/雁塔区"
    assert zhang.grade.code == "staff-1"
    assert zhang.email == "zw@example.cn"
    assert zhang.user.username == "E1001"
    assert zhang.user.first_name == "张伟"
    assert zhang.user.email == "zw@example.cn"
    assert not zhang.user.has_usable_password()
    assert zhang.is_active and zhang.user.is_active


def test_grades_are_matched_by_name_code_or_english_name(imported):
    grades = dict(StaffMember.objects.values_list("employee_id", "grade__code"))

    assert grades == {"E1001": "staff-1", "E1002": "staff-2", "E1003": "staff-1"}


def test_inactive_row_makes_staff_and_user_inactive(imported):
    li = StaffMember.objects.select_related("user").get(employee_id="E1003")

    assert not li.is_active
    assert not li.user.is_active


def test_english_headers_are_accepted(admin):
    report = run(roster(ROWS, header=HEADER_EN), admin)

    assert report.created == 3


def test_utf8_with_byte_order_mark(admin):
    content = b"\xef\xbb\xbf" + roster(ROWS)

    report = run(content, admin)

    assert report.created == 3
    assert StaffMember.objects.get(employee_id="E1001").name == "张伟"


def test_gb18030_file(admin):
    # 䶮 is outside GBK; GB18030 still encodes it.
    rows = [
        *ROWS,
        ["E1004", "刘䶮", "陕西省/西安市/碑林区", "科员", "二级科员", "", "在职"],
    ]
    content = roster(rows, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    report = run(content, admin)

    assert report.created == 4
    assert StaffMember.objects.get(employee_id="E1004").name == "刘䶮"
    assert department("陕西省/西安市/碑林区")


def xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_numeric_ids_and_a_formula_cell(admin):
    content = xlsx(
        [
            [10086, "张伟", "陕西省/西安市", "科员", "一级科员", None, True],
            [
                10087.0,
                "=1+1",
                "陕西省/西安市",
                "科员",
                "一级科员",
                "a@example.cn",
                "否",
            ],
        ]
    )

    report = run(content, admin, filename="花名册.xlsx")

    assert report.created == 2
    assert StaffMember.objects.get(employee_id="10086").name == "张伟"
    formula = StaffMember.objects.get(employee_id="10087")
    assert formula.name == "=1+1"
    assert formula.user.first_name == "=1+1"
    assert not formula.is_active


def test_xlsx_is_recognised_by_its_content_whatever_its_name(admin):
    report = run(xlsx(ROWS), admin, filename="roster.csv")

    assert report.created == 3


def test_values_that_look_like_formulas_are_stored_as_text(admin):
    rows = [
        [
            "F1",
            '=HYPERLINK("http://evil.example","点我")',
            "陕西省",
            "=cmd|' /C calc'!A0",
            "一级科员",
            "",
            "",
        ],
        ["F2", "+86 张三", "陕西省", "+科员", "一级科员", "", ""],
        ["F3", "-李四", "陕西省", "-科员", "一级科员", "", ""],
        ["F4", "@SUM(A1:A2)", "陕西省", "@科员", "一级科员", "", ""],
    ]

    run(roster(rows), admin)

    stored = {
        staff.employee_id: (staff.name, staff.position.name)
        for staff in StaffMember.objects.select_related("position")
    }
    assert stored == {row[0]: (row[1], row[3]) for row in rows}


# Rejected files ------------------------------------------------------------


def test_bad_rows_import_nothing_and_every_one_is_reported(admin, imported):
    rows = [
        ["E2001", "赵六", "陕西省/渭南市", "科员", "一级科员", "", ""],  # line 2
        ["", "钱七", "陕西省/渭南市", "科员", "一级科员", "", ""],  # line 3
        ["E2002", "孙八", "陕西省/渭南市", "科员", "一级科员", "", ""],  # line 4
        ["E2002", "周九", "陕西省/渭南市", "科员", "一级科员", "", ""],  # line 5
        [],  # line 6: blank, skipped but counted
        ["E2003", "吴十", "陕西省/渭南市", "科员", "处长级", "", ""],  # line 7
        ["E2004", "郑一", "陕西省/渭南市", "科员", "一级科员", "not-an-email", ""],  # 8
        ["E2005", "冯二", "陕西省/渭南市", "科员", "一级科员", "", "也许"],  # line 9
        ["E1001", "张伟", "陕西省/渭南市", "新职务", "一级科员", "", ""],  # line 10
    ]
    before = counts()

    error = rejection(roster(rows), admin)

    assert counts() == before
    assert where(error) == {
        (3, "employee_id"),
        (5, "employee_id"),
        (7, "grade"),
        (8, "email"),
        (9, "active"),
    }
    messages = {row_error.line: row_error.message for row_error in error.errors}
    assert "line 4" in messages[5]
    assert "处长级" in messages[7]
    assert not Department.objects.filter(name="渭南市").exists()
    assert StaffMember.objects.get(employee_id="E1001").position.name == "科员"


def test_a_row_can_report_several_problems(admin):
    rows = [["", "", "陕西省//西安市", "", "", "bad", "maybe"]]

    error = rejection(roster(rows), admin)

    assert where(error) == {
        (2, "employee_id"),
        (2, "name"),
        (2, "position"),
        (2, "grade"),
        (2, "department"),
        (2, "email"),
        (2, "active"),
    }


def test_invalid_employee_id_is_reported(admin):
    rows = [["E 1", "张伟", "陕西省", "科员", "一级科员", "", ""]]

    assert where(rejection(roster(rows), admin)) == {(2, "employee_id")}


def test_line_numbers_count_physical_lines_of_quoted_multiline_cells(admin):
    rows = [
        ["E1", "张伟", "陕西省", "科员\n兼职", "一级科员", "", ""],  # lines 2-3
        ["E2", "王芳", "陕西省", "科员", "处长级", "", ""],  # line 4
    ]

    assert where(rejection(roster(rows), admin)) == {(4, "grade")}


def test_missing_and_unknown_columns_are_reported_on_the_header_line(admin):
    header = ["工号", "姓名", "部门", "职务", "备注"]
    rows = [["E1", "张伟", "陕西省", "科员", "无"]]
    before = counts()

    error = rejection(roster(rows, header=header), admin)

    assert counts() == before
    assert [row_error.line for row_error in error.errors] == [1, 1]
    messages = " ".join(row_error.message for row_error in error.errors)
    assert "备注" in messages
    assert "职级" in messages and "grade" in messages


def test_every_missing_required_column_is_named(admin):
    error = rejection(roster([["a@example.cn"]], header=["邮箱"]), admin)

    assert [row_error.line for row_error in error.errors] == [1] * 5
    messages = " ".join(row_error.message for row_error in error.errors)
    for header in ("工号", "姓名", "部门", "职务", "职级"):
        assert header in messages


def test_a_column_given_twice_is_reported(admin):
    header = [*HEADER, "name"]

    error = rejection(roster([[*ROWS[0], "张伟"]], header=header), admin)

    assert [row_error.line for row_error in error.errors] == [1]


def test_unreadable_file_is_reported(admin):
    content = b"\x81\x20\xff\xfe" * 64
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            content.decode(encoding)

    error = rejection(content, admin)

    assert [row_error.line for row_error in error.errors] == [0]
    assert "encoding" in error.errors[0].message


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"", "roster.csv"),
        (b"  \n", "roster.csv"),
        (",".join(HEADER).encode(), "roster.csv"),
        (b"not a workbook", "roster.xlsx"),
        (b"PK\x03\x04 broken zip", "roster.bin"),
    ],
    ids=["empty", "blank", "header-only", "fake-xlsx", "broken-zip"],
)
def test_file_level_problems_are_reported_on_line_zero(admin, content, filename):
    error = rejection(content, admin, filename)

    assert [row_error.line for row_error in error.errors] == [0]
    assert counts() == (0, 0, 1, 0)


# Re-import -----------------------------------------------------------------


def test_reimport_is_idempotent(admin, imported):
    before = counts()

    report = run(roster(ROWS), admin)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert report.departments_created == []
    assert report.positions_created == []
    assert counts() == before
    assert {change.action for change in report.changes} == {"unchanged"}


def test_edited_row_updates_the_staff_member_in_place(admin, imported):
    zhang = StaffMember.objects.get(employee_id="E1001")
    rows = [list(row) for row in ROWS]
    rows[0][3] = "科长"
    rows[0][5] = "zhang.wei@example.cn"

    report = run(roster(rows), admin)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    change = next(c for c in report.changes if c.employee_id == "E1001")
    assert change.action == "update"
    assert change.line == 2
    assert set(change.changed) == {"position_id", "email"}
    edited = StaffMember.objects.select_related("user", "position").get(pk=zhang.pk)
    assert edited.position.name == "科长"
    assert edited.email == edited.user.email == "zhang.wei@example.cn"
    assert edited.user_id == zhang.user_id


def test_reimport_moves_and_reactivates_staff(admin, imported):
    rows = [list(row) for row in ROWS]
    rows[2][2] = "陕西省/西安市/碑林区"
    rows[2][6] = "在职"

    report = run(roster(rows), admin)

    li = StaffMember.objects.select_related("user", "department").get(
        employee_id="E1003"
    )
    assert report.departments_created == ["陕西省/西安市/碑林区"]
    assert li.department.full_name() == "陕西省/西安市/碑林区"
    assert li.is_active and li.user.is_active
    change = next(c for c in report.changes if c.employee_id == "E1003")
    assert set(change.changed) == {"department_id", "is_active"}


def test_existing_account_without_staff_record_is_never_adopted(admin):
    account = UserFactory(username="E1001", email="own@example.cn")
    before = counts()

    error = rejection(roster(ROWS), admin)

    assert where(error) == {(2, "employee_id")}
    assert "E1001" in error.errors[0].message
    assert counts() == before
    account.refresh_from_db()
    assert account.email == "own@example.cn" and account.is_active


def test_username_of_another_staff_member_is_refused(admin):
    StaffMemberFactory(employee_id="X1", user=UserFactory(username="E1001"))
    before = counts()

    error = rejection(roster(ROWS), admin)

    assert where(error) == {(2, "employee_id")}
    assert counts() == before


def test_a_row_cannot_change_an_administrators_account_unless_a_superuser_imports(
    admin,
):
    ensure_department(path="陕西省/西安市")
    chief = UserFactory(username="chief", email="chief@example.cn", is_staff=True)
    StaffMemberFactory(
        employee_id="A0001", user=chief, department=department("陕西省/西安市")
    )
    officer = hr_officer("陕西省/西安市")
    row = ["A0001", "首长", "陕西省/西安市", "科员", "一级科员", "x@evil.test", "否"]

    error = rejection(roster([row]), officer)

    assert where(error) == {(2, "employee_id")}
    chief.refresh_from_db()
    assert chief.email == "chief@example.cn" and chief.is_active
    run(roster([row]), admin)  # a superuser may
    chief.refresh_from_db()
    assert chief.email == "x@evil.test"


def test_deactivating_missing_staff_leaves_administrators_accounts_alone():
    ensure_department(path="陕西省/西安市")
    chief = UserFactory(username="chief", is_superuser=True)
    StaffMemberFactory(user=chief, department=department("陕西省/西安市"))
    officer = hr_officer("陕西省/西安市")
    row = ["E2001", "新人", "陕西省/西安市", "科员", "一级科员", "", ""]

    report = run(roster([row]), officer, deactivate_missing=True)

    assert report.deactivated == 0
    chief.refresh_from_db()
    assert chief.is_active and chief.staff.is_active


@pytest.mark.parametrize("name", [".", ".."])
def test_dot_department_names_are_refused_on_their_line(admin, name):
    rows = [
        ROWS[0],
        ["E1009", "某", f"陕西省/{name}/西安市", "科员", "一级科员", "", ""],
    ]
    before = counts()

    error = rejection(roster(rows), admin)

    assert where(error) == {(3, "department")}
    assert f"“{name}”" in error.errors[0].message
    assert counts() == before


# Dry run -------------------------------------------------------------------


def test_dry_run_changes_nothing_but_reports_what_would_happen(admin):
    report = run(roster(ROWS), admin, dry_run=True)

    assert report.dry_run
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert len(report.departments_created) == 5
    assert [change.action for change in report.changes] == ["create"] * 3
    assert counts() == (0, 0, 1, 0)


def test_dry_run_of_an_edit_leaves_the_staff_member_as_it_was(admin, imported):
    rows = [list(row) for row in ROWS]
    rows[0][1] = "张伟伟"
    before = counts()

    report = run(roster(rows), admin, dry_run=True, deactivate_missing=True)

    assert (report.updated, report.unchanged) == (1, 2)
    assert counts() == before
    zhang = StaffMember.objects.select_related("user").get(employee_id="E1001")
    assert zhang.name == zhang.user.first_name == "张伟"


def test_dry_run_still_rejects_a_bad_file(admin):
    rows = [["E1", "张伟", "陕西省", "科员", "处长级", "", ""]]

    assert where(rejection(roster(rows), admin, dry_run=True)) == {(2, "grade")}


# Deactivating missing staff ------------------------------------------------


def test_deactivate_missing_touches_only_staff_in_the_importers_scope(imported):
    StaffMember.objects.filter(employee_id="E1003").update(is_active=True)
    hr = hr_officer("陕西省/西安市")
    rows = [ROWS[0]]  # 王芳 (西安市) and 李娜 (宝鸡市) are missing

    report = run(roster(rows), hr, deactivate_missing=True)

    assert report.deactivated == 1
    states = {
        staff.employee_id: (staff.is_active, staff.user.is_active)
        for staff in StaffMember.objects.select_related("user")
    }
    assert states["E1001"] == (True, True)
    assert states["E1002"] == (False, False)
    assert states["E1003"][0] is True


def test_without_the_option_missing_staff_stay_active(admin, imported):
    report = run(roster([ROWS[0]]), admin)

    assert report.deactivated == 0
    assert StaffMember.objects.get(employee_id="E1002").is_active


def test_administrator_deactivates_missing_staff_anywhere(admin, imported):
    report = run(roster([ROWS[0]]), admin, deactivate_missing=True)

    # 李娜 was already inactive.
    assert report.deactivated == 1
    assert list(StaffMember.objects.active()) == [
        StaffMember.objects.get(employee_id="E1001")
    ]


# Scope ---------------------------------------------------------------------

XIAN_ROW = ["E3001", "陈红", "陕西省/西安市/雁塔区", "科员", "一级科员", "", ""]


def test_hr_officer_may_import_into_their_subtree_and_create_departments(imported):
    hr = hr_officer("陕西省/西安市")
    rows = [
        XIAN_ROW,
        ["E3002", "林静", "陕西省/西安市/高新区/科技局", "科员", "一级科员", "", ""],
        ROWS[1],
    ]

    report = run(roster(rows), hr)

    assert (report.created, report.unchanged) == (2, 1)
    assert set(report.departments_created) == {
        "陕西省/西安市/高新区",
        "陕西省/西安市/高新区/科技局",
    }
    assert department("陕西省/西安市/高新区/科技局").parent.parent.name == "西安市"


def test_hr_officer_cannot_import_into_another_city(imported):
    hr = hr_officer("陕西省/西安市")
    rows = [
        XIAN_ROW,
        ["E3002", "林静", "陕西省/宝鸡市", "科员", "一级科员", "", ""],
    ]
    before = counts()

    error = rejection(roster(rows), hr)

    assert where(error) == {(3, "department")}
    assert counts() == before


@pytest.mark.parametrize("path", ["陕西省", "陕西省/西安市新区", "甘肃省/西安市"])
def test_hr_officer_cannot_create_departments_beside_or_above_their_scope(
    imported, path
):
    hr = hr_officer("陕西省/西安市")
    rows = [["E3002", "林静", path, "科员", "一级科员", "", ""]]

    assert where(rejection(roster(rows), hr)) == {(2, "department")}


def test_hr_officer_cannot_update_an_employee_of_another_city(imported):
    hr = hr_officer("陕西省/西安市")
    li = list(ROWS[2])
    li[2] = "陕西省/西安市"  # try to pull 李娜 out of 宝鸡市
    before = StaffMember.objects.get(employee_id="E1003").department_id

    error = rejection(roster([XIAN_ROW, li]), hr)

    assert where(error) == {(3, "employee_id")}
    assert StaffMember.objects.get(employee_id="E1003").department_id == before
    assert not StaffMember.objects.filter(employee_id="E3001").exists()


def test_hr_officer_with_two_scopes_may_import_into_both(imported):
    hr = hr_officer("陕西省/西安市/雁塔区", "陕西省/宝鸡市")
    rows = [
        XIAN_ROW,
        ["E3002", "林静", "陕西省/宝鸡市/渭滨区", "科员", "一级科员", "", ""],
    ]

    assert run(roster(rows), hr).created == 2
    beilin = ["E3003", "马丽", "陕西省/西安市/碑林区", "科员", "一级科员", "", ""]
    assert where(rejection(roster([beilin]), hr)) == {(2, "department")}


def test_hr_officer_without_scope_may_import_nothing(imported):
    hr = hr_officer()

    error = rejection(roster([XIAN_ROW, ROWS[0]]), hr)

    assert where(error) == {(2, "department"), (3, "department"), (3, "employee_id")}


# Management command --------------------------------------------------------


@pytest.fixture
def roster_file(tmp_path):
    def write(rows, name="roster.csv"):
        path = tmp_path / name
        path.write_bytes(roster(rows))
        return str(path)

    return write


def test_command_imports_the_file_and_prints_a_summary(roster_file):
    out = io.StringIO()

    call_command("import_roster", roster_file(ROWS), stdout=out)

    assert StaffMember.objects.count() == 3
    assert "3 rows: 3 new, 0 updated" in out.getvalue()


def test_command_dry_run_prints_a_summary_and_saves_nothing(roster_file):
    out = io.StringIO()

    call_command("import_roster", roster_file(ROWS), "--dry-run", stdout=out)

    assert "Dry run" in out.getvalue()
    assert "3 new" in out.getvalue()
    assert "5 new departments" in out.getvalue()
    assert counts() == (0, 0, 0, 0)


def test_command_rejects_a_bad_file_with_every_line(roster_file):
    rows = [
        ["", "钱七", "陕西省", "科员", "一级科员", "", ""],
        ["E2", "孙八", "陕西省", "科员", "处长级", "", ""],
        ["E3", "周九", "陕西省", "科员", "一级科员", "bad", ""],
    ]

    with pytest.raises(CommandError) as caught:
        call_command("import_roster", roster_file(rows))

    message = str(caught.value)
    for line in ("line 2", "line 3", "line 4"):
        assert line in message
    assert counts() == (0, 0, 0, 0)


def test_command_acts_within_the_scope_of_the_user_given(imported, roster_file):
    hr = hr_officer("陕西省/西安市")
    rows = [XIAN_ROW, ["E3002", "林静", "陕西省/宝鸡市", "科员", "一级科员", "", ""]]

    with pytest.raises(CommandError) as caught:
        call_command("import_roster", roster_file(rows), "--as", hr.username)

    assert "line 3" in str(caught.value)
    call_command(
        "import_roster",
        roster_file([XIAN_ROW]),
        "--as",
        hr.username,
        stdout=io.StringIO(),
    )
    assert StaffMember.objects.filter(employee_id="E3001").exists()


def test_command_rejects_an_unknown_user(roster_file):
    with pytest.raises(CommandError):
        call_command("import_roster", roster_file(ROWS), "--as", "nobody")


def test_command_deactivates_missing_staff_when_asked(imported, roster_file):
    call_command("import_roster", roster_file([ROWS[0]]), stdout=io.StringIO())
    assert StaffMember.objects.get(employee_id="E1002").is_active

    call_command(
        "import_roster",
        roster_file([ROWS[0]]),
        "--deactivate-missing",
        stdout=io.StringIO(),
    )

    assert not StaffMember.objects.get(employee_id="E1002").is_active
