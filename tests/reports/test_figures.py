"""Each report's figures against the hand-built organisation of conftest.py."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from ledger.bulk import YearContext, year_summaries
from ledger.selectors import year_summary
from ledger.services import close_year
from people.models import StaffMember
from reports.filters import ReportFilters
from reports.scope import Scope
from reports.tables import get_report, report_names

from .conftest import YEAR, credit, on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def table(name, scope, **query):
    report = get_report(name)
    filters = ReportFilters.from_query({"year": YEAR, **query}, scope)
    keys = [column.key for column in report.columns(filters)]
    return [dict(zip(keys, row, strict=True)) for row in report.rows(scope, filters)]


def by(rows, key="employee_id"):
    return {row[key]: row for row in rows}


def test_every_report_is_registered():
    assert {"annual", "completions", "departments", "overdue"} <= set(report_names())


def test_completions_say_on_time_late_and_overdue(org):
    rows = table("completions", Scope(None))
    mine = {(r["employee_id"], r["course"]): r for r in rows}
    a, b = "Introduction to online government services", "信息安全"
    assert mine["XA0001", a]["on_time"] == "Yes"
    assert mine["XA0001", a]["status"] == "Completed"
    assert mine["XA0002", a]["on_time"] == "No"
    assert mine["XA0002", a]["completed"] == on(7, 10)
    assert mine["XA0002", b]["status"] == "Overdue"
    assert mine["XA0002", b]["on_time"] is None
    assert mine["XA0001", a]["best_score"] == D("90")
    assert mine["XA0001", a]["attempts"] == 2
    assert mine["XA0001", a]["credit_hours"] == D("30")
    assert mine["XA0001", a]["department"] == "陕西省/西安市/雁塔区"
    assert len(rows) == 9


def test_certificate_validity_in_completions(org):
    rows = {
        r["employee_id"]: r
        for r in table("completions", Scope(None))
        if r["certificate"]
    }
    assert rows["XA0001"]["certificate_state"] == "Valid"
    assert rows["XA0002"]["certificate_state"] == "Expired"
    assert rows["XA0002"]["certificate_valid_until"] == on(10, 1)
    assert rows["XA0004"]["certificate_state"] == "Revoked"


def test_withdrawn_assignment_is_an_elective_never_overdue(org):
    rows = [
        r for r in table("completions", Scope(None)) if r["employee_id"] == "XA0006"
    ]
    assert [(r["bucket"], r["due"], r["status"]) for r in rows] == [
        ("Elective", None, "Not started")
    ]
    annual = by(table("annual", Scope(None)))["XA0006"]
    assert (annual["required_assigned"], annual["required_overdue"]) == (0, 0)
    assert "XA0006" not in by(table("overdue", Scope(None)))


def test_annual_ratings_and_their_reasons(org):
    rows = by(table("annual", Scope(None)))
    expected = {
        "XA0001": ("Excellent", "Excellent: study hours 60/50; every required course on time"),
        "XA0002": ("Fail", "Fail: study hours 30/50; overdue required courses: 1"),
        "XA0003": ("Pass", "Pass: study hours 52/50"),
        "XA0004": ("Fail", "Fail: required study hours 12/20"),
        "XA0005": ("Pass", "Pass: study hours 50/50"),
        "XA0006": ("Pass", "Pass: study hours 50/50"),
        "BJ0001": ("Fail", "Fail: study hours 0/50; required study hours 0/20; overdue required courses: 1"),
    }  # fmt: skip
    assert {k: (r["rating"], r["rating_reason"]) for k, r in rows.items()} == expected


def test_annual_figures_of_one_person(org):
    row = by(table("annual", Scope(None)))["XA0001"]
    assert (row["hours_total"], row["hours_online"], row["hours_offline"]) == (
        D("60"), D("50"), D("10"),
    )  # fmt: skip
    assert (row["hours_required"], row["target_total"], row["target_required"]) == (
        D("50"), D("50"), D("20"),
    )  # fmt: skip
    assert row["required_assigned"] == row["required_on_time"] == 2
    assert row["average_score"] == D("90.0")
    assert row["valid_certificates"] == 1
    late = by(table("annual", Scope(None)))["XA0002"]
    assert (late["required_completed"], late["required_on_time"]) == (1, 0)
    # An expired certificate does not count, nor a revoked one.
    assert late["valid_certificates"] == 0
    assert by(table("annual", Scope(None)))["XA0004"]["valid_certificates"] == 0


def test_the_rule_is_printed_for_the_header(org):
    rule = get_report("annual").rule(ReportFilters(year=YEAR))
    assert "Excellent: at least 120% of the study-hour target" in rule
    assert "below the required-bucket target" in rule


def test_a_moved_person_belongs_to_their_department_now(org):
    wu = by(table("annual", Scope(None)))["XA0005"]
    assert wu["department"] == "陕西省/西安市/雁塔区"
    departments = by(table("departments", Scope(None)), "department")
    assert departments["陕西省/西安市/雁塔区"]["staff"] == 6
    assert departments["陕西省/西安市/碑林区"]["staff"] == 0
    assert departments["陕西省/西安市/碑林区"]["valid_certificates"] == 0
    beilin = Scope.for_department(org.departments["beilin"])
    assert table("annual", beilin) == []


def test_departments_roll_up_their_own_staff(org):
    rows = by(table("departments", Scope(None)), "department")
    yanta = rows["陕西省/西安市/雁塔区"]
    assert (yanta["assigned"], yanta["completed"], yanta["on_time"]) == (8, 6, 5)
    assert (yanta["overdue"], yanta["in_progress"]) == (1, 1)
    assert yanta["completion_rate"] == D("75.0")
    assert (yanta["hours_total"], yanta["target_total"]) == (D("298"), D("300"))
    assert (yanta["excellent"], yanta["passed"], yanta["failed"]) == (1, 3, 2)
    assert yanta["staff_on_target"] == 5
    assert yanta["valid_certificates"] == 2
    # Per department, not per subtree: the city's row has none of its districts'.
    assert rows["陕西省/西安市"]["staff"] == 0
    assert rows["陕西省/宝鸡市"]["overdue"] == 1


def test_overdue_lists_what_is_owed(org):
    rows = table("overdue", Scope(None))
    assert sorted((r["employee_id"], r["course"]) for r in rows) == [
        ("BJ0001", "Introduction to online government services"),
        ("XA0002", "信息安全"),
    ]


def test_filters_narrow_the_rows(org):
    scope = Scope(None)
    course = str(org.courses["b"].translation_key)
    rows = table("completions", scope, course=course)
    assert sorted(r["employee_id"] for r in rows) == ["XA0001", "XA0002", "XA0006"]
    assert len(table("completions", scope, bucket="elective")) == 1
    assert len(table("annual", scope, department=org.departments["baoji"].pk)) == 1


def test_keyset_continues_after_a_key(org):
    report, scope = get_report("completions"), Scope(None)
    filters = ReportFilters(year=YEAR)
    rows = list(report.rows(scope, filters))
    rest = list(report.rows(scope, filters, after=report.key(rows[3])))
    assert rest == rows[4:]
    assert report.count(scope, filters) == len(rows)


def test_the_ledger_and_the_bulk_figures_agree(org):
    staff = list(StaffMember.objects.select_related("position", "grade"))
    bulk = year_summaries(staff, YearContext.load(YEAR))
    for member in staff:
        one = year_summary(member.user, YEAR)
        many = bulk[member.user_id]
        assert many.totals == one.totals
        assert many.target == one.target
        assert many.five_year_total == one.five_year_total
        assert many.lacking == one.lacking


def test_a_closed_year_reads_the_frozen_figures(org):
    close_year(year=YEAR)
    # A write that bypassed the ledger's services after the close.
    credit(org.staff["bing"], "40", bucket="elective")
    row = by(table("annual", Scope(None)))["XA0003"]
    assert row["hours_total"] == D("52")
    assert row["closed"] == "Yes"


def test_the_annual_rows_do_not_depend_on_the_batch_size(org, monkeypatch):
    import gc

    from reports.queries import annual

    whole = table("annual", Scope(None))
    monkeypatch.setattr(annual, "FIRST_BATCH", 1)
    monkeypatch.setattr(annual, "STAFF_BATCH", 2)
    assert len(whole) > 2
    assert table("annual", Scope(None)) == whole
    # The collector is paused only while a batch is built, never left off.
    assert gc.isenabled()
