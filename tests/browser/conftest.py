"""Browser tests: Debian's headless Chromium driven by Playwright against pytest-django's
live_server.

Every test module here marks its tests ``browser`` and ``django_db(transaction=True)``: the
live server runs in another thread and only sees committed data. A failing test leaves a
screenshot in test-results/ (gitignored).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-gpu"]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
PASSWORD = "correct horse battery"  # the make_user fixture's default
TIMEOUT_MS = 10_000


# --- Playwright ---------------------------------------------------------------------------

@pytest.fixture(scope="package")
def playwright_instance():
    """Playwright for the tests in this package only.

    Its sync API runs an event loop in the test thread, and Django refuses ORM calls from a
    thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set here, before
    any browser test runs, and unset after the last one: set for the whole session it would leak
    into other tests and their subprocesses (``check --deploy`` warns about it, failing
    tests/security/test_deploy_check.py), and Playwright's loop would outlive this package."""
    from playwright.sync_api import expect, sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        with sync_playwright() as p:
            yield p
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package")
def browser(playwright_instance):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                  headless=True)
    yield browser
    browser.close()


@pytest.fixture
def context_options():
    """Override in a test (or parametrize) to change the viewport, JavaScript, etc."""
    return {}


@pytest.fixture
def context(browser, live_server, context_options):
    options = {"base_url": live_server.url, "locale": "en-GB",
               "viewport": {"width": 1280, "height": 900}, **context_options}
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(context, request):
    """A fresh page. Uncaught JavaScript errors fail the test; a failure leaves a screenshot."""
    page = context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001 - a screenshot must not hide the real failure
            print(f"screenshot failed: {exc}")
    if js_errors and report is not None and report.passed:
        pytest.fail(f"uncaught JavaScript errors: {js_errors}")


@pytest.fixture
def needs_static_assets():
    """For tests of what the stylesheet or the scripts do: they must be served."""
    from django.contrib.staticfiles import finders

    for path in ("tipnet/tipnet.css", "tipnet/tipnet.js", "vendor/htmx.min.js"):
        assert finders.find(path), f"static file {path} is not found by staticfiles"


# --- Signing in ---------------------------------------------------------------------------

def sign_in_on(page, user, totp_device, password=PASSWORD):
    """Give the user a TOTP device and sign in on ``page`` through the login page."""
    from playwright.sync_api import expect

    _, code = totp_device(user)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Authenticator code").fill(code())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


@pytest.fixture
def sign_in(page, totp_device):
    """sign_in(user): sign the user in on the test's page."""
    return lambda user, password=PASSWORD: sign_in_on(page, user, totp_device, password)
