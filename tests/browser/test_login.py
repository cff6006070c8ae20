"""Signing in with password and authenticator code, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def _fill_login(page, username, password, code):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_with_password_and_current_code_lands_on_case_list(
        page, live_server, caseworker, totp_device):
    _, code = totp_device(caseworker)
    _fill_login(page, caseworker.username, PASSWORD, code())

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1, name="Cases")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator(".who")).to_contain_text(caseworker.username)


def test_wrong_code_keeps_user_out_with_visible_error(page, live_server, caseworker,
                                                      totp_device):
    _, code = totp_device(caseworker)
    valid_now = {code(-1), code(0), code(1)}  # django-otp accepts one step of drift
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid_now)
    _fill_login(page, caseworker.username, PASSWORD, wrong)

    error = page.get_by_role("alert").filter(has_text="That code is not valid")
    expect(error).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # The password is not kept in the re-displayed form.
    expect(page.get_by_label("Password")).to_have_value("")

    # Still signed out: the case list sends them back to the login page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
