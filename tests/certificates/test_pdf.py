"""The certificate PDF as a reader sees it: its text, fonts, QR code and metadata."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from certificates.rendering import certificate_html, render_pdf
from certificates.rendering.pdf import CertificateFetcher

from . import pdftools
from .conftest import VERIFY_URL

pytestmark = pytest.mark.django_db

RARE = "𠈌"  # U+2020C, Extension B: outside GB 2312, in the full Noto Serif CJK
RAREST = "𠀀"  # U+20000: not in Noto Serif CJK at all, in Hanazono Mincho B


def test_the_pdf_shows_name_course_serial_and_the_other_languages_title(
    snapshot, zh_template
):
    pdf = render_pdf(snapshot, zh_template, VERIFY_URL)

    text = pdftools.raw_text(pdf)
    assert "张晓明" in text
    assert "《“互联网+政务服务”概论》" in text
    assert "2026-000123" in text
    assert "D0001" in text
    assert "2026年12月1日" in text and "2028年12月1日" in text
    assert "IntroductiontoInternet+GovernmentServices" in text


def test_an_english_template_leads_with_the_english_title_and_english_dates(
    snapshot, en_template
):
    pdf = render_pdf(snapshot, en_template, VERIFY_URL)

    text = pdftools.text(pdf)
    assert "has completed the course Introduction to Internet + Government" in text
    assert "on 1 December 2026" in text
    assert "“互联网+政务服务”概论" in text
    assert text.index("Introduction to Internet") < text.index("互联网+政务服务")


def test_every_font_is_embedded_as_a_subset(snapshot, zh_template):
    fonts = pdftools.fonts(render_pdf(snapshot, zh_template, VERIFY_URL))

    assert {f["name"].split("+", 1)[1] for f in fonts} == {
        "Certificate-Serif",
        "Certificate-Serif-Bold",
    }
    for font in fonts:
        assert re.fullmatch(r"[A-Z]{6}\+[\w-]+", font["name"])
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes")


@pytest.mark.parametrize("character", [RARE, RAREST])
def test_a_rare_character_in_a_name_renders_from_a_full_font(
    snapshot, zh_template, character
):
    snapshot["holder_name"] = f"张{character}明"

    pdf = render_pdf(snapshot, zh_template, VERIFY_URL)

    assert f"张{character}明" in pdftools.raw_text(pdf)
    assert pdftools.drawn_characters(pdf)[ord(character)] is True
    rare = [f for f in pdftools.fonts(pdf) if "Certificate-Rare" in f["name"]]
    assert rare and all((f["emb"], f["sub"]) == ("yes", "yes") for f in rare)
    assert len(pdf) < 150_000


def test_a_character_no_installed_font_has_is_seen_as_not_drawn(snapshot, zh_template):
    # The check above can fail: U+3134A (Extension G) is in no font the
    # set-up installs, so it is set as a box, and the test tools see that.
    snapshot["holder_name"] = "张\U0003134a明"

    drawn = pdftools.drawn_characters(render_pdf(snapshot, zh_template, VERIFY_URL))

    assert drawn[ord("张")] is True
    assert drawn.get(0x3134A, False) is False


def test_a_certificate_is_well_under_150_kb(snapshot, zh_template, en_template):
    for template in (zh_template, en_template):
        assert len(render_pdf(snapshot, template, VERIFY_URL)) < 150_000


def test_the_qr_code_decodes_to_the_verification_url(snapshot, zh_template):
    pdf = render_pdf(snapshot, zh_template, VERIFY_URL)

    assert pdftools.qr_codes(pdf) == [VERIFY_URL]
    assert VERIFY_URL in pdftools.raw_text(pdf)


def page_size(info: dict) -> tuple[float, float]:
    width, _x, height = info["Page size"].split()[:3]
    return round(float(width), 2), round(float(height), 2)


def test_the_pdf_carries_title_and_author(snapshot, zh_template):
    info = pdftools.info(render_pdf(snapshot, zh_template, VERIFY_URL))

    assert info["Title"] == "结业证书 2026-000123"
    assert info["Author"] == "中共西安市委党校"
    assert info["Pages"] == "1"
    assert page_size(info) == (841.89, 595.28)  # A4 landscape, in points


def test_a_portrait_template_makes_a_portrait_page(snapshot, zh_template):
    zh_template.orientation = "portrait"

    info = pdftools.info(render_pdf(snapshot, zh_template, VERIFY_URL))

    assert page_size(info) == (595.28, 841.89)
    assert info["Pages"] == "1"


def test_without_an_issuer_in_the_snapshot_the_templates_organisation_signs(
    snapshot, zh_template, settings
):
    snapshot["issuer_name"] = ""
    zh_template.issuing_organisation = "陕西省人力资源和社会保障厅"

    pdf = render_pdf(snapshot, zh_template, VERIFY_URL)

    assert pdftools.info(pdf)["Author"] == "陕西省人力资源和社会保障厅"


def test_no_score_means_no_score_line(snapshot, zh_template):
    snapshot["score"] = None
    snapshot["expires_on"] = None
    zh_template.body = "{name} 成绩 {score}"

    with_score_line = pdftools.raw_text(render_pdf(snapshot, zh_template, VERIFY_URL))

    assert "张晓明成绩—" in with_score_line
    assert "2028" not in with_score_line


def test_the_self_contained_html_is_the_same_page(snapshot, zh_template):
    from weasyprint import HTML

    html = certificate_html(snapshot, zh_template, VERIFY_URL)
    pdf = HTML(string=html).write_pdf()

    assert "@font-face" in html
    assert pdftools.raw_text(pdf) == pdftools.raw_text(
        render_pdf(snapshot, zh_template, VERIFY_URL)
    )


def test_the_template_text_is_escaped(snapshot, zh_template):
    snapshot["holder_name"] = '<img src="http://example.com/x.png">张'

    pdf = render_pdf(snapshot, zh_template, VERIFY_URL)

    assert '<imgsrc="http://example.com/x.png">张' in pdftools.raw_text(pdf)


@pytest.mark.parametrize(
    "url",
    ["http://example.com/seal.png", "file:///etc/passwd", "ftp://example.com/x"],
)
def test_the_renderer_fetches_nothing_from_outside(url):
    with pytest.raises(ValueError):
        CertificateFetcher().fetch(url)


def test_the_templates_seal_signature_and_background_images_are_drawn(
    snapshot, zh_template
):
    from wagtail_factories import ImageFactory

    drawn = render_pdf(snapshot, zh_template, VERIFY_URL)
    zh_template.seal_image = ImageFactory(file__width=300, file__height=300)
    zh_template.signature_image = ImageFactory(file__width=400, file__height=120)
    zh_template.background_image = ImageFactory(file__width=640, file__height=452)
    zh_template.save()

    pdf = render_pdf(snapshot, zh_template, VERIFY_URL)

    sizes = {(image["width"], image["height"]) for image in pdftools.images(pdf)}
    assert {(300, 300), (400, 120), (640, 452)} <= sizes
    # The drawn seal (vector, with its label) gives way to the image.
    with translation.override("zh-hans"):
        label = "".join(gettext("Training seal").split())
    assert label in pdftools.raw_text(drawn)
    assert label not in pdftools.raw_text(pdf)
    assert pdftools.qr_codes(pdf) == [VERIFY_URL]
