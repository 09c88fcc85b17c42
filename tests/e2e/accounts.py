"""Signing the demo users in, past the second factor when the site asks for it."""

from django_otp.oath import totp

from common.totp import demo_key


def demo_code(username: str) -> str:
    """The demo user's current TOTP code, computed from its published key."""
    return f"{totp(bytes.fromhex(demo_key(username))):06d}"


def sign_in(page, base: str, username: str, password: str) -> None:
    """Sign in through the form, and with the demo TOTP code when the site asks."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/two-step/" in page.url:
        page.fill("#id_code", demo_code(username))
        page.click("form.card button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/two-step/" not in url)


def open_activity(page, base: str, lesson, *, timeout=15000):
    """Sign the learner in, open the lesson and its activity; return the new window."""
    from people.demo import DEMO_PASSWORD

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    sign_in(page, base, "learner", DEMO_PASSWORD)
    page.goto(base + lesson.url)
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Open the activity").click()
    window = opened.value
    window.set_default_timeout(timeout)
    return window
