from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import IntegrityError, transaction

from people import roles
from people.models import Department, StaffMember, StudyHourSettings
from tests.factories.people import (
    DepartmentFactory,
    HRScopeFactory,
    PositionFactory,
    StaffMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def names(departments):
    return {department.name for department in departments}


@pytest.fixture
def tree():
    """Two cities of one province, each with a district, a bureau and a section.

    陕西省 / 西安市 / 雁塔区 / 教育局 / 办公室 is five levels deep.
    """
    province = DepartmentFactory(name="陕西省")
    xian = DepartmentFactory(name="西安市", parent=province)
    yanta = DepartmentFactory(name="雁塔区", parent=xian)
    bureau = DepartmentFactory(name="教育局", parent=yanta)
    office = DepartmentFactory(name="办公室", parent=bureau)
    beilin = DepartmentFactory(name="碑林区", parent=xian)
    baoji = DepartmentFactory(name="宝鸡市", parent=province)
    weibin = DepartmentFactory(name="渭滨区", parent=baoji)
    return SimpleNamespace(
        province=province,
        xian=xian,
        yanta=yanta,
        bureau=bureau,
        office=office,
        beilin=beilin,
        baoji=baoji,
        weibin=weibin,
    )


def test_tree_path_holds_the_ids_from_the_root(tree):
    ids = [
        tree.province.pk,
        tree.xian.pk,
        tree.yanta.pk,
        tree.bureau.pk,
        tree.office.pk,
    ]

    office = Department.objects.get(pk=tree.office.pk)

    assert office.tree_path == "/" + "/".join(map(str, ids)) + "/"
    assert office.depth == 5


def test_subtree_at_depth_five_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        subtree = list(Department.objects.subtree_of(tree.xian))

    assert names(subtree) == {"西安市", "雁塔区", "教育局", "办公室", "碑林区"}


def test_subtree_of_a_deep_department_excludes_siblings_and_ancestors(tree):
    subtree = Department.objects.subtree_of(tree.bureau)

    assert names(subtree) == {"教育局", "办公室"}


def test_subtree_of_several_departments_is_their_union(tree):
    subtree = Department.objects.subtree_of(tree.yanta, tree.baoji)

    assert names(subtree) == {"雁塔区", "教育局", "办公室", "宝鸡市", "渭滨区"}


def test_subtree_of_nothing_is_empty(tree):
    assert not Department.objects.subtree_of().exists()


def test_subtree_does_not_match_an_id_that_merely_shares_a_digit_prefix():
    # Explicit ids make the paths /700001/ and /7000012/; without the closing
    # separator in the prefix, the second would pass for a child of the first.
    short = Department(pk=700001, name="一号")
    short.save()
    long = Department(pk=7000012, name="十二号")
    long.save()
    child_of_long = DepartmentFactory(name="十二号下属", parent=long)
    child_of_short = DepartmentFactory(name="一号下属", parent=short)
    assert long.tree_path.startswith(short.tree_path.rstrip("/"))

    assert names(Department.objects.subtree_of(short)) == {"一号", "一号下属"}
    assert names(short.descendants(include_self=False)) == {child_of_short.name}
    assert names(Department.objects.subtree_of(long)) == {"十二号", child_of_long.name}


def test_ancestors_run_from_the_root_down_in_one_query(tree, django_assert_num_queries):
    office = Department.objects.get(pk=tree.office.pk)

    with django_assert_num_queries(1):
        ancestors = [department.name for department in office.ancestors()]

    assert ancestors == ["陕西省", "西安市", "雁塔区", "教育局"]
    assert not tree.province.ancestors().exists()


def test_full_name_is_the_path_of_names(tree):
    assert tree.office.full_name() == "陕西省/西安市/雁塔区/教育局/办公室"
    assert tree.province.full_name() == "陕西省"


def test_sibling_departments_cannot_share_a_name(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Department(name="雁塔区", parent=tree.xian).save()


def test_root_departments_cannot_share_a_name(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Department(name="陕西省").save()


def test_departments_under_different_parents_may_share_a_name(tree):
    DepartmentFactory(name="雁塔区", parent=tree.baoji)

    assert Department.objects.filter(name="雁塔区").count() == 2


# visible_to ----------------------------------------------------------------


def hr_officer(*departments):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    for department in departments:
        HRScopeFactory(user=user, department=department)
    return user


@pytest.fixture
def staff(tree):
    """One staff member in each of four departments, by department name."""
    return {
        department.name: StaffMemberFactory(department=department)
        for department in (tree.office, tree.beilin, tree.weibin, tree.province)
    }


def test_superuser_sees_every_department_and_staff_member(tree, staff):
    user = UserFactory(is_superuser=True)

    assert Department.objects.visible_to(user).count() == Department.objects.count()
    assert set(StaffMember.objects.visible_to(user)) == set(staff.values())


def test_administrator_sees_every_department_and_staff_member(tree, staff):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))

    assert Department.objects.visible_to(user).count() == Department.objects.count()
    assert set(StaffMember.objects.visible_to(user)) == set(staff.values())


def test_hr_officer_sees_only_their_subtree(tree, staff):
    user = hr_officer(tree.xian)

    assert names(Department.objects.visible_to(user)) == {
        "西安市",
        "雁塔区",
        "教育局",
        "办公室",
        "碑林区",
    }
    assert set(StaffMember.objects.visible_to(user)) == {
        staff["办公室"],
        staff["碑林区"],
    }


def test_hr_officer_of_one_city_cannot_see_another_city(tree, staff):
    xian_hr = hr_officer(tree.xian)
    baoji_hr = hr_officer(tree.baoji)

    assert not Department.objects.visible_to(xian_hr).filter(pk=tree.weibin.pk)
    assert staff["渭滨区"] not in StaffMember.objects.visible_to(xian_hr)
    assert names(Department.objects.visible_to(baoji_hr)) == {"宝鸡市", "渭滨区"}
    assert list(StaffMember.objects.visible_to(baoji_hr)) == [staff["渭滨区"]]


def test_hr_officer_with_two_scopes_sees_both_subtrees_and_nothing_else(tree, staff):
    user = hr_officer(tree.bureau, tree.baoji)

    assert names(Department.objects.visible_to(user)) == {
        "教育局",
        "办公室",
        "宝鸡市",
        "渭滨区",
    }
    assert set(StaffMember.objects.visible_to(user)) == {
        staff["办公室"],
        staff["渭滨区"],
    }


def test_learner_sees_no_department_and_only_their_own_record(tree, staff):
    learner = staff["碑林区"]
    learner.user.groups.add(Group.objects.get(name=roles.LEARNER))

    assert not Department.objects.visible_to(learner.user).exists()
    assert list(StaffMember.objects.visible_to(learner.user)) == [learner]


def test_inactive_user_sees_nothing(tree, staff):
    inactive_hr = hr_officer(tree.province)
    inactive_hr.is_active = False
    inactive_hr.save()
    inactive_superuser = UserFactory(is_superuser=True, is_active=False)
    inactive_learner = staff["碑林区"].user
    inactive_learner.is_active = False
    inactive_learner.save()

    for user in (inactive_hr, inactive_superuser, inactive_learner):
        assert not Department.objects.visible_to(user).exists()
        assert not StaffMember.objects.visible_to(user).exists()


def test_anonymous_user_sees_nothing(tree, staff):
    assert not Department.objects.visible_to(AnonymousUser()).exists()
    assert not StaffMember.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize("role", ["hr", "learner", "administrator"])
def test_staff_list_for_a_user_is_one_query(
    role, tree, staff, django_assert_num_queries
):
    if role == "hr":
        user = hr_officer(tree.xian, tree.baoji)
    elif role == "learner":
        user = staff["办公室"].user
    else:
        user = UserFactory()
        user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    # Permissions are read once per user object (and so once per request);
    # what must not grow with the organisation is the list query itself.
    user.has_perm("people.view_all_departments")

    with django_assert_num_queries(1):
        listed = list(StaffMember.objects.visible_to(user).select_related("department"))

    assert listed


# annual target -------------------------------------------------------------


def test_annual_target_defaults_to_the_site_setting():
    member = StaffMemberFactory(position=PositionFactory(name="科员"))

    assert member.annual_target_hours() == Decimal("50.0")


def test_annual_target_follows_a_changed_site_setting():
    setting = StudyHourSettings.load()
    setting.annual_target_hours = Decimal("72.5")
    setting.save()
    member = StaffMemberFactory(position=PositionFactory(name="科员"))

    assert member.annual_target_hours() == Decimal("72.5")


def test_position_target_overrides_the_site_setting():
    setting = StudyHourSettings.load()
    setting.annual_target_hours = Decimal("72.5")
    setting.save()
    chief = PositionFactory(name="科长", annual_target_hours=Decimal("90.0"))
    exempt = PositionFactory(name="借调人员", annual_target_hours=Decimal("0"))

    assert StaffMemberFactory(position=chief).annual_target_hours() == Decimal("90.0")
    # Zero is a target of its own, not "unset".
    assert StaffMemberFactory(position=exempt).annual_target_hours() == Decimal("0")


def test_annual_target_uses_a_given_default_without_reading_the_setting(
    django_assert_num_queries,
):
    member = StaffMember.objects.select_related("position").get(
        pk=StaffMemberFactory(position=PositionFactory(name="科员")).pk
    )

    with django_assert_num_queries(0):
        target = member.annual_target_hours(default=Decimal("40.0"))

    assert target == Decimal("40.0")


@pytest.mark.parametrize("name", [".", "..", " .. "])
def test_dot_department_names_are_refused(name):
    from django.core.exceptions import ValidationError

    from people.services import ensure_department

    with pytest.raises(ValidationError):
        Department(name=name).full_clean()
    with pytest.raises(ValidationError):
        ensure_department(path=f"陕西省/{name}")
    assert not Department.objects.filter(name__in=[".", ".."]).exists()


def test_grades_and_positions_show_in_the_readers_language():
    from django.utils import translation

    from people.models import Grade, Position

    position = Position.objects.create(
        name="副处长", name_en="Deputy Division Director"
    )
    unnamed = Position.objects.create(name="文书")
    grade = Grade.objects.get(code="staff-1")
    with translation.override("en"):
        assert (str(position), str(unnamed), str(grade)) == (
            "Deputy Division Director",
            "文书",
            "Level-1 Staff Member",
        )
    with translation.override("zh-hans"):
        assert (str(position), str(grade)) == ("副处长", "一级科员")


def test_a_roster_names_its_new_positions_in_english_where_they_are_known():
    from people.models import Position
    from people.roster import import_roster
    from tests.factories.people import DepartmentFactory, UserFactory

    DepartmentFactory(name="西安市")
    roster = "工号,姓名,部门,职务,职级,在职\nR0200,李雷,西安市,科长,一级科员,是\nR0201,韩梅梅,西安市,文书,一级科员,是\n"
    import_roster(
        content=roster.encode(),
        filename="名单.csv",
        importer=UserFactory(is_superuser=True),
    )
    assert Position.objects.get(name="科长").name_en == "Section Chief"
    assert Position.objects.get(name="文书").name_en == ""
