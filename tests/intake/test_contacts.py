"""Hotline contacts: logged, triaged, their entities linked to earlier tips and cases."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.http import Http404

from tipnet.audit.models import AuditEntry
from tipnet.intake import services
from tipnet.intake.models import AnonymousNotification, Contact, ContactEntity

pytestmark = pytest.mark.django_db

TIP = ("My sister works in a house in Delhi, they took her passport. Call her employer on "
       "nine eight four one two three four five six seven, she says they lock her in.")


@pytest.fixture
def operator(org, make_user):
    return make_user(org, "hotline_operator", username="operator")


@pytest.fixture
def on_call(org, make_user):
    return make_user(org, "supervisor", username="oncall", email="oncall@spn.example")


def log(user, **data):
    return services.record(user, {"channel": "call", "language": "en", **data})


def test_a_disguised_phone_links_the_tip_to_a_case_and_an_earlier_tip(
        operator, caseworker, make_case):
    case = make_case(caseworker)  # its phone: +977 984-1234567
    earlier = log(operator, narrative="Agent calls from 984-1234567 offering hotel jobs.")
    tip = log(operator, narrative=TIP)
    found = services.related(caseworker, tip)
    assert [(c.pk, kinds) for c, kinds in found.contacts] == [(earlier.pk, ["phone"])]
    assert [(c.pk, kinds) for c, kinds in found.cases] == [(case.pk, ["phone"])]
    # An operator who may not see that case is not told of it.
    assert services.related(operator, tip).cases == []


def test_entities_are_kept_as_digests_and_the_narrative_encrypted(operator):
    tip = log(operator, narrative=TIP, caller_contact="sister.helper@example.org")
    kinds = sorted(ContactEntity.objects.filter(contact=tip).values_list("kind", flat=True))
    assert "phone" in kinds and "email" in kinds
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_contact")
        raw_contacts = str(cursor.fetchall())
        cursor.execute("SELECT * FROM intake_contactentity")
        raw_entities = str(cursor.fetchall())
    for secret in ("passport", "lock her in", "sister.helper"):
        assert secret not in raw_contacts
    for secret in ("+9779841234567", "9779841234567", "sister.helper"):
        assert secret not in raw_entities


def test_triage_puts_danger_first_with_its_reasons(operator, on_call,
                                                   django_capture_on_commit_callbacks):
    calm = log(operator, narrative="Asking how to check a recruitment agency's licence.")
    with django_capture_on_commit_callbacks(execute=True):
        danger = log(operator, narrative="Calling from a bathroom.",
                     flags=["immediate_danger"])
    assert danger.urgency == "immediate" and danger.urgency_reasons
    assert list(services.queue(operator)) == [danger, calm]
    assert [m.to for m in mail.outbox] == [["oncall@spn.example"]]
    assert "bathroom" not in mail.outbox[0].body and str(danger.pk) in mail.outbox[0].body


def test_danger_words_in_the_narrative_raise_urgency(operator):
    tip = log(operator, narrative=TIP)
    assert tip.urgency in ("immediate", "high")
    assert any("lock" in reason for reason in tip.urgency_reasons)


def test_bad_input_is_refused_and_nothing_is_written(operator, api):
    client = api(operator)
    bad = [{"channel": "pigeon", "narrative": "x"},
           {"channel": "call", "narrative": "x" * 20_001},
           {"channel": "call", "narrative": "x", "flags": "immediate_danger"},
           {"channel": "call", "narrative": "x", "flags": ["on_fire"]},
           {"channel": "call"},
           {"channel": "call", "narrative": 12}]
    for body in bad:
        got = client.post("/api/intake/contacts", body)
        assert got.status_code == 400, body
        assert got.json()["errors"], body
    assert not Contact.objects.exists()


def test_another_organisation_sees_nothing(operator, other_org, make_user, api):
    tip = log(operator, narrative=TIP)
    stranger = make_user(other_org, "supervisor")
    assert list(services.queue(stranger)) == []
    with pytest.raises(Http404):
        services.get(stranger, tip.pk)
    assert api(stranger).get(f"/api/intake/contacts/{tip.pk}").status_code == 404
    assert AuditEntry.objects.filter(action="denied", username=stranger.username).exists()


def test_open_a_case_from_a_contact(operator, caseworker):
    tip = log(operator, narrative=TIP)
    case = services.open_case(caseworker, tip.pk)
    tip.refresh_from_db()
    assert tip.case == case and tip.status == "in_progress"
    assert case.narrative == TIP and case.organisation == caseworker.organisation
    assert [c.value for c in case.contacts.all()] == ["+9779841234567"]
    with pytest.raises(services.IntakeError):
        services.open_case(caseworker, tip.pk)  # once


def test_link_only_to_a_case_of_ones_own_organisation(operator, caseworker, other_org,
                                                      make_user, make_case):
    tip = log(operator, narrative=TIP)
    theirs = make_case(make_user(other_org, "caseworker"))
    with pytest.raises(Http404):
        services.link_case(caseworker, tip.pk, theirs.pk)
    ours = make_case(caseworker)
    services.link_case(caseworker, tip.pk, ours.pk)
    tip.refresh_from_db()
    assert tip.case == ours


def test_near_duplicate_text_groups_repeat_tips(operator):
    first = log(operator, narrative="A van with about ten young women left the border post "
                                    "at night towards the city, the driver took their phones.")
    again = log(operator, narrative="a van with about ten young women left the border post at "
                                    "night towards the city; the driver took their phones!")
    other = log(operator, narrative="Question about the minimum wage for domestic workers in "
                                    "the capital and how to report an agency.")
    kinds = dict((c.pk, k) for c, k in services.related(operator, again).contacts)
    assert kinds == {first.pk: ["text"]}
    assert other.pk not in kinds


def test_what_tips_share_is_named_in_the_readers_language(operator, verified_client):
    first = log(operator, narrative="Call +977 984 123 4567 about the van with ten young women "
                                    "that left the border post at night towards the city.")
    again = log(operator, narrative="call +977 984 123 4567 about the van with ten young women "
                                    "that left the border post at night towards the city!")
    client = verified_client(operator)
    page = client.get(f"/intake/{again.pk}/").content.decode()
    assert "shares Phone number, Similar text" in page
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.get(f"/intake/{again.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Numéro de téléphone, Texte semblable" in page
    assert first.pk != again.pk


def test_anonymous_notification_takes_nothing_identifying(operator, api):
    client = api(operator)
    got = client.post("/api/intake/notifications", {
        "gender": "Feminine", "age_band": "25-39", "citizenship": "NP",
        "country_of_exploitation": "IN", "exploitation_types": ["ForcedLabour"]})
    assert got.status_code == 201
    refused = client.post("/api/intake/notifications", {"gender": "Feminine",
                                                        "name": "Mira"})
    assert refused.status_code == 400
    assert AnonymousNotification.objects.count() == 1
    with pytest.raises(services.IntakeError):
        services.notify_anonymously(operator, {"phone": "+9779841234567"})


def test_the_console_escapes_what_callers_type(operator, verified_client):
    tip = log(operator, narrative='<script>alert("x")</script> help', caller_name="<b>x</b>")
    page = verified_client(operator).get(f"/intake/{tip.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page


def test_the_api_answers_related_tips_at_once(operator, caseworker, make_case, api):
    case = make_case(caseworker)
    got = api(caseworker).post("/api/intake/contacts", {
        "channel": "sms", "narrative": "pls help, number 984 123 4567 is the agent"})
    assert got.status_code == 201
    body = got.json()
    assert body["related"]["cases"] == [{"id": str(case.pk), "reference": case.reference,
                                         "shares": ["phone"]}]
    assert "phone" in body["entities"]


def test_operators_find_contacts_by_a_phone_number_written_any_way(operator, verified_client):
    tip = log(operator, narrative=TIP)
    log(operator, narrative="Nothing to do with it: a question about visas.")
    found = list(services.search(operator, "+977 9841234567"))
    assert found == [tip]
    page = verified_client(operator).get("/intake/", {"q": "984-123-4567"}).content.decode()
    assert f"/intake/{tip.pk}/" in page
    entry = AuditEntry.objects.filter(action="search", object_type="intake.contact").last()
    assert entry.detail == {"filters": ["phone"]} and "984" not in str(entry.detail)


def test_the_notification_page_files_only_what_it_asks(operator, verified_client):
    client = verified_client(operator)
    got = client.post("/intake/notification/", {"gender": "Masculine", "age_band": "18-24",
                                                 "citizenship": "BD",
                                                 "exploitation_types": ["ForcedLabour"],
                                                 "name": "ignored"})
    assert got.status_code == 302
    made = AnonymousNotification.objects.get()
    assert made.gender == "Masculine" and made.citizenship.code == "BD"
    assert client.post("/intake/notification/", {"age_band": "ancient"}).status_code == 400


def test_repeat_tips_are_grouped_under_the_first(operator, verified_client):
    first = log(operator, narrative="The agent on 984-1234567 recruits girls for Dubai.")
    second = log(operator, narrative="Call from a mother: TIP", caller_contact="+977 9841234567")
    third = log(operator, narrative="Same agent, now on WhatsApp, insta @fakejobs_np",
                caller_contact="9841234567")
    unrelated = log(operator, narrative="How can I check an agency licence?")
    for contact in (first, second, third, unrelated):
        contact.refresh_from_db()
    assert first.repeat_of is None and unrelated.repeat_of is None
    assert second.repeat_of == first and third.repeat_of == first
    page = verified_client(operator).get("/intake/").content.decode()
    assert page.count(f'href="/intake/{first.pk}/" class="repeat"') == 2


def test_a_local_number_in_a_tip_about_another_country_still_links(operator, caseworker,
                                                                    make_case):
    case = make_case(caseworker)  # +977 984-1234567, Nepal
    tip = log(operator, narrative="The agent in Delhi uses 9841234567.", country="IN")
    assert [c.pk for c, _ in services.related(caseworker, tip).cases] == [case.pk]
    assert list(services.search(operator, "9841234567")) == [tip]


def test_a_number_in_many_tips_groups_nothing(operator, settings):
    from tipnet.intake import services as intake

    settings_popular = intake.POPULAR
    intake.POPULAR = 2
    try:
        for i in range(3):
            log(operator, narrative=f"Called the hotline 9801000000 about case {i} here.")
        last = log(operator, narrative="Another question; hotline 9801000000 gave me this.")
        last.refresh_from_db()
        assert last.repeat_of is None
        assert services.related(operator, last).contacts == []
    finally:
        intake.POPULAR = settings_popular


def test_the_queue_banner_counts_every_page_and_pages_hold_fifty(operator, verified_client):
    for i in range(55):
        log(operator, narrative=f"Question {i} about visas and agencies in the city.")
    log(operator, narrative="Hiding now.", flags=["immediate_danger"])
    client = verified_client(operator)
    first = client.get("/intake/").content.decode()
    assert first.count('class="urgency-') == 50 and "1 contact in immediate danger" in first
    second = client.get("/intake/?page=2").content.decode()
    assert second.count('class="urgency-') == 6 and "1 contact in immediate danger" in second


def test_the_queue_refresh_does_not_keep_a_screen_signed_in(operator, verified_client,
                                                            settings):
    import time

    client = verified_client(operator)
    assert client.get("/intake/").status_code == 200
    session = client.session
    session["tipnet_last_active"] = time.time() - settings.SESSION_COOKIE_AGE - 5
    session.save()
    polled = client.get("/intake/", HTTP_HX_REQUEST="true", HTTP_X_TIPNET_POLL="1")
    assert polled["HX-Redirect"].startswith("/accounts/login/")
    assert client.get("/intake/").status_code == 302  # signed out
