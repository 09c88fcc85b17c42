import factory
from django.contrib.auth import get_user_model

from people.models import Department, Grade, HRScope, Position, StaffMember


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"部门{n}")
    parent = None


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("name",)

    name = "科员"


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    user = factory.SubFactory(
        UserFactory, username=factory.SelfAttribute("..employee_id")
    )
    name = factory.Sequence(lambda n: f"学员{n}")
    department = factory.SubFactory(DepartmentFactory)
    position = factory.SubFactory(PositionFactory)
    grade = factory.LazyFunction(lambda: Grade.objects.get(code="staff-1"))


class HRScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HRScope

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
