"""The staff list and the roster import as HR officers and learners use them."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import roles
from people.models import Department, RosterImport, StaffMember
from people.services import ensure_department, grant_hr_scope
from people.tasks import run_roster_preview
from tests.factories.people import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "工号,姓名,部门,职务,职级,邮箱,在职\n"


@pytest.fixture
def xian():
    return ensure_department(path="陕西省/西安市")


@pytest.fixture
def baoji():
    return ensure_department(path="陕西省/宝鸡市")


@pytest.fixture
def hr_xian(xian):
    user = UserFactory(username="hr-xian")
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=user, department=xian)
    return user


def _csv(*rows: str, name="roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(rows) + "\n").encode("utf-8"))


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Post a roster and run the preview task it queues, as a worker would."""

    def post(file):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("people:roster_upload"), {"file": file})

    return post


def test_learner_cannot_open_the_staff_list_or_the_import(client):
    learner = StaffMemberFactory().user
    client.force_login(learner)
    assert client.get(reverse("people:staff_list")).status_code == 403
    assert client.get(reverse("people:roster_upload")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("people:staff_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_hr_officer_sees_only_staff_in_scope(client, hr_xian, xian, baoji):
    yanta = ensure_department(path="陕西省/西安市/雁塔区")
    StaffMemberFactory(name="西安人", department=yanta)
    StaffMemberFactory(name="宝鸡人", department=baoji)
    client.force_login(hr_xian)
    body = client.get(reverse("people:staff_list")).content.decode()
    assert "西安人" in body
    assert "陕西省/西安市/雁塔区" in body
    assert "宝鸡人" not in body
    assert "宝鸡市" not in body  # not even in the department filter


def test_staff_list_filters_by_department_subtree_and_search(client, hr_xian, xian):
    yanta = ensure_department(path="陕西省/西安市/雁塔区")
    beilin = ensure_department(path="陕西省/西安市/碑林区")
    StaffMemberFactory(name="雁塔甲", department=yanta)
    StaffMemberFactory(name="碑林乙", department=beilin)
    client.force_login(hr_xian)
    body = client.get(
        reverse("people:staff_list"), {"department": yanta.pk}
    ).content.decode()
    assert "雁塔甲" in body and "碑林乙" not in body
    body = client.get(reverse("people:staff_list"), {"q": "碑林"}).content.decode()
    assert "碑林乙" in body and "雁塔甲" not in body


def test_staff_list_cannot_filter_by_a_department_outside_scope(client, hr_xian, baoji):
    StaffMemberFactory(name="宝鸡人", department=baoji)
    client.force_login(hr_xian)
    response = client.get(reverse("people:staff_list"), {"department": baoji.pk})
    assert "宝鸡人" not in response.content.decode()


def test_staff_list_query_count_does_not_grow_with_rows(
    client, hr_xian, xian, django_assert_max_num_queries
):
    deep = ensure_department(path="陕西省/西安市/雁塔区/政务服务中心/窗口一科")
    StaffMemberFactory.create_batch(5, department=deep)
    client.force_login(hr_xian)
    client.get(reverse("people:staff_list"))  # warm caches (content types, settings)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("people:staff_list"))
    StaffMemberFactory.create_batch(40, department=deep)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:staff_list"))
    assert response.content.decode().count("窗口一科") >= 45


def test_upload_returns_at_once_and_the_preview_appears_after_the_task(client, hr_xian):
    client.force_login(hr_xian)
    response = client.post(
        reverse("people:roster_upload"),
        {"file": _csv("1001,张三,陕西省/西安市/雁塔区,科员,一级科员,,是")},
    )
    assert response.status_code == 302
    record = RosterImport.objects.get()
    assert response["Location"] == reverse("people:roster_preview", args=[record.pk])
    # Nothing was validated in the request: the task has not run yet.
    assert record.status == RosterImport.Status.CHECKING
    assert record.summary == {} and record.rows_total == 0
    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert 'class="status checking"' in waiting and "张三" not in waiting

    assert run_roster_preview(record.pk) == "previewed"
    assert run_roster_preview(record.pk) == "skipped"

    preview = client.get(response["Location"]).content.decode()
    assert "张三" in preview and 'http-equiv="refresh"' not in preview
    assert "<form" in preview
    assert not StaffMember.objects.exists()


def test_preview_shows_how_many_rows_have_been_checked(client, hr_xian):
    client.force_login(hr_xian)
    rows = [f"{2000 + n},某{n},陕西省/西安市,科员,一级科员,," for n in range(2500)]
    response = client.post(reverse("people:roster_upload"), {"file": _csv(*rows)})
    record = RosterImport.objects.get()
    RosterImport.objects.filter(pk=record.pk).update(rows_checked=1000, rows_total=2500)
    page = client.get(response["Location"]).content.decode()
    assert "已完成 1000 / 2500" in page
    assert '<progress max="2500" value="1000">' in page

    run_roster_preview(record.pk)

    record.refresh_from_db()
    assert (record.rows_checked, record.rows_total) == (2500, 2500)
    assert record.summary["created"] == 2500


def test_upload_previews_without_importing_then_confirm_imports(
    client, hr_xian, upload, django_capture_on_commit_callbacks
):
    client.force_login(hr_xian)
    response = upload(_csv("1001,张三,陕西省/西安市/雁塔区,科员,一级科员,,是"))
    assert response.status_code == 302
    assert not StaffMember.objects.filter(employee_id="1001").exists()
    assert not Department.objects.filter(name="雁塔区").exists()
    preview = client.get(response["Location"])
    assert "张三" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(response["Location"])
    assert len(callbacks) == 1  # the import task, queued after the commit
    staff = StaffMember.objects.get(employee_id="1001")
    assert staff.department.full_name() == "陕西省/西安市/雁塔区"
    record = RosterImport.objects.get()
    assert record.status == RosterImport.Status.IMPORTED
    assert record.content == b""  # the file is not kept after import
    # Confirming again queues nothing and imports nothing more.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(response["Location"])
    assert not callbacks
    assert StaffMember.objects.filter(employee_id="1001").count() == 1


def test_upload_with_bad_rows_lists_every_line_and_imports_nothing(
    client, hr_xian, upload
):
    client.force_login(hr_xian)
    response = upload(
        _csv(
            "1001,张三,陕西省/西安市,科员,一级科员,,是",
            ",无工号,陕西省/西安市,科员,一级科员,,是",
            "1003,王五,陕西省/西安市,科员,不存在的职级,,是",
        )
    )
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "<td>3</td>" in body and "<td>4</td>" in body
    assert "不存在的职级" in body
    assert StaffMember.objects.count() == 0
    assert RosterImport.objects.get().status == RosterImport.Status.REJECTED


def test_hr_officer_cannot_import_into_another_city(client, hr_xian, baoji, upload):
    client.force_login(hr_xian)
    upload(_csv("2001,赵六,陕西省/宝鸡市/渭滨区,科员,一级科员,,是"))
    assert RosterImport.objects.get().status == RosterImport.Status.REJECTED
    assert not StaffMember.objects.exists()
    assert not Department.objects.filter(name="渭滨区").exists()


def test_one_officer_cannot_see_or_confirm_another_officers_upload(
    client, hr_xian, xian, upload
):
    client.force_login(hr_xian)
    response = upload(_csv("1001,张三,陕西省/西安市,科员,一级科员,,是"))
    other = UserFactory(username="hr-other")
    other.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=other, department=xian)
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 404
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED
    assert not StaffMember.objects.exists()


def test_upload_refuses_other_file_types(client, hr_xian):
    client.force_login(hr_xian)
    response = client.post(
        reverse("people:roster_upload"),
        {"file": SimpleUploadedFile("roster.exe", b"MZ\x90\x00")},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_downloaded_template_imports_as_it_is(client, hr_xian, xian, upload):
    client.force_login(hr_xian)
    response = client.get(reverse("people:roster_template"))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    content = content.replace(
        "陕西省/西安市/雁塔区".encode(), "陕西省/西安市/莲湖区".encode()
    )
    preview = upload(SimpleUploadedFile("template.csv", content))
    assert preview.status_code == 302
    record = RosterImport.objects.get()
    assert record.summary["created"] == 1
