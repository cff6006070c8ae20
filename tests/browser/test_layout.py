"""The stylesheet and scripts load, and pages fit a phone's screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Viewport only: with is_mobile, Chromium widens window.innerWidth to fit overflowing content,
# which would hide the very overflow checked here.
PHONE = {"viewport": {"width": 390, "height": 844}}


def test_stylesheet_and_scripts_are_served(page, live_server, needs_static_assets):
    assets = {}
    page.on("response", lambda r: assets.__setitem__(r.url, r.status)
            if "/static/" in r.url else None)
    page.goto("/accounts/login/")  # returns once the page (and its scripts) have loaded
    for path in ("/static/tipnet/tipnet.css", "/static/tipnet/tipnet.js",
                 "/static/vendor/htmx.min.js"):
        assert assets.get(live_server.url + path) == 200, assets
    # And the stylesheet is applied: the top bar is a flex row.
    expect(page.locator(".topbar")).to_have_css("display", "flex")


def _assert_fits(page, what):
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert inner_width == PHONE["viewport"]["width"]
    assert scroll_width <= inner_width + 1, (
        f"{what} scrolls sideways on a {inner_width}px-wide phone: "
        f"the page is {scroll_width}px wide")


@pytest.fixture
def phone_case(make_case, caseworker):
    # The sample case has a movement, so the case page shows the movements table.
    return make_case(caseworker, person={
        "given_name": "Maheshwari", "family_name": "Bhattarai-Shrestha", "gender": "Feminine",
        "birth_date": "2001-04-05", "citizenship": ["NP"], "languages": ["ne"]})


@pytest.mark.parametrize("context_options", [PHONE])
def test_case_list_fits_a_phone(page, sign_in, caseworker, phone_case, context_options,
                                needs_static_assets):
    sign_in(caseworker)
    expect(page.get_by_role("link", name=phone_case.reference)).to_be_visible()
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    _assert_fits(page, "the case list")


@pytest.mark.parametrize("context_options", [PHONE])
def test_case_page_fits_a_phone(page, sign_in, caseworker, phone_case, context_options):
    sign_in(caseworker)
    page.get_by_role("link", name=phone_case.reference).click()
    expect(page.locator("h1 .ref")).to_have_text(phone_case.reference)
    expect(page.get_by_role("table").filter(has_text="Kathmandu")).to_be_visible()
    _assert_fits(page, "the case page")
