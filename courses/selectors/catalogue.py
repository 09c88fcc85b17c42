"""Catalogue reads: which courses to list for the filters, and their cards.

Each runs a fixed number of queries whatever the number of courses (tests
assert it), so the catalogue stays fast on big sites.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from wagtail.images import get_image_model

from .. import hours
from ..models import CoursePage, CreditHourSettings

COVER_RENDITION = "fill-480x270"
HOUR_RANGES = {
    "short": (Decimal("0"), Decimal("1")),
    "medium": (Decimal("1.5"), Decimal("3")),
    "long": (Decimal("3.5"), None),
}


@dataclass
class CatalogueFilters:
    query: str = ""
    topic: str = ""
    kind: str = ""
    hours: str = ""
    language: str = ""


def catalogue_ids(filters: CatalogueFilters, *, language: str) -> list[int]:
    """Return the ids of the courses to list, one version per course, in tree order.

    A course is shown in the visitor's language when it has that version,
    else in the site's default language, else in any. ``filters.language``
    keeps only courses available in that language (and shows that version).
    """
    rows = _catalogue_rows(filters)
    rules = CreditHourSettings.load()
    wanted = filters.language or language
    chosen: dict = {}
    for row in rows:
        key = row["translation_key"]
        rank = language_rank(row["locale__language_code"], wanted)
        if filters.language and row["locale__language_code"] != filters.language:
            continue
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, row)
    picked = [row for _rank, row in chosen.values()]
    if filters.hours in HOUR_RANGES:
        picked = [row for row in picked if _in_range(row, filters.hours, rules)]
    picked.sort(key=lambda row: row["path"])
    return [row["id"] for row in picked]


def _catalogue_rows(filters: CatalogueFilters) -> list[dict]:
    # A copy still awaiting translation is not that language's version yet.
    courses = CoursePage.objects.live().public().filter(awaiting_translation=False)
    if filters.kind:
        courses = courses.filter(kind=filters.kind)
    if filters.topic:
        # Any version's tag selects the course, which is then listed in the
        # reader's language: picking a topic never switches the language.
        tagged = CoursePage.objects.filter(tagged_items__tag__slug=filters.topic)
        courses = courses.filter(translation_key__in=tagged.values("translation_key"))
    if filters.query:
        courses = courses.filter(pk__in=_search_ids(filters.query))
    return list(
        courses.values(
            "id",
            "translation_key",
            "locale__language_code",
            "credit_hours",
            "estimated_minutes",
            "path",
        )
    )


def _search_ids(query: str) -> set[int]:
    """Return the courses matching ``query`` by Wagtail search or by substring.

    The substring match covers Chinese, which the database search backend
    does not split into words.
    """
    # The search backends hand the words to the database's full-text syntax
    # (SQLite FTS5 rejects stray quotes and operators), so only words go there;
    # the substring match below is a parameterised query and takes the rest.
    words = " ".join(re.findall(r"\w+", query))
    found = (
        {page.pk for page in CoursePage.objects.live().search(words)}
        if words
        else set()
    )
    found.update(
        CoursePage.objects.live()
        .filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(objectives__icontains=query)
            | Q(tagged_items__tag__name__icontains=query)
        )
        .values_list("pk", flat=True)
    )
    return found


def language_rank(code: str, wanted: str) -> int:
    if code == wanted:
        return 0
    return 1 if code == settings.LANGUAGE_CODE else 2


def _in_range(row: dict, name: str, rules) -> bool:
    value = row["credit_hours"]
    if value is None:
        value = hours.derive_credit_hours(
            row["estimated_minutes"],
            minutes_per_hour=rules.minutes_per_credit_hour,
            step=rules.credit_hour_step,
        )
    low, high = HOUR_RANGES[name]
    return value >= low and (high is None or value <= high)


def catalogue_pages(ids: list[int]) -> list[CoursePage]:
    """Load the listed courses with their topics and cover renditions, in order."""
    images = get_image_model().objects.prefetch_renditions(COVER_RENDITION)
    pages = {
        page.pk: page
        for page in CoursePage.objects.filter(pk__in=ids)
        .select_related("locale")
        .prefetch_related("tagged_items__tag")
        .prefetch_related(_prefetch_cover(images))
    }
    rules = CreditHourSettings.load()
    for page in pages.values():
        page._credit_rules = rules
    return [pages[pk] for pk in ids if pk in pages]


@dataclass(frozen=True)
class CourseCard:
    """What the catalogue shows of a course: plain values, cheap to cache."""

    key: object
    title: str
    url: str
    language: str
    kind: str
    kind_label: str
    hours: Decimal
    summary: str
    topics: tuple[tuple[str, str], ...]  # (slug, name)
    cover: tuple[str, int, int] | None


def catalogue_cards(ids: list[int]) -> list[CourseCard]:
    """Return the listed courses as cards, in order (labels in the active language)."""
    cards = []
    for page in catalogue_pages(ids):
        cover = None
        if page.cover_image is not None:
            rendition = page.cover_image.get_rendition(COVER_RENDITION)
            cover = (rendition.url, rendition.width, rendition.height)
        cards.append(
            CourseCard(
                key=page.translation_key,
                title=page.title,
                url=page.url,
                language=page.locale.language_code,
                kind=page.kind,
                kind_label=str(page.get_kind_display()),
                hours=page.effective_credit_hours,
                summary=page.summary,
                topics=tuple(
                    (item.tag.slug, item.tag.name) for item in page.tagged_items.all()
                ),
                cover=cover,
            )
        )
    return cards


def catalogue_topics(language: str) -> list[tuple[str, str]]:
    """Return (slug, name) of the topics of the courses published in ``language``.

    A Chinese catalogue offers Chinese topics only, and an English one English.
    """
    from taggit.models import Tag

    from ..models import CourseTag

    tagged = CourseTag.objects.filter(
        content_object__live=True,
        content_object__locale__language_code=language,
    )
    return list(
        Tag.objects.filter(pk__in=tagged.values("tag_id"))
        .order_by("name")
        .values_list("slug", "name")
    )


def _prefetch_cover(images):
    from django.db.models import Prefetch

    return Prefetch("cover_image", queryset=images)
