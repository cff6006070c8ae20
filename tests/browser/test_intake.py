"""The hotline console in a real browser: a tip with a disguised phone number shows the case
that shares it; the queue puts danger first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_tip_shows_the_case_sharing_its_disguised_phone(page, sign_in, caseworker,
                                                                make_case):
    case = make_case(caseworker)  # phone +977 984-1234567
    sign_in(caseworker)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hotline").click()
    page.get_by_role("link", name="Log a contact").click()
    page.get_by_label("Channel").select_option("call")
    page.get_by_label("What was said").fill(
        "The agent's number is nine eight four one, two three four, five six seven. "
        "He keeps the girls' passports.")
    page.get_by_role("button", name="Log", exact=True).click()
    related = page.locator("#related")
    expect(related).to_contain_text(case.reference)
    expect(related).to_contain_text("shares Phone number")
    related.get_by_role("link", name=case.reference).click()
    expect(page.locator("h1")).to_contain_text(case.reference)


def test_the_queue_puts_immediate_danger_on_top(page, sign_in, caseworker):
    from tipnet.intake import services

    services.record(caseworker, {"channel": "sms", "narrative": "How do I check an agency?"})
    services.record(caseworker, {"channel": "call", "narrative": "Hiding in a shop now.",
                                 "flags": ["immediate_danger"]})
    sign_in(caseworker)
    page.goto("/intake/")
    expect(page.locator("#immediate-alert")).to_be_visible()
    first = page.locator("table.queue tbody tr").first
    expect(first).to_contain_text("Immediate danger")
