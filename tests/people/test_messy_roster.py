"""Rosters as HR offices make them: a title above the header, full-width IDs."""

import pytest
from django.utils import translation
from openpyxl import Workbook

from people.models import StaffMember
from people.roster import import_roster
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "西安市数据局2026年度在职人员名单\n制表日期：2026年11月\n"
HEADER = "工号,姓名,部门,职务,职级,邮箱,在职\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(username="admin", is_superuser=True, password=None)


def test_a_title_above_the_header_is_skipped_and_the_header_row_is_reported(admin):
    content = (TITLE + HEADER + "E2001,张伟,陕西省/西安市,科员,一级科员,,是\n").encode(
        "gb18030"
    )
    report = import_roster(content=content, filename="名单.csv", importer=admin)
    assert report.header_line == 3
    assert report.as_dict()["header_line"] == 3
    assert StaffMember.objects.get(employee_id="E2001").name == "张伟"


def test_full_width_employee_ids_are_folded_and_trimmed(admin):
    content = (
        HEADER
        + "　ＳＸ０００４　,李娜,陕西省/西安市,科员,一级科员,ｌｉ＠ｅｘａｍｐｌｅ.ｃｎ,是\n"
        + "SX0005,王芳,陕西省/西安市,科员,一级科员,,否\n"
    ).encode()
    import_roster(content=content, filename="r.csv", importer=admin)
    staff = StaffMember.objects.get(employee_id="SX0004")
    assert staff.user.username == "SX0004"
    assert staff.email == "li@example.cn"


def test_an_xlsx_with_a_title_row_imports(admin, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年度人员名单"])
    sheet.append([])
    sheet.append(["工号", "姓名", "部门", "职务", "职级"])
    sheet.append(["Ｄ０１２３", "赵敏", "陕西省/西安市", "科员", "一级科员"])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    report = import_roster(
        content=path.read_bytes(), filename="名单.xlsx", importer=admin
    )
    assert report.header_line == 3
    assert StaffMember.objects.filter(employee_id="D0123").exists()


def test_a_file_with_no_header_among_its_first_rows_names_what_is_missing(admin):
    from people.exceptions import RosterError

    with pytest.raises(RosterError) as caught:
        import_roster(
            content=(TITLE + "E1,甲\n").encode(), filename="r.csv", importer=admin
        )
    assert any("Missing column" in error.message for error in caught.value.errors)
    assert not StaffMember.objects.exists()
