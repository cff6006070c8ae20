"""Identification in a real browser: an interview on a phone-sized screen, stopped half-way
and resumed, in English and in Arabic; the explanation of a "reasonable grounds" outcome."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _t(text, lang):
    with translation.override(lang):
        return translation.gettext(text)


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"


def _start_and_consent(page, case):
    page.goto(f"/cases/{case.pk}/")
    page.locator("#start-interview").click()
    consent = page.locator("#consent-form")
    expect(consent).to_be_visible()
    for box in consent.locator("input[name=explained]").all():
        box.check()
    consent.locator("input[name=companion][value=separated]").check()
    consent.locator("input[name=consent][value=yes]").check()
    consent.locator("button[type=submit]").click()
    profile = page.locator("#profile-form")
    expect(profile).to_be_visible()
    profile.locator("#age").fill("29")
    profile.locator("#exploitation").select_option("labour")
    profile.locator("input[name=moved][value=yes]").check()
    profile.locator("button[type=submit]").click()
    expect(page.locator("#question")).to_be_visible()


def _answer(page, value):
    """Answer the current question; returns the question's text."""
    text = page.locator("#question-text").inner_text()
    page.locator(f"#question button[value={value}]").click()
    expect(page.locator("#question-text")).not_to_have_text(text)
    return text


def _stop_half_way_and_resume(page, lang):
    asked = [_answer(page, "yes"), _answer(page, "no"), _answer(page, "declined")]
    next_question = page.locator("#question-text").inner_text()
    assert next_question not in asked
    _no_sideways_scroll(page)

    page.locator("#stop").click()
    stopped = page.locator("#stopped")
    expect(stopped).to_be_visible()
    expect(stopped).to_contain_text("3")  # 3 of N answered, kept

    # Later, from the case page: resume, and the interview picks up where it stopped.
    page.locator("a", has_text=_t("Back to the case", lang)).first.click()
    page.locator("#identification a.resume").click()
    page.locator("#resume").click()
    expect(page.locator("#question-text")).to_have_text(next_question)
    expect(page.locator("#progress")).to_contain_text("3")
    _answer(page, "yes")
    expect(page.locator("#progress")).to_contain_text("4")


@pytest.mark.parametrize("context_options", [PHONE])
def test_interview_stopped_half_way_and_resumed_on_a_phone(page, sign_in, caseworker,
                                                           make_case, needs_static_assets):
    case = make_case(caseworker)
    sign_in(caseworker)
    _start_and_consent(page, case)
    expect(page.locator("#question-text")).to_have_text(
        "Did someone find you, or offer you, the work or the journey?")
    _stop_half_way_and_resume(page, "en")


@pytest.mark.parametrize("context_options", [PHONE])
def test_interview_stopped_half_way_and_resumed_in_arabic(page, sign_in, caseworker,
                                                          make_case, needs_static_assets):
    case = make_case(caseworker)
    sign_in(caseworker)
    page.locator("#language-select").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _start_and_consent(page, case)
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    question = page.locator("#question-text").inner_text()
    assert ARABIC_SCRIPT.search(question), question  # the catalogue's Arabic text
    expect(page.locator("#question button[value=yes]")).to_have_text(_t("Yes", "ar"))
    # Right to left: the first answer button sits on the right.
    yes = page.locator("#question button[value=yes]").bounding_box()
    no = page.locator("#question button[value=no]").bounding_box()
    assert yes["x"] > no["x"], (yes, no)
    _stop_half_way_and_resume(page, "ar")


def test_the_explanation_of_a_reasonable_grounds_outcome(page, sign_in, caseworker, make_case):
    case = make_case(caseworker)
    sign_in(caseworker)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("button", name="Checklist").click()
    consent = page.locator("#consent-form")
    for box in consent.locator("input[name=explained]").all():
        box.check()
    consent.get_by_label("No one").check()
    consent.get_by_label("Yes, the person agrees").check()
    consent.get_by_role("button", name="Continue").click()
    page.get_by_label("Age in years").fill("41")
    page.locator("input[name=moved][value=yes]").check()
    page.get_by_role("button", name="Continue").click()

    checklist = page.locator("#checklist")
    for iid in ("dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary",
                "cd.documents", "cd.debt_bondage"):
        checklist.locator(f"input[name='a:{iid}'][value=yes]").check()
    checklist.locator("input[name='a:cr.violence'][value=declined]").check()
    checklist.get_by_role("button", name="Save answers").click()
    expect(page.locator("#enough")).to_be_visible()
    page.locator("#finish").click()

    expect(page.locator("#outcome")).to_have_text(
        "Reasonable grounds to believe the person is a victim of trafficking")
    explanation = page.locator("#explanation")
    expect(explanation).to_contain_text("Deceptive recruitment: positive by rule (b)")
    expect(explanation).to_contain_text("Coercion at destination: positive by rule (a)")
    expect(explanation).to_contain_text("Adult rule")
    dimensions = page.locator("#dimensions")
    row = dimensions.locator("tr", has_text="Coercion at destination")
    expect(row).to_contain_text("Where you worked, did someone keep your passport")
    expect(row).to_contain_text("weight unverified")
    expect(page.get_by_text("not a finding", exact=False)).to_be_visible()
    # The result never decides the status: a caseworker cannot even record a decision.
    expect(page.get_by_role("link", name="Record a decision on the trafficking status")) \
        .to_have_count(0)
    page.locator("a", has_text="Back to the case").first.click()
    expect(page.locator("#identification")).to_contain_text("Reasonable grounds")
    expect(page.locator("dt", has_text="Trafficking status").locator(
        "xpath=following-sibling::dd[1]")).to_have_text("—")
