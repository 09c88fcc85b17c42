"""Certificate templates: validation, one default per language, the shipped ones, the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from certificates.default_templates import ensure_default_templates
from certificates.models import CertificateTemplate
from people import roles
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # Validation messages are checked in English; the site's default is Chinese.
    with translation.override("en"):
        yield


def template(**fields) -> CertificateTemplate:
    values = {
        "name": "模板",
        "language": "zh-hans",
        "title": "结业证书",
        "body": "{name}",
    }
    return CertificateTemplate(**(values | fields))


def test_a_body_with_an_unknown_placeholder_is_refused_on_the_body_field():
    with pytest.raises(ValidationError) as error:
        template(body="{name} 同志完成《{coures}》").full_clean()

    assert list(error.value.message_dict) == ["body"]
    assert "Unknown placeholder: {coures}." in error.value.message_dict["body"][0]


def test_a_body_with_unmatched_braces_is_refused():
    with pytest.raises(ValidationError) as error:
        template(body="{name 同志").full_clean()

    assert "braces do not match" in error.value.message_dict["body"][0]


def test_code_cannot_save_a_body_the_renderer_could_not_fill():
    with pytest.raises(ValidationError, match="Unknown placeholder"):
        template(body="{holder}").save()

    assert not CertificateTemplate.objects.exists()


def test_saving_a_new_default_replaces_the_languages_previous_one():
    first = template(name="甲", is_default=True)
    first.save()
    english = template(name="English", language="en", is_default=True)
    english.save()

    second = template(name="乙", is_default=True)
    second.save()

    first.refresh_from_db()
    english.refresh_from_db()
    assert (first.is_default, second.is_default, english.is_default) == (
        False,
        True,
        True,
    )
    assert CertificateTemplate.objects.default_for("zh-hans") == second


def test_the_database_refuses_a_second_default_in_one_language():
    template(name="甲", is_default=True).save()
    other = template(name="乙")
    other.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateTemplate.objects.filter(pk=other.pk).update(is_default=True)


def test_ensure_default_templates_ships_one_default_per_language_once():
    created = ensure_default_templates()
    again = ensure_default_templates()

    assert sorted(t.language for t in created) == ["en", "zh-hans"]
    assert again == []
    defaults = CertificateTemplate.objects.filter(is_default=True)
    assert sorted(defaults.values_list("language", flat=True)) == ["en", "zh-hans"]
    chinese = defaults.get(language="zh-hans")
    assert (chinese.title, chinese.orientation) == ("结业证书", "landscape")
    for shipped in defaults:
        shipped.full_clean()


def test_ensure_default_templates_keeps_a_trainers_choice_and_edits():
    ensure_default_templates()
    chinese = CertificateTemplate.objects.default_for("zh-hans")
    chinese.title = "培训结业证书"
    chinese.save()
    own = template(name="本单位模板", is_default=True)
    own.save()

    assert ensure_default_templates() == []
    assert CertificateTemplate.objects.default_for("zh-hans") == own
    chinese.refresh_from_db()
    assert chinese.title == "培训结业证书"


def test_a_language_left_without_a_default_gets_the_shipped_one_back():
    ensure_default_templates()
    CertificateTemplate.objects.filter(language="en").update(is_default=False)

    assert ensure_default_templates() == []
    assert CertificateTemplate.objects.default_for("en").name == (
        "Standard certificate (English)"
    )
    assert CertificateTemplate.objects.filter(language="en").count() == 1


@pytest.fixture
def trainer(client):
    user = UserFactory(username="trainer")
    user.groups.add(Group.objects.get(name=roles.TRAINER))
    client.force_login(user)
    return user


def form_data(**fields):
    data = {
        "name": "党校证书",
        "language": "zh-hans",
        "title": "结业证书",
        "body": "{name} 同志完成《{course}》。",
        "issuing_organisation": "中共西安市委党校",
        "signatory_name": "",
        "signatory_title": "",
        "orientation": "landscape",
    }
    return data | fields


def test_a_trainer_adds_a_template_in_the_admin(client, trainer):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    assert client.get(url).status_code == 200

    response = client.post(url, form_data(is_default="on"))

    assert response.status_code == 302
    saved = CertificateTemplate.objects.get()
    assert (saved.name, saved.is_default) == ("党校证书", True)


def test_the_admin_shows_a_bad_placeholder_on_the_body(client, trainer):
    response = client.post(
        reverse("wagtailsnippets_certificates_certificatetemplate:add"),
        form_data(body="{name} 同志完成《{课程}》。"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["body"]
    # Named in the message, in the admin's language (Chinese by default).
    assert "{课程}" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_the_templates_are_in_the_trainers_admin_menu(client, trainer):
    response = client.get(reverse("wagtailadmin_home"))

    assert '"name": "certificate_templates"' in response.content.decode()


def test_a_learner_cannot_open_the_templates(client):
    client.force_login(UserFactory(username="learner"))

    response = client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:list")
    )

    assert response.status_code in (302, 403)


def test_the_trainer_finds_a_template_by_its_name(client, trainer):
    ensure_default_templates()

    response = client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:list"),
        {"q": "English"},
    )

    assert response.status_code == 200
    assert "Standard certificate (English)" in response.content.decode()
    assert "标准结业证书" not in response.content.decode()


def test_the_trainer_previews_the_pdf_of_a_sample_certificate(client, trainer):
    from . import pdftools

    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_add")
    posted = client.post(url, form_data(title="培训合格证书"))
    response = client.get(url)

    assert posted.json()["is_valid"] is True
    assert response["Content-Type"] == "application/pdf"
    text = pdftools.raw_text(response.content)
    assert "培训合格证书" in text and "张晓明" in text
    assert pdftools.info(response.content)["Author"] == "中共西安市委党校"


def test_a_template_with_a_bad_placeholder_has_no_preview(client, trainer):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_add")

    posted = client.post(url, form_data(body="{姓名}"))

    assert posted.json()["is_valid"] is False
