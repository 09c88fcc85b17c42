"""Loading the curriculum again publishes new revisions of what changed, nothing else."""

import pytest
from wagtail.models import Revision

from content.curriculum import load_curriculum
from courses.models import LessonPage
from tests.content.curricula import LESSON, single, write_course

pytestmark = pytest.mark.django_db


def test_a_changed_lesson_file_gives_exactly_one_new_revision(tmp_path):
    write_course(tmp_path, "01-a", [single(f"a{n}", n) for n in range(4)])
    write_course(tmp_path, "02-b", [single(f"b{n}", 3 - n) for n in range(4)])
    load_curriculum(tmp_path)
    before = set(Revision.objects.values_list("pk", flat=True))
    assert not load_curriculum(tmp_path).changed
    assert set(Revision.objects.values_list("pk", flat=True)) == before

    path = tmp_path / "02-b" / "lessons" / f"{LESSON}.yaml"
    path.write_text(
        path.read_text("utf-8").replace("正文。", "修订后的正文。"), "utf-8"
    )
    report = load_curriculum(tmp_path)
    assert report.created == [] and len(report.updated) == 1
    [new] = Revision.objects.exclude(pk__in=before)
    page = LessonPage.objects.get(pk=new.object_id)
    assert page.get_parent().slug == "02-b" and page.locale.language_code == "zh-hans"
    assert "修订后的正文" in str(page.body)
