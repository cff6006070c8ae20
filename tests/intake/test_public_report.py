"""The public, anonymous report page: nothing about the reporter kept, no cookie, spam and
floods refused, and every valid report in the hotline queue."""

from __future__ import annotations

import secrets
import time

import pytest
from django.core import signing

from tipnet.audit.models import AuditEntry
from tipnet.intake import public
from tipnet.intake.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hotline(org, settings):
    settings.TIPNET_PUBLIC_REPORT_ORGANISATION = org.case_prefix
    from django.core.cache import cache

    cache.clear()
    return org


def aged_token(seconds=10):
    """A form token as the page hands it out, ``seconds`` ago."""
    return signing.dumps({"t": int(time.time()) - seconds, "n": secrets.token_urlsafe(12)},
                         salt=public.SALT)


def report(client, lang="es", **fields):
    data = {"token": aged_token(), "narrative": "Hay chicas encerradas en un bar de la calle "
                                                "Mayor, el dueño les quitó los pasaportes.",
            **fields}
    return client.post(f"/report/{lang}/", data, REMOTE_ADDR="203.0.113.7",
                       HTTP_USER_AGENT="Mozilla/5.0 (reporter's phone)")


def test_the_page_sets_no_cookie_and_is_not_cached(client):
    got = client.get("/report/es/")
    assert got.status_code == 200
    assert 'lang="es"' in got.content.decode()
    assert "Enviar" in got.content.decode()  # the form, in Spanish
    assert not got.cookies
    assert "no-store" in got["Cache-Control"] and got["Referrer-Policy"] == "no-referrer"


def test_a_report_reaches_the_queue_and_nothing_about_the_reporter_is_kept(client, hotline):
    got = report(client, location="Madrid", danger="on", caller_contact="")
    assert got.status_code == 200 and not got.cookies
    contact = Contact.objects.get()
    assert contact.organisation == hotline and contact.channel == "web_report"
    assert contact.language == "es" and contact.urgency == "immediate"
    assert contact.logged_by is None and contact.caller_name == ""
    stored = str([(f.name, getattr(contact, f.name)) for f in Contact._meta.fields])
    entries = str(list(AuditEntry.objects.values()))
    for trace in ("203.0.113.7", "reporter's phone", "Mozilla"):
        assert trace not in stored and trace not in entries


def test_a_form_sent_in_under_three_seconds_is_not_taken_but_the_text_is_kept(client):
    got = report(client, token=signing.dumps({"t": int(time.time()), "n": "fresh"},
                                             salt=public.SALT))
    assert got.status_code == 400
    assert "encerradas" in got.content.decode()
    assert not Contact.objects.exists()


def test_a_forged_or_expired_token_is_refused(client):
    for token in ("forged", aged_token(3 * 3600)):
        got = report(client, token=token)
        assert got.status_code == 400
    assert not Contact.objects.exists()


def test_the_honeypot_drops_the_report_quietly(client):
    got = report(client, leave_this_empty="http://spam.example")
    assert got.status_code == 200 and not Contact.objects.exists()


def test_oversized_and_empty_reports_are_refused_with_a_message(client):
    assert report(client, narrative="x" * 20_001).status_code == 400
    assert report(client, narrative="").status_code == 400
    assert not Contact.objects.exists()


def test_a_flood_from_one_client_is_stopped_and_others_still_get_through(client, settings):
    settings.TIPNET_PUBLIC_REPORTS_PER_HOUR = 3
    codes = [report(client, narrative=f"Report number {i} about a factory.").status_code
             for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    other = client.post("/report/en/", {"token": aged_token(), "narrative": "Another person"},
                        REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200
    assert Contact.objects.count() == 4


def test_script_in_a_report_is_stored_as_text_and_shown_escaped(client, caseworker,
                                                                verified_client):
    report(client, narrative='<img src=x onerror="alert(1)"> they hit us')
    contact = Contact.objects.get()
    page = verified_client(caseworker).get(f"/intake/{contact.pk}/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in page and "&lt;img" in page


def test_no_page_without_a_receiving_organisation_or_for_an_unknown_language(client,
                                                                           settings):
    assert client.get("/report/xx/").status_code == 404
    settings.TIPNET_PUBLIC_REPORT_ORGANISATION = ""
    assert client.get("/report/es/").status_code == 404


def test_a_form_token_is_good_for_one_report(client):
    token = aged_token()
    assert report(client, token=token).status_code == 200
    again = report(client, token=token, narrative="Another report with the same token.")
    assert again.status_code == 400 and "Another report" in again.content.decode()
    assert Contact.objects.count() == 1


def test_a_report_posted_from_another_site_is_refused(client):
    got = client.post("/report/es/", {"token": aged_token(), "narrative": "flood"},
                      HTTP_SEC_FETCH_SITE="cross-site")
    assert got.status_code == 403
    got = client.post("/report/es/", {"token": aged_token(), "narrative": "flood"},
                      HTTP_ORIGIN="https://evil.example")
    assert got.status_code == 403
    assert not Contact.objects.exists()


def test_an_ipv6_prefix_counts_as_one_client(client, settings):
    settings.TIPNET_PUBLIC_REPORTS_PER_HOUR = 2
    codes = [client.post("/report/en/", {"token": aged_token(), "narrative": f"Report {i}"},
                         REMOTE_ADDR=f"2001:db8:1:2::{i + 1}").status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_all_public_reports_are_capped_per_hour(client, settings):
    settings.TIPNET_PUBLIC_REPORTS_ALL_PER_HOUR = 2
    codes = [client.post("/report/en/", {"token": aged_token(), "narrative": f"Report {i}"},
                         REMOTE_ADDR=f"198.51.100.{i + 1}").status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_danger_ticked_on_the_public_page_alerts_on_call_at_most_every_ten_minutes(
        client, org, make_user, django_capture_on_commit_callbacks):
    from django.core import mail

    make_user(org, "supervisor", username="oncall", email="oncall@spn.example")
    for i in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/report/en/", {"token": aged_token(), "narrative": f"Help {i}",
                                        "danger": "on"}, REMOTE_ADDR=f"198.51.100.{i + 1}")
    assert Contact.objects.filter(urgency="immediate").count() == 3
    assert len(mail.outbox) == 1


def test_public_not_found_pages_set_no_cookie_and_name_no_software(client, settings):
    for path in ("/h/taken-down/", "/report/xx/", "/apple-touch-icon.png"):
        got = client.get(path)
        assert got.status_code == 404 and not got.cookies, path
        assert "tipnet" not in got.content.decode().lower(), path


def test_a_public_reports_time_is_rounded_to_the_quarter_hour(client):
    report(client)
    received = Contact.objects.get().received_at
    assert received.minute % 15 == 0 and received.second == 0 and received.microsecond == 0
