import datetime as dt
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tipnet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _login(client, user, password=PASSWORD, code=""):
    return client.post("/accounts/login/", {"username": user.username, "password": password,
                                            "otp_token": code})


def test_password_and_totp_sign_in_and_are_audited(client, caseworker, totp_device):
    _, code = totp_device(caseworker)
    response = _login(client, caseworker, code=code())
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="login", user_id=caseworker.pk).exists()


def test_wrong_password_is_refused_and_audited(client, caseworker, totp_device):
    _, code = totp_device(caseworker)
    response = _login(client, caseworker, password="wrong password!!", code=code())
    assert response.status_code == 200
    assert b"Wrong username or password" in response.content
    assert client.get("/").status_code == 302
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.detail["username"] == caseworker.username


def test_wrong_totp_is_refused_and_counts_as_failure(client, caseworker, totp_device):
    _, code = totp_device(caseworker)
    bad = "000000" if code() != "000000" else "111111"
    response = _login(client, caseworker, code=bad)
    assert response.status_code == 200
    assert b"not valid" in response.content
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="login_failed", detail__stage="otp").exists()


def test_lockout_after_repeated_failures(client, caseworker, totp_device, settings):
    _, code = totp_device(caseworker)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, caseworker, password="wrong password!!")
    # Even the right password and code are refused while locked.
    response = _login(client, caseworker, code=code())
    assert response.status_code == 403
    assert b"locked" in response.content.lower()
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="locked_out").exists()


def test_first_sign_in_enrols_totp_before_anything_else(client, caseworker):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    response = _login(client, caseworker)
    assert response["Location"] == "/accounts/mfa/setup/"
    # Unverified: every page sends back to enrolment.
    assert client.get("/").headers["Location"] == "/accounts/mfa/setup/"
    page = client.get("/accounts/mfa/setup/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    response = client.post("/accounts/mfa/setup/", {"otp_token": "123456" if totp(
        device.bin_key) != 123456 else "654321"})
    assert b"not valid" in response.content
    time.sleep(1.1)  # django-otp throttles: after one failure, the next try waits a second
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
    response = client.post("/accounts/mfa/setup/", {"otp_token": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="mfa_enrolled", user_id=caseworker.pk).exists()


def test_user_with_device_cannot_skip_the_code(client, caseworker, totp_device):
    totp_device(caseworker)
    response = _login(client, caseworker, code="")
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_idle_session_expires(client, caseworker, verified_client, settings):
    verified_client(caseworker)
    assert client.get("/").status_code == 200
    session = Session.objects.get()
    # Each request pushes expiry out by the idle timeout...
    assert session.expire_date > timezone.now() + dt.timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 60)
    # ...and once the user has been idle longer than that, the session is gone.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logout_is_audited_and_ends_session(client, caseworker, verified_client):
    verified_client(caseworker)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="logout", user_id=caseworker.pk).exists()


def test_open_redirect_after_login_is_refused(client, caseworker, totp_device):
    _, code = totp_device(caseworker)
    response = client.post("/accounts/login/?next=https://evil.example/",
                           {"username": caseworker.username, "password": PASSWORD,
                            "otp_token": code()})
    assert response["Location"] == "/"
