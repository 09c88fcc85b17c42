"""HR's overview in headless Chromium at phone width (reports-core)."""

import io

import pytest
from django.core.management import call_command

from people.demo import DEMO_PASSWORD
from tests.e2e.accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo", "--users-only", stdout=io.StringIO())


def test_hr_overview_fits_a_phone_and_draws_its_charts(demo, live_server, page):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, "hr", DEMO_PASSWORD)
    page.wait_for_url(live_server.url + "/")
    page.click("header details.menu >> nth=0 >> summary")
    page.click("header >> a[href='/reports/']")
    page.wait_for_url("**/reports/")
    assert page.locator("svg.chart").count() == 5
    # Wide tables scroll inside their own box; the page itself does not.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.select_option("select[name=bucket]", "required")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_url("**bucket=required**")
    assert page.locator("svg.chart").count() == 5
