"""Required training: assignment rules, later staff, roster imports, HR scope."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from courses import services
from courses.models import Assignment, Enrolment, Programme, ProgrammeCourse
from people.models import Department, Position
from people.roles import HR_OFFICER
from people.roster import import_roster
from people.services import grant_hr_scope, grant_role
from tests.factories.courses import make_course
from tests.factories.people import (
    DepartmentFactory,
    StaffMemberFactory,
    UserFactory,
)
from xapi import vocabulary as v

pytestmark = pytest.mark.django_db

DUE = date.today() + timedelta(days=30)


@pytest.fixture
def tree():
    province = DepartmentFactory(name="陕西省")
    city = DepartmentFactory(name="西安市", parent=province)
    district = DepartmentFactory(name="雁塔区", parent=city)
    other = DepartmentFactory(name="宝鸡市", parent=province)
    return province, city, district, other


def required_users(course):
    return set(
        Enrolment.objects.filter(
            course_key=course.translation_key, required=True
        ).values_list("user__username", flat=True)
    )


def test_a_department_rule_with_its_subtree_enrols_everyone_below(tree):
    province, city, district, other = tree
    in_city = StaffMemberFactory(department=city)
    in_district = StaffMemberFactory(department=district)
    StaffMemberFactory(department=other)
    StaffMemberFactory(department=district, is_active=False)
    course = make_course(kind="required")

    _rule, count = services.create_assignment(
        created_by=None, due_date=DUE, course=course, department=city
    )

    assert count == 2
    assert required_users(course) == {in_city.employee_id, in_district.employee_id}
    assert set(Enrolment.objects.values_list("due_date", flat=True)) == {DUE}


def test_without_subtree_only_the_department_itself(tree):
    _province, city, district, _other = tree
    in_city = StaffMemberFactory(department=city)
    StaffMemberFactory(department=district)
    course = make_course()
    services.create_assignment(
        created_by=None,
        due_date=DUE,
        course=course,
        department=city,
        include_subdepartments=False,
    )
    assert required_users(course) == {in_city.employee_id}


def test_targets_combine_position_and_grade(tree):
    province, city, _district, _other = tree
    chief = Position.objects.create(name="科长")
    target = StaffMemberFactory(department=city, position=chief)
    StaffMemberFactory(department=city)
    course = make_course()
    services.create_assignment(
        created_by=None,
        due_date=DUE,
        course=course,
        department=province,
        position=chief,
    )
    assert required_users(course) == {target.employee_id}


def test_staff_who_join_later_get_the_rule(tree):
    _province, city, district, other = tree
    course = make_course()
    services.create_assignment(
        created_by=None, due_date=DUE, course=course, department=city
    )
    assert required_users(course) == set()

    newcomer = StaffMemberFactory(department=district)
    assert required_users(course) == {newcomer.employee_id}

    mover = StaffMemberFactory(department=other)
    assert mover.employee_id not in required_users(course)
    mover.department = city
    mover.save()
    assert mover.employee_id in required_users(course)


def test_roster_import_applies_rules_to_imported_staff(tree):
    course = make_course()
    services.create_assignment(
        created_by=None,
        due_date=DUE,
        course=course,
        department=Department.objects.get(name="西安市"),
    )
    admin = UserFactory(is_superuser=True)
    roster = (
        "工号,姓名,部门,职务,职级\n"
        "R0001,李雷,陕西省/西安市/雁塔区,科员,一级科员\n"
        "R0002,韩梅梅,陕西省/宝鸡市,科员,一级科员\n"
    ).encode()
    import_roster(content=roster, filename="名单.csv", importer=admin)
    assert required_users(course) == {"R0001"}


def test_a_dry_run_import_enrols_nobody(tree):
    course = make_course()
    services.create_assignment(
        created_by=None,
        due_date=DUE,
        course=course,
        department=Department.objects.get(name="西安市"),
    )
    admin = UserFactory(is_superuser=True)
    roster = "工号,姓名,部门,职务,职级\nR0001,李雷,陕西省/西安市,科员,一级科员\n"
    import_roster(
        content=roster.encode(), filename="名单.csv", importer=admin, dry_run=True
    )
    assert not Enrolment.objects.exists()


def test_a_programme_assigns_each_of_its_courses(tree):
    _province, city, _district, _other = tree
    member = StaffMemberFactory(department=city)
    first, second = make_course("课程一"), make_course("课程二")
    programme = Programme.objects.create(name="2026年度网络安全培训")
    ProgrammeCourse.objects.create(programme=programme, course=first, sort_order=0)
    ProgrammeCourse.objects.create(programme=programme, course=second, sort_order=1)

    services.create_assignment(
        created_by=None, due_date=DUE, programme=programme, staff=member
    )
    assert required_users(first) == required_users(second) == {member.employee_id}


def test_overlapping_rules_keep_the_earliest_due_date_and_make_electives_required(
    tree,
):
    _province, city, district, _other = tree
    member = StaffMemberFactory(department=district)
    course = make_course()
    services.enrol_learner(user=member.user, course=course)
    services.create_assignment(
        created_by=None, due_date=DUE, course=course, department=city
    )
    earlier = DUE - timedelta(days=10)
    services.create_assignment(
        created_by=None, due_date=earlier, course=course, department=district
    )
    services.create_assignment(
        created_by=None, due_date=DUE + timedelta(days=5), course=course, staff=member
    )
    enrolment = Enrolment.objects.get(user=member.user)
    assert enrolment.required is True
    assert enrolment.due_date == earlier


def test_an_assignment_needs_a_course_or_programme_and_a_target(tree):
    from django.core.exceptions import ValidationError

    course = make_course()
    with pytest.raises(ValidationError):
        services.create_assignment(created_by=None, due_date=DUE, course=course)
    assert not Assignment.objects.exists()


@pytest.fixture
def hr_officer(tree):
    _province, city, _district, _other = tree
    user = UserFactory(username="hr1")
    grant_role(user=user, role=HR_OFFICER)
    grant_hr_scope(user=user, department=city)
    return user


def test_hr_assigns_through_the_site_within_scope(client, tree, hr_officer):
    _province, city, district, other = tree
    member = StaffMemberFactory(department=district)
    course = make_course(kind="required")
    client.force_login(hr_officer)

    page = client.get("/learning/assignments/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "西安市" in body and "宝鸡市" not in body

    response = client.post(
        "/learning/assignments/",
        {
            "course": course.pk,
            "department": city.pk,
            "include_subdepartments": "on",
            "due_date": DUE.isoformat(),
        },
    )
    assert response.status_code == 302
    assert required_users(course) == {member.employee_id}
    assert course.title in client.get("/learning/assignments/").content.decode()


@pytest.mark.parametrize(
    "target",
    [
        {"department": "other"},
        {"position": "any"},
        {"employee_id": "outsider"},
    ],
)
def test_hr_cannot_assign_outside_their_departments(client, tree, hr_officer, target):
    _province, _city, _district, other = tree
    outsider = StaffMemberFactory(department=other, employee_id="X0001")
    course = make_course()
    client.force_login(hr_officer)
    data = {"course": course.pk, "due_date": DUE.isoformat()}
    if "department" in target:
        data["department"] = other.pk
    if "position" in target:
        data["position"] = outsider.position.pk
    if "employee_id" in target:
        data["employee_id"] = "X0001"
    response = client.post("/learning/assignments/", data)
    assert response.status_code == 200
    assert not Assignment.objects.exists()
    assert not Enrolment.objects.exists()


def test_hr_cannot_set_a_due_date_in_the_past(client, tree, hr_officer):
    _province, city, _district, _other = tree
    client.force_login(hr_officer)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        "/learning/assignments/",
        {"course": make_course().pk, "department": city.pk, "due_date": yesterday},
    )
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_learners_cannot_reach_assignments(client, tree):
    client.force_login(StaffMemberFactory().user)
    assert client.get("/learning/assignments/").status_code == 403


def test_hr_sees_only_assignments_in_their_scope(client, tree, hr_officer):
    _province, city, _district, other = tree
    course = make_course()
    services.create_assignment(
        created_by=None, due_date=DUE, course=course, department=other
    )
    client.force_login(hr_officer)
    body = client.get("/learning/assignments/").content.decode()
    assert "宝鸡市" not in body


def test_one_assignment_run_records_its_enrolments_in_one_batch(tree, monkeypatch):
    import xapi.services
    from xapi.models import Statement

    province, city, district, other = tree
    staff = [StaffMemberFactory(department=district) for _ in range(12)]
    first, second = make_course(kind="required"), make_course("第二门课")
    programme = Programme.objects.create(name="年度必修")
    for course in (first, second):
        ProgrammeCourse.objects.create(programme=programme, course=course)
    calls = []
    real_record = xapi.services.record

    def counting_record(statements, **kwargs):
        calls.append(len(statements))
        return real_record(statements, **kwargs)

    monkeypatch.setattr(xapi.services, "record", counting_record)
    services.create_assignment(
        created_by=None, due_date=DUE, programme=programme, department=city
    )

    assert calls == [24]
    registered = Statement.objects.filter(verb_id=v.REGISTERED)
    assert registered.count() == 24
    names = {row.data["actor"]["account"]["name"] for row in registered}
    assert names == {member.employee_id for member in staff}


def test_a_roster_import_applies_the_rules_in_one_batch(tree, monkeypatch):
    import xapi.services

    province, city, district, other = tree
    course = make_course(kind="required")
    services.create_assignment(
        created_by=None, due_date=DUE, course=course, department=city
    )
    calls = []
    real_record = xapi.services.record

    def counting_record(statements, **kwargs):
        calls.append(len(statements))
        return real_record(statements, **kwargs)

    members = [StaffMemberFactory(department=district) for _ in range(5)]
    Enrolment.objects.filter(user__staff__in=members).delete()
    monkeypatch.setattr(xapi.services, "record", counting_record)
    from people.signals import staff_imported

    staff_imported.send(sender=None, staff_ids=[member.pk for member in members])
    assert calls == [5]
    services.apply_assignments_to_staff([])
    assert calls == [5]
