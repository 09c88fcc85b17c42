"""The security-relevant actions of issue 11 land in the audit log, with their actor."""

from datetime import date, timedelta

import pytest

from assessments.models import AttemptGrant
from audit.actions import Action
from audit.models import AuditEntry
from courses import services as courses
from people import roles
from people.models import HRScope
from people.roster import import_roster
from people.services import grant_hr_scope, grant_role
from tests.factories.courses import make_course
from tests.factories.people import DepartmentFactory, StaffMemberFactory, UserFactory
from xapi.auth import create_client, create_launch_credential

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_role_and_scope_changes_are_logged():
    user = UserFactory(username="wang-hr")
    city = DepartmentFactory(name="西安市")
    grant_role(user=user, role=roles.HR_OFFICER)
    grant_role(user=user, role=roles.LEARNER)
    grant_hr_scope(user=user, department=city)
    user.groups.remove(*user.groups.filter(name=roles.HR_OFFICER))
    HRScope.objects.filter(user=user).delete()

    granted = entries(Action.ROLE_GRANTED)
    assert [entry.details["role"] for entry in granted] == [roles.HR_OFFICER]
    assert granted[0].target_label.startswith("wang-hr")
    assert len(entries(Action.ROLE_REVOKED)) == 1
    assert [entry.scope for entry in entries(Action.SCOPE_GRANTED)] == ["西安市"]
    assert len(entries(Action.SCOPE_REVOKED)) == 1


def test_a_role_granted_in_the_admin_names_the_administrator(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    target = UserFactory(username="li")
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=roles.TRAINER)
    from audit.context import _acting

    token = _acting.set((admin, "10.1.2.3"))
    try:
        target.groups.add(group)
    finally:
        _acting.reset(token)
    entry = AuditEntry.objects.get(action=Action.ROLE_GRANTED)
    assert entry.actor_id == admin.pk and entry.address == "10.1.2.3"


def test_a_roster_import_is_logged_with_its_importer_and_counts():
    admin = UserFactory(username="root", is_superuser=True)
    DepartmentFactory(name="陕西省")
    csv = "工号,姓名,部门,职务,职级\nSX0001,张伟,陕西省,科员,一级科员\n".encode()
    import_roster(content=csv, filename="roster.csv", importer=admin)
    import_roster(content=csv, filename="roster.csv", importer=admin, dry_run=True)

    (entry,) = entries(Action.ROSTER_IMPORTED)
    assert entry.actor_id == admin.pk
    assert entry.details["created"] == 1 and entry.target_label == "roster.csv"


def test_assignments_and_extra_attempts_are_logged():
    hr = UserFactory(username="hr")
    city = DepartmentFactory(name="西安市")
    StaffMemberFactory(department=city)
    course = make_course(lessons=1)
    assignment, _count = courses.create_assignment(
        created_by=hr,
        due_date=date.today() + timedelta(days=30),
        course=course,
        department=city,
    )
    assignment.due_date += timedelta(days=7)
    assignment.save()
    created = entries(Action.ASSIGNMENT_CREATED)
    assert len(created) == 1 and created[0].actor_id == hr.pk
    assert created[0].scope == "西安市"
    assert len(entries(Action.ASSIGNMENT_CHANGED)) == 1

    from tests.factories.assessments import make_exam

    exam = make_exam(course)
    learner = UserFactory(username="learner")
    AttemptGrant.objects.create(
        assessment=exam, user=learner, granted_by=hr, reason="网络中断"
    )
    (grant,) = entries(Action.ATTEMPT_GRANTED)
    assert grant.actor_id == hr.pk and grant.details["reason"] == "网络中断"


def test_lrs_client_changes_are_logged_without_secrets_and_launches_are_not():
    credentials = create_client(name="national platform", scopes=["all"])
    create_launch_credential(
        agent={"account": {"homePage": "http://x", "name": "D0001"}},
        activity_id="http://example.com/a",
        minutes=10,
        name="launch",
    )
    (entry,) = entries(Action.LRS_CLIENT_CREATED)
    assert entry.target_label == "national platform"
    assert credentials.secret not in str(entry.details)
    assert credentials.secret not in entry.target_label
