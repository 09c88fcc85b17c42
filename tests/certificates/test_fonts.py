"""The certificate's fonts: the GB 2312 cut and the small faces for rare characters."""

import xml.etree.ElementTree as ElementTree

from fontTools.ttLib import TTFont

from certificates.rendering import fonts
from certificates.rendering.context import course_titles, format_date
from certificates.rendering.seal import seal_svg


def test_the_cut_holds_gb2312_and_the_latin_and_punctuation_a_certificate_uses():
    characters = fonts.gb2312_characters()

    hanzi = [c for c in characters if 0x4E00 <= c <= 0x9FFF]
    assert len(hanzi) == 6763  # GB 2312's two levels
    assert {ord(c) for c in "张晓明〇：《》“”·—abcXYZ0123é"} <= characters
    assert ord("𠈌") not in characters


def test_only_characters_outside_the_cut_need_a_rare_face():
    assert fonts.outside_cut("张晓明，Zhang Xiaoming（D0001）") == ""
    # 堃 is common in names yet not in GB 2312; 𠈌 is in Extension B.
    assert fonts.outside_cut("张𠈌明 𠈌 王堃 堃") == "𠈌堃"
    assert fonts.rare_faces("张晓明") == ()


def test_a_rare_face_is_tiny_and_comes_from_the_first_full_font_that_has_it():
    noto_only, hanazono_only = "𠈌", "𠀀"

    faces = fonts.rare_faces(f"张{noto_only}{hanazono_only}明")

    by_character = {}
    for face in faces:
        font = TTFont(face.path)
        assert face.path.stat().st_size < 20_000
        for codepoint in font.getBestCmap():
            by_character.setdefault(chr(codepoint), set()).add(face.family)
    assert set(by_character) == {noto_only, hanazono_only}
    assert by_character[noto_only] != by_character[hanazono_only]
    assert {face.weight for face in faces} == {"normal", "bold"}


def test_the_font_list_ends_with_the_full_fonts():
    families = fonts.families()

    assert families.startswith("'Certificate Serif', 'Noto Serif CJK SC', 'HanaMinA'")
    assert families.endswith(", serif")


def test_dates_are_written_as_each_language_writes_them():
    assert format_date("2026-12-01", "zh-hans") == "2026年12月1日"
    assert format_date("2026-12-01", "en") == "1 December 2026"
    assert format_date(None, "en") == ""


def test_the_templates_language_leads_and_the_other_title_follows():
    snapshot = {"course_title": {"zh-hans": "信息安全", "en": "Information security"}}

    assert course_titles(snapshot, "en") == ("Information security", "信息安全")
    assert course_titles(snapshot, "zh-hans") == ("信息安全", "Information security")
    assert course_titles({"course_title": {"zh-hans": "信息安全"}}, "en") == (
        "信息安全",
        "",
    )


def test_the_drawn_seal_sets_each_character_of_the_organisation_on_its_ring():
    svg = seal_svg("中共西安市委党校", "培训专用章", fonts.families())

    root = ElementTree.fromstring(svg)
    texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == [*"中共西安市委党校", "培训专用章"]


def test_the_seal_escapes_what_it_is_given():
    svg = seal_svg("<b>&", "章", "'A'")

    ElementTree.fromstring(svg)
    assert "<b>" not in svg
