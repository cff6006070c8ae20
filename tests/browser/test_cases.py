"""Case work in a real browser: the new-case form, search over encrypted fields, the access
log, other organisations' cases, and the formsets' "Add another" button."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFERENCE = re.compile(r"^SPN-\d{4}-\d{6}$")


def _formset(page, title):
    """A formset's fieldset, found the way a user does: by its legend."""
    return page.get_by_role("group", name=title, exact=True)


def _fill_identity(page, given="Amrita", family="Testperson"):
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Date of birth").fill("2002-07-15")
    page.get_by_role("group", name="Identity").get_by_label("Gender").select_option(label="Female")
    page.get_by_role("checkbox", name="Forced labour", exact=True).check()


def _dd(page, term):
    """The value next to a term in the case page's description lists."""
    return page.locator("dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]")


def _en_date(value):
    with translation.override("en"):
        return date_format(value)


def _save(page):
    page.get_by_role("button", name="Save").click()


def test_create_case_through_new_case_form(page, sign_in, caseworker):
    sign_in(caseworker)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", level=1, name="New case")).to_be_visible()

    _fill_identity(page)
    contacts = _formset(page, "Contact details")
    contacts.get_by_label("Kind").select_option(label="Phone")
    contacts.get_by_label("Phone, e-mail or address").fill("+977 980-7654321")
    documents = _formset(page, "Identity documents")
    documents.get_by_label("Document type").select_option(label="Passport")
    documents.get_by_label("Number").fill("PX 5556667")
    documents.get_by_label("Issuing country").select_option("NP")
    movements = _formset(page, "Movements")
    movements.get_by_label("Stage").select_option("Recruitment")
    movements.get_by_label("From country").select_option("NP")
    movements.get_by_label("From place").fill("Pokhara")
    movements.get_by_label("To country").select_option("MY")
    movements.get_by_label("To place").fill("Kuala Lumpur")
    _save(page)

    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    reference = page.locator("h1 .ref")
    expect(reference).to_have_text(REFERENCE)
    ref = reference.inner_text()
    expect(page.get_by_role("status")).to_contain_text(f"Case {ref} created.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amrita Testperson")
    expect(page.locator("#person-name")).to_have_text("Amrita Testperson")
    expect(_dd(page, "Date of birth")).to_have_text(_en_date(dt.date(2002, 7, 15)))
    expect(_dd(page, "Gender")).to_have_text("Female")
    expect(_dd(page, "Types of exploitation")).to_have_text("Forced labour")
    expect(page.get_by_text("Phone: +977 980-7654321")).to_be_visible()
    expect(page.locator(".doc-number")).to_have_text("PX 5556667")
    expect(page.get_by_text("Passport: PX 5556667 (Nepal)")).to_be_visible()
    movement = page.get_by_role("row").filter(has_text="Pokhara")
    expect(movement).to_contain_text("Kuala Lumpur")
    expect(movement).to_contain_text("Malaysia")


def _search(page, text):
    box = page.get_by_label("Name, alias, phone, e-mail, document number or reference")
    box.fill(text)
    box.press("Enter")
    # The address shows this search once its results are on the page (htmx swaps them in
    # and then pushes the URL; without JavaScript the form's GET loads a new page).
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [text])


def test_find_case_by_encrypted_phone_and_document_exact_match_only(
        page, sign_in, caseworker, make_case):
    wanted = make_case(caseworker)  # +977 984-1234567, passport PA 99887766, Testa Fakename
    other = make_case(caseworker, person={"given_name": "Other", "family_name": "Person"},
                      contacts=[{"kind": "phone", "value": "+977 985-1111111"}],
                      documents=[{"kind": "passport", "number": "ZZ 1234"}])
    sign_in(caseworker)
    results = page.locator("#results")
    expect(results).to_contain_text("2 cases")

    # National format, no country code: the organisation is in Nepal.
    _search(page, "984-1234567")
    expect(results.get_by_role("link", name=wanted.reference)).to_be_visible()
    expect(results).to_contain_text("Testa Fakename")
    expect(results.get_by_role("link", name=other.reference)).to_have_count(0)
    expect(results).to_contain_text("1 case")

    # Passport number with other spacing, separators and case.
    _search(page, "pa-9988 7766")
    expect(results.get_by_role("link", name=wanted.reference)).to_be_visible()
    expect(results.get_by_role("link", name=other.reference)).to_have_count(0)

    # Search is exact-match: part of a name finds nothing ...
    _search(page, "Fakena")
    expect(results.get_by_text("No cases match.")).to_be_visible()
    expect(results.get_by_role("link", name=wanted.reference)).to_have_count(0)

    # ... while the whole family name, in any case, does.
    _search(page, "FAKENAME")
    expect(results.get_by_role("link", name=wanted.reference)).to_be_visible()

    # The search's address, reloaded (or shared), is rendered by the server with the results.
    page.reload()
    expect(page.get_by_label(
        "Name, alias, phone, e-mail, document number or reference")).to_have_value("FAKENAME")
    expect(results.get_by_role("link", name=wanted.reference)).to_be_visible()


def _log_rows(page, username, action):
    return page.get_by_role("row").filter(
        has=page.get_by_role("cell", name=username, exact=True)).filter(
        has=page.get_by_role("cell", name=action, exact=True))


def test_access_log_lists_the_view_and_the_create(page, sign_in, caseworker, make_case):
    case = make_case(caseworker)
    sign_in(caseworker)
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator("h1 .ref")).to_have_text(case.reference)

    page.get_by_role("link", name="Access log", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/access-log/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Access log · {case.reference}")
    # At least the case page's view (opening the access log may be logged as a view too).
    expect(_log_rows(page, caseworker.username, "viewed").first).to_be_visible()
    expect(_log_rows(page, caseworker.username, "created")).to_have_count(1)
    # Newest first: the views came after the create.
    actions = page.locator("table.log tbody tr td:nth-child(3)").evaluate_all(
        "cells => cells.map(c => c.dataset.action)")
    assert actions.index("view") < actions.index("create"), actions


@pytest.mark.parametrize("suffix", ["", "access-log/", "edit/"])
def test_other_organisations_case_url_shows_not_found(page, sign_in, caseworker, other_org,
                                                       make_user, make_case, suffix):
    outsider = make_user(other_org, "org_admin")
    theirs = make_case(outsider, person={"given_name": "Hidden", "family_name": "Elsewhere"})
    sign_in(caseworker)

    response = page.goto(f"/cases/{theirs.pk}/{suffix}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1, name="Not found")).to_be_visible()
    expect(page.get_by_text("There is nothing here, or you do not have access to it.")
           ).to_be_visible()
    body = page.locator("body")
    expect(body).not_to_contain_text("Hidden")
    expect(body).not_to_contain_text("Elsewhere")
    expect(body).not_to_contain_text(theirs.reference)


def test_add_another_row_with_javascript_and_save(page, sign_in, caseworker,
                                                  needs_static_assets):
    sign_in(caseworker)
    page.goto("/cases/new/")
    _fill_identity(page, given="Rowena", family="Twophones")

    contacts = _formset(page, "Contact details")
    rows = contacts.locator(".rows > .row")
    expect(rows).to_have_count(1)
    add = contacts.get_by_role("button", name="Add another")
    expect(add).to_be_visible(timeout=3_000)  # shown by the deferred script once it has run
    add.click()
    expect(rows).to_have_count(2)
    add.click()
    expect(rows).to_have_count(3)

    for row, number in ((rows.nth(0), "9841000001"), (rows.nth(1), "9841000002")):
        row.get_by_label("Kind").select_option(label="Phone")
        row.get_by_label("Phone, e-mail or address").fill(number)
    rows.nth(2).get_by_label("Kind").select_option(label="Email")
    rows.nth(2).get_by_label("Phone, e-mail or address").fill("rowena@example.org")
    _save(page)

    expect(page.locator("h1 .ref")).to_have_text(REFERENCE)
    expect(page.get_by_text("Phone: 9841000001")).to_be_visible()
    expect(page.get_by_text("Phone: 9841000002")).to_be_visible()
    expect(page.get_by_text("Email: rowena@example.org")).to_be_visible()


NO_JS = {"java_script_enabled": False}


@pytest.mark.parametrize("context_options", [NO_JS])
def test_without_javascript_the_form_still_saves(page, sign_in, caseworker, context_options):
    sign_in(caseworker)
    page.goto("/cases/new/")
    _fill_identity(page, given="Noscript", family="Saver")
    contacts = _formset(page, "Contact details")
    contacts.get_by_label("Kind").select_option(label="Phone")
    contacts.get_by_label("Phone, e-mail or address").fill("9841000003")
    _save(page)

    expect(page.locator("h1 .ref")).to_have_text(REFERENCE)
    expect(page.locator("#person-name")).to_have_text("Noscript Saver")
    expect(page.get_by_text("Phone: 9841000003")).to_be_visible()


@pytest.mark.parametrize("context_options", [NO_JS])
def test_without_javascript_add_another_is_not_offered(page, sign_in, caseworker,
                                                       context_options, needs_static_assets):
    sign_in(caseworker)
    page.goto("/cases/new/")
    # Nothing to click that would not work: the button is only shown by the script.
    for title in ("Identity documents", "Contact details", "Movements", "Perpetrators"):
        expect(_formset(page, title).get_by_role("button", name="Add another")).to_be_hidden()
    expect(_formset(page, "Contact details").locator(".rows > .row")).to_have_count(1)
