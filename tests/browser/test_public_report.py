"""The public report page in a real browser: a report written in Spanish reaches the operator
queue; quick exit leaves no history entry to come back to."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hotline(org, settings):
    settings.TIPNET_PUBLIC_REPORT_ORGANISATION = org.case_prefix
    settings.TIPNET_QUICK_EXIT_URL = "/healthz"  # a neutral page that needs no network
    return org


def test_a_spanish_report_reaches_the_operator_queue(page, sign_in, caseworker, hotline,
                                                     needs_static_assets):
    page.goto("/report/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#narrative").fill("Hay tres chicas encerradas en un taller de costura en "
                                    "Lavapiés, el dueño les quitó los pasaportes.")
    page.locator("#location").fill("Madrid")
    page.wait_for_timeout(3200)  # a person takes more than three seconds; scripts do not
    page.locator("#report-form button[type=submit]").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert page.context.cookies() == []  # nothing left on the reporter's device
    sign_in(caseworker)
    page.goto("/intake/")
    row = page.locator("table.queue tbody tr").first
    expect(row).to_contain_text("Public report form")
    row.get_by_role("link").click()
    expect(page.locator("#narrative")).to_contain_text("encerradas")
    expect(page.locator("#urgency")).to_contain_text("encerradas")  # the reason, quoted


def test_quick_exit_leaves_no_history_entry(page, hotline, needs_static_assets):
    page.goto("/healthz")
    page.goto("/report/en/")
    page.locator("#narrative").fill("draft that nobody must see")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("**/healthz")
    page.go_back()
    # Back goes to what came before the report page, not to the report page.
    assert "/report/" not in page.url
    page.go_forward()
    assert "/report/" not in page.url


def test_from_a_help_page_to_the_report_and_out_leaves_no_entry(page, hotline, org,
                                                                 make_user):
    from tipnet.intake import outreach

    code = outreach.create(make_user(org, "supervisor"), {
        "label": "Restroom", "language": "en", "country": "NP", "hotline": "1145"})
    page.goto("/healthz")
    page.goto(f"/h/{code.slug}/")
    expect(page.locator("#numbers")).to_contain_text("1145")
    assert page.title() == "Information"  # what the history would show
    page.get_by_role("link", name="Or write to us without giving your name").click()
    page.wait_for_url("**/report/en/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")  # twice: quick exit
    page.wait_for_url("**/healthz")
    page.go_back()
    assert "/h/" not in page.url and "/report/" not in page.url


def test_sending_a_report_adds_no_history_entry_and_quick_exit_leaves_none(
        page, hotline, needs_static_assets):
    page.goto("/healthz")
    page.goto("/report/en/")
    entries = page.evaluate("history.length")
    page.locator("#narrative").fill("Two boys sleep in the back of the car wash on Ring Road "
                                    "and are never paid.")
    page.locator("#report-form button[type=submit]").click()  # too fast: to be sent again
    expect(page.locator("#errors")).to_contain_text("very fast")
    expect(page.locator("#narrative")).to_have_value(
        "Two boys sleep in the back of the car wash on Ring Road and are never paid.")
    page.wait_for_timeout(3200)
    page.locator("#report-form button[type=submit]").click()
    expect(page.locator("#thanks")).to_be_visible()
    assert page.evaluate("history.length") == entries  # the form page was not left behind
    assert page.url.endswith("/report/en/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("**/healthz")
    page.go_back()
    assert "/report/" not in page.url

    from tipnet.intake.models import Contact

    assert Contact.objects.filter(channel="web_report").count() == 1
