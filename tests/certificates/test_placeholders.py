"""The placeholders of a template's body: what is accepted, refused, filled in."""

import pytest
from django.utils import translation

from certificates.placeholders import PlaceholderError, fill_html, parse


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are checked in English; the site's default is Chinese.
    with translation.override("en"):
        yield


def test_known_placeholders_and_doubled_braces_are_accepted():
    parts = parse("{name} 同志于 {date} 完成《{course}》，{{备注}}")

    assert [field for _literal, field in parts if field] == ["name", "date", "course"]
    assert "".join(literal for literal, _field in parts).endswith("，{备注}")


@pytest.mark.parametrize(
    "text",
    ["{name 同志", "name} 同志", "{{name} 同志", "{name}} 同志", "同志 {"],
)
def test_unmatched_braces_are_refused_with_a_message_that_says_how(text):
    with pytest.raises(PlaceholderError) as error:
        parse(text)

    assert "braces do not match" in str(error.value)
    assert "{{" in str(error.value)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{nmae} 同志", "{nmae}"),
        ("{} 同志", "{}"),
        ("{name.__class__}", "{name.__class__}"),
        ("{name[0]}", "{name[0]}"),
        ("{name!r}", "{name!r}"),
        ("{score:>5}", "{score:>5}"),
    ],
)
def test_anything_but_a_plain_known_name_is_an_unknown_placeholder(text, shown):
    with pytest.raises(PlaceholderError) as error:
        parse(text)

    message = str(error.value)
    assert f"Unknown placeholder: {shown}." in message
    assert "{name}, {course}, {hours}, {date}, {serial}" in message


def test_each_unknown_placeholder_is_named_once():
    with pytest.raises(PlaceholderError) as error:
        parse("{a} {b} {a}")

    assert "Unknown placeholder: {a}, {b}." in str(error.value)


def test_filling_escapes_text_and_values_and_marks_each_value():
    paragraphs = fill_html(
        "<b>{name}</b> 完成\n《{course}》\n\n特发此证。",
        {"name": "<script>x</script>", "course": "A & B"},
    )

    assert paragraphs == [
        '&lt;b&gt;<span class="field field-name">&lt;script&gt;x&lt;/script&gt;</span>'
        '&lt;/b&gt; 完成<br>《<span class="field field-course">A &amp; B</span>》',
        "特发此证。",
    ]
