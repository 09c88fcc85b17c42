import os
import shutil

import pytest

from tests.e2e.axe import PageChecker, check

# Playwright's sync API runs an event loop in the test thread; the database
# calls the tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/system-deps.sh --test"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; in a test marked ``axe``, every page it loads is checked."""
    context = browser.new_context(locale="en-US")
    checker = axe_checker(context, request)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    if checker is not None and not page.is_closed():
        check(page)  # the last page, had the journey left it before its check
    context.close()
    if checker is not None:
        assert checker.checked, "axe checked no page"
        assert not checker.found, "axe found:\n" + "\n".join(checker.found)


def axe_checker(context, request):
    """Check every page of ``context`` with axe-core when the test is marked ``axe``."""
    if request.node.get_closest_marker("axe") is None:
        return None
    return PageChecker(context)


@pytest.fixture
def package_site(reference_data, live_server, settings):
    """The live site for packages: its own address, one origin, the demo users."""
    import io

    from django.core.management import call_command

    # Activity IRIs and the learner's agent are built from the site's address;
    # with no package origin set, packages play from the other loopback name.
    settings.SITE_BASE_URL = live_server.url
    settings.CONTENT_PACKAGE_ORIGIN = ""
    call_command("seed_demo", "--users-only", stdout=io.StringIO())
    return live_server.url
