"""Lesson videos can seek: documents answer byte ranges, behind Wagtail's checks."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from common.ranges import requested_range

pytestmark = pytest.mark.django_db
DATA = bytes(range(256)) * 4


@pytest.fixture
def document():
    document = Document(title="讲解视频")
    document.file.save("clip.webm", ContentFile(DATA), save=True)
    return document


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-", (0, 1023)),
        ("bytes=100-199", (100, 199)),
        ("bytes=1000-5000", (1000, 1023)),
        ("bytes=-24", (1000, 1023)),
        ("bytes=5-1", None),
        ("bytes=0-1,5-9", None),
        ("items=0-1", None),
        ("", None),
    ],
)
def test_which_ranges_are_honoured(header, expected):
    assert requested_range(header, 1024) == expected


def test_a_range_past_the_end_is_refused():
    with pytest.raises(ValueError):
        requested_range("bytes=2000-", 1024)


def test_a_video_answers_the_range_the_browser_asks_for(client, document):
    url = document.url
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=256-511")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 256-511/1024"
    assert part.content == DATA[256:512]
    assert client.get(url, HTTP_RANGE="bytes=4096-").status_code == 416


def test_a_range_does_not_bypass_wagtails_checks(client, document):
    response = client.get(
        f"/documents/{document.pk}/other.webm", HTTP_RANGE="bytes=0-10"
    )
    assert response.status_code == 404
