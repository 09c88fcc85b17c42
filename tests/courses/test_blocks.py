"""Lesson body blocks: their validation rules and what they render."""

import re

import pytest
from django.core.files.base import ContentFile
from django.template import RequestContext, Template
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail_factories import DocumentFactory, ImageFactory

from courses.blocks import CheckBlock, LessonStreamBlock, PackageBlock, VideoBlock
from packages.cmi5_import import import_course
from packages.models import Package
from tests.packages.cmi5_zips import au, block, structure
from tests.packages.zips import tincan_zip

pytestmark = pytest.mark.django_db

EMBED_URL = "https://video.example.test/watch/1"


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings, whatever the catalogues hold.
    with translation.override("en"):
        yield


def _check(*choices, question="发现钓鱼邮件后应当？"):
    return {
        "question": question,
        "choices": [{"text": text, "correct": correct} for text, correct in choices],
        "explanation": "<p>立即报告。</p>",
    }


def _clean(block, raw):
    return block.clean(block.to_python(raw))


def _errors(block, raw) -> dict:
    with pytest.raises(StructBlockValidationError) as raised:
        _clean(block, raw)
    errors = {name: e.messages for name, e in raised.value.block_errors.items()}
    if raised.value.non_block_errors:
        errors["__all__"] = [e.message for e in raised.value.non_block_errors.as_data()]
    return errors


def _render(block, raw, **context) -> str:
    return block.render(block.to_python(raw), context=context)


@pytest.fixture
def video_file():
    return DocumentFactory(title="讲解视频", file__filename="lesson.mp4")


@pytest.fixture
def subtitles():
    return DocumentFactory(
        title="字幕", file__filename="lesson.vtt", file__data=b"WEBVTT\n"
    )


@pytest.fixture
def stored_embed():
    # A stored embed is what Wagtail finds before asking the provider.
    return Embed.objects.create(
        url=EMBED_URL,
        hash=get_embed_hash(EMBED_URL),
        type="video",
        html='<iframe src="https://video.example.test/embed/1"></iframe>',
    )


@pytest.fixture
def package():
    package = Package(
        title="识别钓鱼邮件练习",
        file=ContentFile(tincan_zip().getvalue(), name="phishing.zip"),
    )
    package.save()
    return package


# check -----------------------------------------------------------------------


def test_check_needs_two_choices():
    errors = _errors(CheckBlock(), _check(("报告", True)))
    assert errors == {"choices": ["Give at least two choices."]}


def test_check_needs_a_correct_choice():
    errors = _errors(CheckBlock(), _check(("回复", False), ("转发", False)))
    assert errors == {"choices": ["Mark at least one choice as correct."]}


def test_check_with_two_choices_and_one_correct_is_valid():
    assert _clean(CheckBlock(), _check(("回复", False), ("报告", True)))


def test_check_renders_radios_in_a_fieldset_without_javascript():
    html = _render(
        CheckBlock(), _check(("回复", False), ("报告", True), ("转发", False))
    )
    assert html.count('type="radio"') == 3
    assert "<fieldset" in html and "<legend>" in html
    assert "发现钓鱼邮件后应当？" in html
    assert html.count('class="feedback feedback-correct" hidden') == 1
    assert html.count('class="feedback feedback-wrong" hidden') == 2
    assert "<details" in html and "<summary>Explanation</summary>" in html
    assert "<script" not in html and not re.search(r"\son\w+=", html)
    for input_id in re.findall(r'<input[^>]* id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html


def test_check_all_radios_share_one_group_name():
    html = _render(CheckBlock(), _check(("回复", False), ("报告", True)))
    names = set(re.findall(r'name="([^"]+)"', html))
    assert len(names) == 1


def test_check_with_several_correct_choices_renders_checkboxes():
    html = _render(
        CheckBlock(), _check(("报告", True), ("删除", True), ("回复", False))
    )
    assert html.count('type="checkbox"') == 3
    assert "Select all the answers that apply" in html


def test_check_uses_the_stream_block_id_for_its_ids():
    body = LessonStreamBlock().to_python(
        [
            {"type": "check", "value": _check(("a", True), ("b", False)), "id": "one"},
            {"type": "check", "value": _check(("c", True), ("d", False)), "id": "two"},
        ]
    )
    html = LessonStreamBlock().render(body)
    assert 'id="check-one-1"' in html and 'id="check-two-1"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


# video -----------------------------------------------------------------------


def test_video_needs_a_file_or_an_embed():
    errors = _errors(VideoBlock(), {})
    assert errors == {"__all__": ["Choose either a video file or an embed."]}


def test_video_cannot_have_both_a_file_and_an_embed(video_file, stored_embed):
    raw = {"file": video_file.pk, "embed": EMBED_URL}
    assert "__all__" in _errors(VideoBlock(), raw)


def test_video_file_must_be_mp4_or_webm():
    document = DocumentFactory(file__filename="slides.pdf")
    assert "file" in _errors(VideoBlock(), {"file": document.pk})


def test_video_subtitles_must_be_webvtt(video_file):
    srt = DocumentFactory(file__filename="lesson.srt")
    raw = {"file": video_file.pk, "subtitles": srt.pk}
    assert "subtitles" in _errors(VideoBlock(), raw)


def test_video_subtitles_need_a_language(video_file, subtitles):
    raw = {"file": video_file.pk, "subtitles": subtitles.pk, "subtitles_language": ""}
    assert "subtitles_language" in _errors(VideoBlock(), raw)


def test_embedded_video_cannot_have_subtitles(stored_embed, subtitles):
    raw = {"embed": EMBED_URL, "subtitles": subtitles.pk}
    assert "subtitles" in _errors(VideoBlock(), raw)


def test_embedded_video_is_valid_and_renders_the_embed(stored_embed):
    assert _clean(VideoBlock(), {"embed": EMBED_URL})
    html = _render(VideoBlock(), {"embed": EMBED_URL})
    assert 'src="https://video.example.test/embed/1"' in html
    assert f'href="{EMBED_URL}"' in html


def test_video_file_renders_a_video_element_with_subtitles(video_file, subtitles):
    poster = ImageFactory()
    raw = {
        "file": video_file.pk,
        "poster": poster.pk,
        "subtitles": subtitles.pk,
        "subtitles_language": "zh-hans",
        "caption": "一网通办",
    }
    assert _clean(VideoBlock(), raw)
    html = _render(VideoBlock(), raw)
    assert re.search(
        r'<video controls preload="none" poster="/media/images/[^"]+"', html
    )
    assert f'<source src="{video_file.url}" type="video/mp4">' in html
    assert (
        f'<track kind="subtitles" src="{subtitles.url}" srclang="zh-hans" '
        'label="简体中文" default>'
    ) in html
    assert f'<a href="{video_file.url}">Download the video</a>' in html


# the whole lesson body -------------------------------------------------------


def _one_of_each(video_file, subtitles, package) -> list[dict]:
    image = ImageFactory(title="政务服务大厅")
    document = DocumentFactory(
        title="办事指南", file__filename="guide.pdf", file__data=b"%PDF" * 512
    )
    return [
        {"type": "heading", "value": {"text": "一站式服务", "level": "h2"}},
        {"type": "rich_text", "value": "<h3>背景</h3><p>以群众为中心。</p>"},
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "服务大厅", "caption": "大厅"},
        },
        {"type": "video", "value": {"file": video_file.pk, "subtitles": subtitles.pk}},
        {"type": "document", "value": {"document": document.pk, "description": ""}},
        {
            "type": "callout",
            "value": {"kind": "warning", "title": "", "body": "<p>不要共享密码。</p>"},
        },
        {
            "type": "case_study",
            "value": {
                "title": "营业执照",
                "situation": "<p>三个部门。</p>",
                "question": "如何减少往返？",
                "discussion": "<p>共享数据。</p>",
            },
        },
        {"type": "check", "value": _check(("报告", True), ("回复", False))},
        {"type": "package", "value": {"package": package.pk, "button_label": ""}},
        {
            "type": "cmi5_au",
            "value": {"course": str(_cmi5_course().uuid), "au_index": 0},
        },
    ]


def _cmi5_course():
    xml = structure(block(au("phishing", url="https://au.example.org/phishing")))
    return import_course(xml, "application/xml")


def test_lesson_body_offers_exactly_the_agreed_blocks():
    assert list(LessonStreamBlock().child_blocks) == [
        "rich_text",
        "heading",
        "image",
        "video",
        "document",
        "callout",
        "case_study",
        "check",
        "package",
        "cmi5_au",
    ]


def test_lesson_body_with_one_of_each_block_is_valid_and_renders(
    rf, video_file, subtitles, package
):
    stream = LessonStreamBlock()
    body = stream.clean(stream.to_python(_one_of_each(video_file, subtitles, package)))
    template = Template("{% load wagtailcore_tags %}{% include_block body %}")
    request = rf.get("/learning/lesson/")
    html = template.render(
        RequestContext(request, {"body": body, "package_launch_url": "/launch/"})
    )
    for name in stream.child_blocks:
        assert f"block-{name}" in html
    assert '<h2 class="lesson-heading">一站式服务</h2>' in html
    assert "<h3>背景</h3>" in html
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+" alt="服务大厅"', html)
    assert 'loading="lazy"' in html
    assert "<video controls" in html
    assert "办事指南</a>" in html and "(PDF, 2.0\xa0KB)" in html
    assert '<aside class="callout callout-warning" role="note"' in html
    assert 'aria-label="Warning"' in html
    assert "<details>\n    <summary>Discussion</summary>" in html
    assert 'type="radio"' in html
    assert '<form method="post" action="/launch/" target="_blank"' in html
    assert f'name="package" value="{package.uuid}"' in html
    assert "<h2>phishing</h2>" in html  # the cmi5 AU's title
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<script" not in html


def test_package_block_without_a_launch_url_says_where_to_open_it(package):
    html = _render(PackageBlock(), {"package": package.pk, "button_label": "开始练习"})
    assert "识别钓鱼邮件练习" in html
    assert "<form" not in html
    assert "can be opened from the lesson page" in html


def test_package_block_uses_its_button_label(package):
    raw = {"package": package.pk, "button_label": "开始练习"}
    html = _render(PackageBlock(), raw, package_launch_url="/launch/")
    assert '<button type="submit">开始练习</button>' in html


def test_stylesheet_reveals_feedback_by_css_and_stays_small():
    from django.contrib.staticfiles import finders

    with open(finders.find("courses/blocks.css"), "rb") as stylesheet:
        css = stylesheet.read()
    assert b"input:checked ~ label .feedback" in css
    assert len(css) < 4096
