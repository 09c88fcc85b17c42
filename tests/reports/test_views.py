"""HR's report pages: what each officer sees, and what an edited parameter gets."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from reports.audit_events import REPORT_VIEWED

from .conftest import YEAR

pytestmark = pytest.mark.django_db

XIAN_NAMES = ("XA0001", "XA0002", "甲", "乙")
BAOJI_NAMES = ("BJ0001", "庚")


def signed_in(client, user):
    client.force_login(user)
    # English, so that the assertions hold once the new messages are translated.
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def as_xian(client, org):
    return signed_in(client, org.officers["xian"])


@pytest.fixture
def as_baoji(client, org):
    return signed_in(client, org.officers["baoji"])


def get(client, name, *args, **query):
    query.setdefault("year", YEAR)
    return client.get(reverse(f"reports:{name}", args=args), query)


def text(response) -> str:
    return response.content.decode()


def test_overview_shows_the_scope_as_tables_and_charts(as_xian, org):
    response = get(as_xian, "overview")
    body = text(response)
    assert response.status_code == 200
    assert "陕西省/西安市/雁塔区" in body and "宝鸡市" not in body
    assert body.count('<svg class="chart"') == 5
    assert "cdn" not in body.lower() and "<script" not in body


def test_overview_of_another_city_department_is_a_clear_400(as_baoji, org):
    response = get(as_baoji, "overview", department=org.departments["yanta"].pk)
    assert response.status_code == 400
    assert "No such department in your scope." in text(response)
    assert not any(name in text(response) for name in XIAN_NAMES)


@pytest.mark.parametrize(
    "query", [{"year": "abc"}, {"year": "1900"}, {"course": "x"}, {"bucket": "z"}]
)
def test_bad_filters_are_a_400_not_a_500(as_xian, query):
    assert get(as_xian, "overview", **query).status_code == 400


def test_baoji_officer_sees_nothing_of_xian_anywhere(as_baoji, org):
    for name in ("overview", "annual", "completions", "overdue"):
        body = text(get(as_baoji, name))
        assert "BJ0001" in body or name == "overview"
        assert not any(n in body for n in XIAN_NAMES), name


def test_drill_downs_of_another_city_answer_404(as_baoji, org):
    yanta, jia = org.departments["yanta"], org.staff["jia"]
    assert get(as_baoji, "department", yanta.pk).status_code == 404
    assert get(as_baoji, "staff", jia.pk).status_code == 404


def test_department_drills_down_to_its_staff(as_xian, org):
    body = text(get(as_xian, "department", org.departments["xian"].pk))
    assert "甲" in body and "Excellent: study hours 60/50" in body
    assert reverse("reports:staff", args=[org.staff["jia"].pk]) in body
    assert not any(n in body for n in BAOJI_NAMES)


def test_staff_page_has_courses_attempts_ledger_and_certificates(as_xian, org):
    jia = org.staff["jia"]
    body = text(get(as_xian, "staff", jia.pk))
    serial = jia.user.certificates.get().serial
    assert serial in body
    assert reverse("ledger:staff", args=[jia.pk]) in body
    assert "90" in body  # the best exam score


def test_a_cursor_from_another_city_reads_nothing_more(as_baoji, org):
    after = str(org.staff["jia"].pk - 1)
    body = text(get(as_baoji, "annual", after=after))
    assert not any(n in body for n in XIAN_NAMES)
    key = f"{org.staff['jia'].user_id}:{org.courses['a'].translation_key}"
    assert not any(
        n in text(get(as_baoji, "completions", after=key)) for n in XIAN_NAMES
    )


@pytest.mark.parametrize("query", [{"after": "x:y"}, {"size": "1000"}, {"size": "0"}])
def test_bad_paging_is_a_400(as_xian, query):
    assert get(as_xian, "completions", **query).status_code == 400


def test_completions_are_paged_by_keyset(as_xian, org):
    first = text(get(as_xian, "completions", size=4))
    assert 'rel="next"' in first
    everything = text(get(as_xian, "completions", size=200))
    assert 'rel="next"' not in everything


def test_annual_page_prints_the_rule_and_the_reasons(as_xian, org):
    body = text(get(as_xian, "annual"))
    assert "Fail: required study hours 12/20" in body
    assert "120%" in body


def test_overdue_page_has_the_place_for_its_actions(as_xian):
    body = text(get(as_xian, "overdue"))
    assert "XA0002" in body and "XA0001" not in body
    assert reverse("reminders:remind_overdue") in body
    export = reverse("exports:export", args=["overdue"])
    for format_ in ("xlsx", "csv", "json"):
        assert f'href="{export}?year=' in body and f"format={format_}" in body


def test_every_view_is_audit_logged(as_xian, org):
    get(as_xian, "annual")
    entry = AuditEntry.objects.filter(action=REPORT_VIEWED).latest("pk")
    assert entry.actor_id == org.officers["xian"].pk
    assert entry.scope == org.departments["xian"].tree_path
    assert entry.details == {
        "report": "annual",
        "filters": {"year": str(YEAR)},
        "rows": 6,
    }


def test_learners_get_403(client, org):
    client.force_login(org.staff["jia"].user)
    assert get(client, "overview").status_code == 403


@pytest.mark.parametrize("name", ["overview", "annual", "completions", "overdue"])
def test_list_pages_cost_a_fixed_number_of_queries(
    as_xian, org, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        assert get(as_xian, name).status_code == 200


def _queries(client, name, args=()):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert get(client, name, *args).status_code == 200
    return len(captured)


def test_more_staff_cost_no_more_queries(as_xian, org):
    from tests.factories.people import StaffMemberFactory

    from .conftest import at, credit, enrol, on

    pages = [("overview", ()), ("annual", ()), ("completions", ()), ("overdue", ())]
    pages.append(("department", (org.departments["xian"].pk,)))
    [_queries(as_xian, name, args) for name, args in pages]  # caches warmed
    before = [_queries(as_xian, name, args) for name, args in pages]
    for _number in range(15):
        member = StaffMemberFactory(department=org.departments["yanta"])
        enrol(member, org.courses["a"], due=on(6, 30), done=at(6, 1))
        enrol(member, org.courses["b"], due=on(9, 30))
        credit(member, "5")
    assert [_queries(as_xian, name, args) for name, args in pages] == before
