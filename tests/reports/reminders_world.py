"""A small organisation for the reminder tests: two cities, three officers, learners.

西安市 (with 雁塔区 under it) and 宝鸡市 under 陕西省. 张晓明 (zh-hans, the
site's default) and Li Ming (who chose English) work in 西安市; 王宝 in 宝鸡市.
Officers: 西安市's, 宝鸡市's, and the province's (whose scope holds both).
One course, in Chinese and English, assigned to 西安市 and 宝鸡市 due DUE.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group

from courses import services as courses
from people import roles
from people.services import ensure_department, grant_hr_scope
from reports.models import ReminderPreferences
from tests.factories.courses import make_course, translate
from tests.factories.people import StaffMemberFactory

DUE = date(2026, 6, 30)
ZH_TITLE, EN_TITLE = "网上政务服务概论", "Introduction to online government services"


@dataclass
class World:
    xian: object
    yanta: object
    baoji: object
    zh: object  # users
    en: object
    bj: object
    hr_xian: object
    hr_baoji: object
    hr_province: object
    course: object


def person(employee_id, name, department, email, language=None):
    user = StaffMemberFactory(
        employee_id=employee_id, name=name, department=department
    ).user
    user.email = email
    user.save()
    if language:
        ReminderPreferences.objects.create(user=user, language=language)
    return user


def officer(employee_id, scope, language=None):
    # Officers work in the province's HR office: no training is assigned there.
    department = ensure_department(path="陕西省/人事处")
    user = person(
        employee_id, f"人事{employee_id}", department, f"{employee_id}@hr.example.org"
    )
    user.groups.add(Group.objects.get(name=roles.HR_OFFICER))
    grant_hr_scope(user=user, department=scope)
    if language:
        ReminderPreferences.objects.create(user=user, language=language)
    return user


def build_world() -> World:
    yanta = ensure_department(path="陕西省/西安市/雁塔区")
    xian = yanta.parent
    baoji = ensure_department(path="陕西省/宝鸡市")
    world = World(
        xian=xian,
        yanta=yanta,
        baoji=baoji,
        zh=person("XA1001", "张晓明", yanta, "zh@example.org"),
        en=person("XA1002", "Li Ming", xian, "en@example.org", "en"),
        bj=person("BJ1003", "王宝", baoji, "bj@example.org"),
        hr_xian=officer("HRXA01", xian),
        hr_baoji=officer("HRBJ01", baoji),
        hr_province=officer("HRSX01", xian.parent, "en"),
        course=make_course(ZH_TITLE, lessons=1),
    )
    translate(world.course, "en", EN_TITLE)
    for department in (xian, baoji):
        courses.create_assignment(
            created_by=world.hr_province,
            due_date=DUE,
            course=world.course,
            department=department,
            include_subdepartments=True,
        )
    return world
