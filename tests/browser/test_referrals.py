"""Referrals between two organisations in a real browser: send with a recommendation, accept,
complete; the consent gate hiding what the person did not agree to share."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_orgs(org, other_org, make_user, make_case, listed_harbour):
    from tipnet.cases import notes

    sender = make_user(org, "caseworker", team="Protection")
    receiver = make_user(other_org, "caseworker", team="Shelter")
    case = make_case(sender)
    for scope in ("share_with_organisations", "services"):
        notes.record_consent(sender, case.pk, {"scope": scope})
    return sender, receiver, case


@pytest.fixture
def listed_harbour(other_org):
    from tipnet.directory.models import Counterpart, Location, Service

    cp = Counterpart.objects.create(name="Harbour Shelter", description="Shelter in Delhi",
                                    country="IN", tenant=other_org, verification="Verified")
    svc = Service.objects.create(counterpart=cp, name="Night shelter",
                                 service_types=["EmergencyShelter"], languages=["ne"],
                                 populations=["Women"], capacity=3)
    svc.locations.add(Location.objects.create(counterpart=cp, country="IN", city="Delhi"))
    return svc


@pytest.fixture
def other_page(browser, live_server, totp_device):
    """A second browser (its own cookies) for the receiving organisation's user."""
    from tests.browser.conftest import TIMEOUT_MS, sign_in_on

    ctx = browser.new_context(base_url=live_server.url, locale="en-GB")
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    yield lambda user: sign_in_on(page, user, totp_device)
    ctx.close()


def test_refer_accept_and_complete_between_two_organisations(page, sign_in, two_orgs,
                                                             other_page):
    sender, receiver, case = two_orgs
    sign_in(sender)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Refer or transfer").click()
    page.get_by_label("Service needed").select_option("EmergencyShelter")
    page.get_by_role("button", name="Recommend").click()
    first = page.locator(".recommendation").first
    expect(first).to_contain_text("Harbour Shelter")
    expect(first.locator(".why")).to_contain_text("speaks Nepali")
    first.get_by_role("link", name="Refer here").click()
    expect(page.get_by_label("To", exact=True)).to_have_value(str(receiver.organisation.uuid))
    page.get_by_label("Names, aliases, date of birth, citizenship").check()
    page.get_by_label("Message to the receiving organisation").fill("Needs a bed tonight.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#referral-status")).to_contain_text("Sent, awaiting an answer")

    shelter = other_page(receiver)
    shelter.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
    shelter.locator("#incoming").get_by_role("link", name=case.reference).click()
    expect(shelter.get_by_text("Needs a bed tonight.")).to_be_visible()
    shelter.get_by_role("link", name="Open what was shared").click()
    expect(shelter.locator("#person-name")).to_have_text("Testa Fakename")
    expect(shelter.locator("body")).not_to_contain_text("building site")  # not shared
    shelter.go_back()
    shelter.locator("#form-accept").get_by_role("button", name="Accept").click()
    expect(shelter.locator("#referral-status")).to_contain_text("Accepted")
    shelter.get_by_label("Outcome (optional)").fill("Stayed two weeks, then moved on.")
    shelter.get_by_role("button", name="Mark completed").click()
    expect(shelter.locator("#referral-status")).to_contain_text("Completed")

    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#referrals")).to_contain_text("Completed")


def test_consent_gate_blocks_and_hides(page, sign_in, two_orgs, make_case, other_org,
                                       other_page):
    sender, receiver, case = two_orgs
    unconsented = make_case(sender)
    sign_in(sender)
    page.goto(f"/referrals/new/{unconsented.pk}/")
    page.get_by_label("To", exact=True).select_option(str(other_org.uuid))
    page.get_by_label("Service", exact=True).select_option("MedicalCare")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#errors")).to_contain_text("consent does not cover")

    # The consented case, shared with the minimum data set only.
    page.goto(f"/referrals/new/{case.pk}/")
    page.get_by_label("To", exact=True).select_option(str(other_org.uuid))
    page.get_by_label("Service", exact=True).select_option("MedicalCare")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#referral-status")).to_contain_text("Sent")

    shelter = other_page(receiver)
    shelter.goto(f"/cases/{case.pk}/")
    expect(shelter.locator("#shared-banner")).to_contain_text("Minimum data set")
    body = shelter.locator("body")
    for hidden in ("Testa", "PA 99887766", "984-1234567", "Fake Recruiter", "building site"):
        expect(body).not_to_contain_text(hidden)
    expect(shelter.locator("#consents")).to_contain_text("Sharing with other organisations")

    # The person withdraws their consent to share: the shelter loses the case at once.
    page.goto(f"/cases/{case.pk}/")
    share_row = page.locator("#consents tr", has_text="Sharing with other organisations")
    share_row.get_by_role("button", name="Withdraw").click()
    shelter.reload()
    expect(shelter.locator("body")).not_to_contain_text("Minimum data set")
    expect(shelter.locator("h1")).not_to_contain_text(case.reference)
