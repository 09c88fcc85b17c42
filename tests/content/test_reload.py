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


def test_a_first_load_prints_a_summary_and_names_objects_only_when_asked(tmp_path):
    import io
    import shutil

    from django.core.management import call_command

    from content.curriculum import ROOT

    root = tmp_path / "curriculum"
    for course in sorted(ROOT.glob("0[12]-*")):
        shutil.copytree(course, root / course.name)
    out = io.StringIO()
    call_command("load_curriculum", "--root", str(root), stdout=out)
    lines = out.getvalue().strip().splitlines()
    # An empty site has nothing to update, topics included.
    assert len(lines) == 1 and lines[0].endswith(" created, 0 updated."), lines
    (root / "01-what-it-is" / "course.yaml").write_text(
        (root / "01-what-it-is" / "course.yaml")
        .read_text(encoding="utf-8")
        .replace("estimated_minutes:", "estimated_minutes: 1 #", 1),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("load_curriculum", "--root", str(root), "-v", "2", stdout=out)
    assert "updated CoursePage /home/courses/01-what-it-is/" in out.getvalue()
