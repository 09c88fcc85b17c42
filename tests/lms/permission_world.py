"""The small organisation the permission matrix calls every URL in.

Two cities, an HR officer for each, a learner with a course, an exam attempt
and an enrolment, another learner (of the other city) with the same, roster
imports of both officers, assignments, Wagtail history of staff edits, and one
object of every kind the admin lists, so that each URL gets a real id. Staff
names and employee IDs are distinctive (``XA5…`` / ``BJ5…``), so that a body
naming someone out of scope is found by a plain substring search.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Collection, Locale, Site, Task, Workflow
from wagtail_factories import DocumentFactory, ImageFactory

from assessments import services as assessments
from assessments.models import AttemptGrant
from courses import services as courses
from courses.models import Programme
from packages.models import Package
from people import roles
from people.models import HRScope, RosterImport, StaffMember, StudyHourSettings
from people.services import ensure_department, grant_hr_scope, grant_role
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course
from tests.factories.people import PositionFactory, StaffMemberFactory, UserFactory
from tests.packages.zips import tincan_zip
from xapi.auth import create_client

ROLES = ("anon", "learner", "trainer", "reviewer", "hr_in", "hr_out", "admin")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)

    def hidden_from(self, role: str) -> list[str]:
        """Names and employee IDs of the staff ``role`` may not see.

        Everybody sees their own record and HR officers the staff in their
        scope (``StaffMember.objects.visible_to``). Trainers and reviewers
        also see each other (as authors of what they edit together) and the
        learners they granted an extra attempt to.
        """
        user = self.users.get(role)
        staff = StaffMember.objects.all()
        if user is not None:
            staff = staff.exclude(pk__in=StaffMember.objects.visible_to(user))
        if role in ("trainer", "reviewer"):
            staff = staff.exclude(
                user__groups__name__in=[roles.TRAINER, roles.REVIEWER]
            ).exclude(user__in=AttemptGrant.objects.values("user"))
        names = staff.values_list("name", "employee_id")
        return [text for pair in names for text in pair]


def _staff(employee_id, name, department, role=None, scope=None):
    user = StaffMemberFactory(
        employee_id=employee_id, name=name, department=department
    ).user
    user.first_name = name
    user.save()
    grant_role(user=user, role=roles.LEARNER)
    if role:
        grant_role(user=user, role=role)
    if scope:
        grant_hr_scope(user=user, department=scope)
    return user


def _people(world: World) -> None:
    xian = ensure_department(path="陕西省/西安市/雁塔区")
    baoji = ensure_department(path="陕西省/宝鸡市")
    school = ensure_department(path="陕西省/陕西省委党校")
    users = world.users
    users["learner"] = _staff("XA500001", "西安学员甲", xian)
    users["other"] = _staff("BJ500002", "宝鸡学员乙", baoji)
    _staff("XA500003", "西安职员丙", xian)
    _staff("BJ500004", "宝鸡职员丁", baoji)
    users["trainer"] = _staff("SX500005", "党校讲师戊", school, roles.TRAINER)
    users["reviewer"] = _staff("SX500006", "党校审核己", school, roles.REVIEWER)
    users["hr_in"] = _staff(
        "XA500007", "西安人事庚", xian.parent, roles.HR_OFFICER, xian.parent
    )
    users["hr_out"] = _staff("BJ500008", "宝鸡人事辛", baoji, roles.HR_OFFICER, baoji)
    admin = UserFactory(username="matrix-admin", is_staff=True)
    grant_role(user=admin, role=roles.ADMINISTRATOR)
    users["admin"] = admin
    world.ids.update(
        department=xian.pk,
        staff=users["learner"].staff.pk,
        other_staff=users["other"].staff.pk,
        hrscope=HRScope.objects.get(user=users["hr_in"]).pk,
        position=PositionFactory().pk,
        grade=users["learner"].staff.grade_id,
        user=users["learner"].pk,
        group=Group.objects.get(name=roles.LEARNER).pk,
    )


def _learning(world: World) -> None:
    course = make_course("矩阵课程", lessons=2)
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    ids, users = world.ids, world.users
    for role in ("learner", "other"):
        courses.start_course(user=users[role], course=course)
        ids[f"{role}_attempt"] = assessments.start_attempt(
            user=users[role], assessment=exam
        ).pk
    lesson = course.lessons().first()
    ids.update(
        course=course.pk,
        lesson=lesson.pk,
        exam=exam.pk,
        revision=course.save_revision(user=users["trainer"]).pk,
        bank=exam.draw_rules.first().bank_id,
        question=exam.draw_rules.first().bank.questions.first().pk,
        home=course.get_parent().get_parent().pk,
    )
    world.paths.update(course_url=course.url, lesson_url=lesson.url)
    assessments.grant_attempt(
        assessment=exam, user=users["other"], granted_by=users["trainer"], reason="补考"
    )
    programme = Programme(name="矩阵培训计划")
    programme.course_links.create(course=course)
    programme.save()
    ids["programme"] = programme.pk
    for role in ("hr_in", "hr_out"):
        officer = users[role]
        courses.create_assignment(
            created_by=officer,
            due_date=date(2030, 1, 1),
            course=course,
            department=officer.hr_scopes.get().department,
            include_subdepartments=True,
        )


def _admin_objects(world: World) -> None:
    ids, users = world.ids, world.users
    for role in ("hr_in", "hr_out"):
        ids[f"{role}_import"] = RosterImport.objects.create(
            uploaded_by=users[role],
            original_name=f"{role}.csv",
            content=b"",
            deactivate_missing=False,
            status=RosterImport.Status.PREVIEWED,
        ).pk
    package = Package(
        title="矩阵学习包", file=ContentFile(tincan_zip().getvalue(), "p.zip")
    )
    package.full_clean()
    package.save()
    image = ImageFactory(file__filename="matrix.png")
    ids.update(
        package=package.pk,
        image=image.pk,
        document=DocumentFactory(file=ContentFile(b"%PDF-1.4", "m.pdf")).pk,
        client=create_client(name="矩阵客户端", scopes=["statements/read"]).client.pk,
        site=Site.objects.get(is_default_site=True).pk,
        # A generic setting's edit URL names its row, which load() makes.
        study_hour_settings=StudyHourSettings.load().pk,
        locale=Locale.objects.get(language_code="zh-hans").pk,
        collection=Collection.get_first_root_node().add_child(name="矩阵").pk,
        redirect=Redirect.objects.create(old_path="/old", redirect_link="/").pk,
        workflow=Workflow.objects.first().pk,
        task=Task.objects.first().pk,
    )
    ids["editing_session"] = EditingSession.objects.create(
        user=users["hr_in"],
        content_type=ContentType.objects.get_for_model(StaffMember),
        object_id=str(ids["staff"]),
        last_seen_at=timezone.now(),
    ).pk
    # Wagtail's history of staff edits, as the staff admin writes it.
    log(users["learner"].staff, "wagtail.edit", user=users["hr_in"])
    log(users["other"].staff, "wagtail.edit", user=users["hr_out"])


def _certificates(world: World) -> None:
    from certificates import codes
    from certificates.archives import build_archive
    from certificates.default_templates import ensure_default_templates
    from certificates.models import (
        Certificate,
        CertificateArchive,
        CertificateTemplate,
    )
    from certificates.services import rendering_deferred

    ids, users = world.ids, world.users
    course = make_course("矩阵证书课程", lessons=1, completion_rule="lessons")
    with rendering_deferred():
        for role in ("learner", "other"):
            courses.start_course(user=users[role], course=course)
            courses.complete_lesson(user=users[role], lesson=course.lessons().first())
    for role in ("learner", "other"):
        certificate = Certificate.objects.get(holder=users[role])
        ids[f"{role}_certificate"] = certificate.serial
        ids[f"{role}_certificate_code"] = codes.unseal(certificate.code_sealed)
    archive = CertificateArchive.objects.create(
        requested_by=users["hr_in"],
        department=users["hr_in"].hr_scopes.get().department,
        issued_from=date(2020, 1, 1),
        issued_to=date(2030, 1, 1),
    )
    build_archive(archive.pk)
    ids["archive"] = archive.pk
    ensure_default_templates()  # made already by the first issue; idempotent
    ids["template"] = CertificateTemplate.objects.default_for("zh-hans").pk


def _ledger(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledger import services as ledger
    from ledger.models import OfflineClass, StudyHourEntry, StudyPolicy

    ids, users = world.ids, world.users
    for role in ("learner", "other"):
        ids[f"{role}_claim"] = ledger.submit_claim(
            user=users[role],
            title="矩阵外部培训",
            organiser="省委党校",
            finished_on=date(2026, 3, 1),
            hours=4,
            evidence=SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n%%EOF\n"),
        ).pk
    for key, role in (("xian_class", "hr_in"), ("baoji_class", "hr_out")):
        ids[key] = OfflineClass.objects.create(
            title="矩阵培训班",
            organiser="组织部",
            department=users[role].hr_scopes.get().department,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 4, 2),
            days=2,
        ).pk
    policy = StudyPolicy.objects.create(year=2026)
    ids["policy"] = policy.pk
    for role in ("learner", "other"):
        ids[f"{role}_entry"] = StudyHourEntry.objects.filter(user=users[role])[0].pk
    ids["policy_revision"] = policy.save_revision(user=users["admin"]).pk


def _reports(world: World) -> None:
    # reports-core: a year's rating thresholds, for the admin's URLs.
    from reports.models import RatingPolicy

    rating = RatingPolicy.objects.create(year=2026)
    world.ids["rating_policy"] = rating.pk


def build_world() -> World:
    world = World()
    _people(world)
    _learning(world)
    _admin_objects(world)
    _certificates(world)
    _ledger(world)
    _reports(world)
    return world
