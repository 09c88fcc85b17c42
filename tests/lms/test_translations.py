"""Both interface languages are complete."""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert "translated message" in statistics
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics


def test_both_catalogues_hold_the_same_messages():
    def msgids(language):
        text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
        return {block.split("msgstr")[0] for block in text.split("\n\n")[1:]}

    assert msgids("zh_Hans") == msgids("en")


def test_the_chinese_admin_names_pages_and_a_courses_summary_as_it_should():
    from django.utils import translation
    from django.utils.translation import gettext

    from courses.models import CoursePage, LessonPage

    with translation.override("zh-hans"):
        # Wagtail's own word for its pages (the sidebar), not our pager's 分页.
        assert gettext("Pages") == "页面"
        for model in (CoursePage, LessonPage):
            assert str(model._meta.get_field("summary").verbose_name) == "简介"
