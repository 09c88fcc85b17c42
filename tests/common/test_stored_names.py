"""Role groups' names read in the reader's language, stored as the message."""

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.utils import translation

from people import roles

pytestmark = pytest.mark.django_db


def shown(value) -> str:
    return Template("{{ value }}").render(Context({"value": value}))


def test_a_role_group_shows_its_name_translated_and_keeps_its_stored_name():
    group = Group.objects.get(name=roles.HR_OFFICER)
    with translation.override("zh-hans"):
        chinese = shown(group)
        assert chinese != "HR officer" and "HR" not in chinese
        group.name = chinese  # as the admin's group form posts it back
        group.save()
    assert Group.objects.filter(name=roles.HR_OFFICER).exists()
    with translation.override("en"):
        assert shown(Group.objects.get(pk=group.pk)) == "HR officer"


def test_a_group_an_administrator_named_stays_as_named():
    Group.objects.create(name="培训专员")
    with translation.override("en"):
        assert shown(Group.objects.get(name="培训专员")) == "培训专员"
