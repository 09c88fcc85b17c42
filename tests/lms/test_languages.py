"""Every page of the journeys speaks one language, apart from its content.

Each page the browser journeys visit is rendered for the user who visits it,
in English and in Chinese. In English no CJK character may remain outside
content (course and lesson text, exam titles, staff and department names: data
that has one language); in Chinese no Latin word may remain outside content
and the exceptions below.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from assessments.models import Assessment, Question
from people.models import Department, StaffMember
from tests.factories.assessments import make_bank, make_exam
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words a Chinese page may show: names of formats, products and
# standards, which Chinese writes in Latin letters too, and a language's own
# name in the language switcher.
LATIN_ALLOWED = {"PDF", "CSV", "XLSX", "JSON", "Excel", "SCORM", "xAPI", "UTF", "GB"}
LATIN_ALLOWED |= {"Wagtail", "JavaScript", "URL", "English"}
# Known and left: Wagtail writes the visually hidden submit button of its
# page search as value="Search", untranslatable, in wagtailadmin/home.html
# and shared/header.html; fixing it means owning copies of both templates.
LATIN_ALLOWED |= {"Search"}
# Example addresses in help texts are not words.
URL = re.compile(r"https?://\S+")
# CJK an English page may show: a language's own name in the language
# switcher and Wagtail's locale menus, and the glossary's 学时, which English
# labels gloss on purpose ("study hours (学时)").
CJK_ALLOWED = ["简体中文", "学时"]
# Attributes whose text a user reads or hears.
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
SKIPPED_TAGS = {"script", "style", "template", "noscript"}

# (user, URL) for each page a journey visits; "{course}" and the like are
# filled in from the world below.
PAGES = [
    (None, "/"),
    (None, "/accounts/login/"),
    (None, "/accounts/activate/"),
    (None, "/courses/"),
    ("learner", "/"),
    ("learner", "/learning/dashboard/"),
    ("learner", "{course}"),
    ("learner", "{lesson}"),
    ("learner", "/learning/assessments/{exam}/"),
    ("learner", "/certificates/"),
    ("learner", "/ledger/"),
    ("learner", "/accounts/password/change/"),
    ("hr", "/reports/"),
    ("hr", "/reports/overdue/"),
    ("hr", "/people/staff/"),
    ("hr", "/people/roster/import/"),
    ("hr", "/people/activation-codes/"),
    ("hr", "/learning/assignments/"),
    ("trainer", "/admin/"),
    ("trainer", "/admin/pages/{course_id}/edit/"),
    ("trainer", "/admin/pages/add/courses/lessonpage/{course_id}/"),
    ("trainer", "/admin/snippets/assessments/assessment/add/?kind=exam"),
    ("reviewer", "/admin/"),
    ("reviewer", "/admin/pages/{course_id}/view_draft/"),
    ("admin", "/admin/"),
    ("admin", "/admin/pages/"),
    ("admin", "/admin/workflows/list/"),
    ("admin", "/admin/groups/"),
]


class _Text(HTMLParser):
    """The text a reader meets, in chunks, outside scripts and foreign-language parts."""

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.stack: list[tuple[str, bool]] = []
        self.chunks: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = tag in SKIPPED_TAGS or bool(lang and lang != self.language)
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            self.stack.append((tag, skip))
        if skip or self._skipping():
            return
        for name in READ_ATTRIBUTES & attrs.keys():
            self.chunks.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.chunks.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag not in {open_tag for open_tag, _skip in self.stack}:
            return  # a void element written as <br />
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.chunks.append(data.strip())


def content_strings() -> list[str]:
    """The data the pages may show as it is, longest first."""
    texts = set(Page.objects.values_list("title", flat=True))
    for page in Page.objects.specific():
        for name in ("summary", "search_description"):
            texts.add(str(getattr(page, name, "") or ""))
        for block in getattr(page, "body", None) or []:
            texts |= set(_Text("").feed_chunks(str(block.value)))
    texts |= set(StaffMember.objects.values_list("name", flat=True))
    texts |= set(StaffMember.objects.values_list("employee_id", flat=True))
    texts |= set(Department.objects.values_list("name", flat=True))
    texts |= set(Assessment.objects.values_list("title", flat=True))
    texts |= set(Question.objects.values_list("text", flat=True))
    texts |= set(Site.objects.values_list("hostname", flat=True))
    return sorted((text for text in texts if text), key=len, reverse=True)


def _feed_chunks(self, html):
    self.feed(html)
    return self.chunks


_Text.feed_chunks = _feed_chunks


def foreign_chunks(html: str, language: str, content: list[str]) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        rest = URL.sub(" ", chunk)
        for text in content + (CJK_ALLOWED if language == "en" else []):
            if text in rest:
                rest = rest.replace(text, " ")
        if language == "en" and CJK.search(rest):
            found.append(chunk)
        if language == "zh-hans":
            words = set(LATIN_WORD.findall(rest)) - LATIN_ALLOWED
            if words:
                found.append(f"{chunk}  [{', '.join(sorted(words))}]")
    return found


@pytest.fixture
def world(db):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    course = make_course("政务数据安全", lessons=2)
    exam = make_exam(course, make_bank(course=course, questions=3), draw=3)
    lesson = course.get_children().first()
    return {
        "course": course.url,
        "course_id": course.pk,
        "lesson": lesson.url,
        "exam": exam.pk,
    }


def _clients(verified_client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    clients = {}
    for name in ("learner", "trainer", "reviewer", "hr", "admin"):
        clients[name] = verified_client(users.get(username=name))
    return clients


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_journey_page_speaks_the_readers_language(
    world, verified_client, client, language
):
    clients = _clients(verified_client)
    clients[None] = client
    content = content_strings()
    problems = []
    for user, url in PAGES:
        path = url.format(**world)
        http = clients[user]
        http.cookies["django_language"] = language
        response = http.get(path, HTTP_ACCEPT_LANGUAGE=language, follow=True)
        assert response.status_code == 200, (user, path, response.status_code)
        for chunk in foreign_chunks(response.content.decode(), language, content):
            problems.append(f"{user or 'anonymous'} {path}: {chunk}")
    assert not problems, "\n".join(problems)
