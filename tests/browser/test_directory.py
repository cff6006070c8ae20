"""The directory's map in a real browser, with and without map tiles."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listed(org, make_user):
    from tests.directory.conftest import shelter
    from tipnet.directory import services

    admin = make_user(org, "system_admin", username="sysadmin")
    services.import_hsds(admin, [shelter(), shelter(
        "Labour Rights Centre Delhi", "IN", "Delhi", 28.61, 77.21, ("LegalAid",), ("Men",),
        ("hi",), ("ForcedLabour",))])


def test_the_map_works_when_tiles_cannot_load(page, sign_in, caseworker, listed,
                                              needs_static_assets, settings):
    settings.TIPNET_MAP_TILES = "https://tiles.invalid/{z}/{x}/{y}.png"
    tile_requests = []
    page.route("https://tiles.invalid/**", lambda route: (tile_requests.append(route.request.url),
                                                          route.abort()))
    sign_in(caseworker)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    page.get_by_label("Service").select_option("EmergencyShelter")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 service found")
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    assert tile_requests, "the map asked for tiles (and got none)"
    # The list works regardless: open the counterpart from it.
    page.get_by_role("link", name="Safe House Kathmandu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe House Kathmandu")


def test_the_map_shows_every_service_found(page, sign_in, caseworker, listed,
                                           needs_static_assets, settings):
    settings.TIPNET_MAP_TILES = ""  # an offline deployment: no tiles at all
    sign_in(caseworker)
    page.goto("/directory/?q=a")
    expect(page.locator("#result-count")).to_have_text("2 services found")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    page.locator(".leaflet-marker-icon").first.click()
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
