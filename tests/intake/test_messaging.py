"""SMS and WhatsApp in Twilio's formats: signed webhooks in, replies out through a local fake
provider that checks what it receives."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tipnet.audit.models import AuditEntry
from tipnet.intake import messaging, services
from tipnet.intake.models import Contact, Message, MessagingChannel

pytestmark = pytest.mark.django_db

TOKEN = "test-auth-token-0123456789abcdef"
SID = "AC00000000000000000000000000000001"


def test_the_signature_matches_twilios_published_example():
    """The example of Twilio's own library tests (auth token 12345)."""
    params = {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
              "From": "+14158675309", "To": "+18005551212"}
    assert messaging.signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2",
                               params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


class FakeProvider(BaseHTTPRequestHandler):
    """Twilio's Messages API, as far as tipnet uses it: records each request, checks the
    account, the basic auth and the fields, answers like Twilio."""

    received: list[dict] = []
    fail_next = False

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        auth = self.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
        ok_path = self.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
        FakeProvider.received.append({"path": self.path, "auth_ok": auth == expected,
                                      "form": form})
        if FakeProvider.fail_next or not ok_path or auth != expected or not form.get("Body"):
            FakeProvider.fail_next = False
            self.send_response(400)
            self.end_headers()
            self.wfile.write(b'{"code": 21211, "message": "Invalid"}')
            return
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"sid": f"SM{len(FakeProvider.received):032d}",
                                     "status": "queued"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    FakeProvider.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def channel(org, provider):
    return MessagingChannel.objects.create(
        organisation=org, name="Hotline SMS", kind="sms", number="+9779801000000",
        account_sid=SID, auth_token=TOKEN, api_base=provider,
        webhook_key=messaging.new_webhook_key())


def inbound(client, channel, body, sid, sender="+9779841234567", token=TOKEN):
    params = {"MessageSid": sid, "AccountSid": SID, "From": sender, "To": channel.number,
              "Body": body, "NumMedia": "0"}
    url = messaging.webhook_url(channel)
    return client.post(url.split("localhost:8000", 1)[-1], params,
                       HTTP_X_TWILIO_SIGNATURE=messaging.signature(token, url, params))


def test_an_inbound_sms_becomes_a_contact_once_and_a_reply_goes_out(
        client, channel, caseworker, provider):
    got = inbound(client, channel, "Help, they took my passport, I am in Dubai", "SM1")
    assert got.status_code == 200 and got["Content-Type"].startswith("text/xml")
    contact = Contact.objects.get()
    assert contact.channel == "sms" and contact.caller_contact == "+9779841234567"
    assert contact.urgency in ("high", "immediate")
    inbound(client, channel, "Help, they took my passport, I am in Dubai", "SM1")  # retried
    assert Message.objects.count() == 1
    # A second message of the same sender joins the conversation.
    inbound(client, channel, "They lock us in at night", "SM2")
    contact.refresh_from_db()
    assert Contact.objects.count() == 1 and contact.messages.count() == 2
    assert "lock us in" in contact.narrative and contact.urgency == "immediate"
    sent = messaging.reply(caseworker, contact.pk, "We can help. Are you safe to talk?")
    assert sent.external_id == "SM00000000000000000000000000000001"
    request = FakeProvider.received[-1]
    assert request["auth_ok"]
    assert request["form"] == {"From": "+9779801000000", "To": "+9779841234567",
                               "Body": "We can help. Are you safe to talk?"}


def test_a_forged_or_unsigned_webhook_is_refused_and_audited(client, channel):
    assert inbound(client, channel, "fake", "SM9", token="wrong-token").status_code == 403
    url = messaging.webhook_url(channel).split("localhost:8000", 1)[-1]
    assert client.post(url, {"From": "+1", "Body": "x"}).status_code == 403
    assert not Contact.objects.exists() and not Message.objects.exists()
    refusals = AuditEntry.objects.filter(action="denied", object_type="intake.messagingchannel")
    assert refusals.count() == 2
    assert all("fake" not in str(e.detail) for e in refusals)


def test_an_unknown_or_inactive_channel_answers_404(client, channel):
    assert client.post("/hooks/twilio/nope/", {"Body": "x"}).status_code == 404
    channel.is_active = False
    channel.save()
    assert inbound(client, channel, "hello", "SM3").status_code == 404


def test_a_refused_reply_is_an_error_and_nothing_is_recorded_as_sent(client, channel,
                                                                       caseworker):
    inbound(client, channel, "Is anyone there?", "SM4")
    contact = Contact.objects.get()
    FakeProvider.fail_next = True
    with pytest.raises(messaging.DeliveryError):
        messaging.reply(caseworker, contact.pk, "Yes, we are here.")
    assert not contact.messages.filter(direction="out").exists()


def test_whatsapp_numbers_keep_their_prefix_for_replies(client, channel, caseworker):
    channel.kind, channel.number = "whatsapp", "whatsapp:+9779801000000"
    channel.save()
    inbound(client, channel, "hello from whatsapp", "SM5", sender="whatsapp:+9779841234567")
    contact = Contact.objects.get()
    assert contact.channel == "whatsapp" and contact.caller_contact == "+9779841234567"
    messaging.reply(caseworker, contact.pk, "Hello")
    assert FakeProvider.received[-1]["form"]["To"] == "whatsapp:+9779841234567"


def test_replies_only_to_ones_own_organisations_contacts(client, channel, other_org,
                                                         make_user):
    from django.http import Http404

    inbound(client, channel, "hello", "SM6")
    contact = Contact.objects.get()
    with pytest.raises(Http404):
        messaging.reply(make_user(other_org, "supervisor"), contact.pk, "hi")
    assert FakeProvider.received == []
    with pytest.raises(services.IntakeError):
        messaging.reply(make_user(channel.organisation, "caseworker", username="cw2"),
                        contact.pk, "")


def test_the_console_shows_the_conversation_and_sends_a_reply(client, channel, caseworker,
                                                              verified_client):
    inbound(client, channel, "Where can I sleep tonight?", "SM7")
    contact = Contact.objects.get()
    operator = verified_client(caseworker)
    page = operator.get(f"/intake/{contact.pk}/").content.decode()
    assert 'id="conversation"' in page and "Where can I sleep tonight?" in page
    got = operator.post(f"/intake/{contact.pk}/reply/", {"text": "Call 1234, we have a bed."})
    assert got.status_code == 302
    assert FakeProvider.received[-1]["form"]["Body"] == "Call 1234, we have a bed."
    assert contact.messages.filter(direction="out").count() == 1


def test_key_rotation_keeps_conversations_together(client, channel, settings):
    from django.core.management import call_command

    from tipnet.lib.crypto import generate_key_spec

    inbound(client, channel, "first message", "SM10")
    settings.TIPNET_DATA_KEYS = [generate_key_spec("k9"), *settings.TIPNET_DATA_KEYS]
    inbound(client, channel, "during the rotation", "SM11")  # old digest still matches
    call_command("rotate_keys")
    assert set(Message.objects.values_list("key_id", flat=True)) == {"k9"}
    inbound(client, channel, "after the rotation", "SM12")
    assert Contact.objects.count() == 1
    assert Contact.objects.get().messages.count() == 3
    call_command("rotate_keys", "--check")


def test_a_shared_location_and_files_are_kept_as_text(client, channel):
    params = {"MessageSid": "SM20", "From": "+9779841234567", "To": channel.number,
              "Body": "", "Latitude": "27.7172", "Longitude": "85.3240",
              "Address": "Thamel", "NumMedia": "2"}
    url = messaging.webhook_url(channel)
    got = client.post(url.split("localhost:8000", 1)[-1], params,
                      HTTP_X_TWILIO_SIGNATURE=messaging.signature(TOKEN, url, params))
    assert got.status_code == 200
    body = Message.objects.get().body
    assert "27.7172, 85.3240" in body and "Thamel" in body and "2 file(s)" in body


def test_a_malformed_signature_header_is_a_refusal_not_an_error(client, channel):
    url = messaging.webhook_url(channel).split("localhost:8000", 1)[-1]
    got = client.post(url, {"From": "+1", "Body": "x"}, HTTP_X_TWILIO_SIGNATURE="ü")
    assert got.status_code == 403


def test_a_field_sent_twice_is_signed_with_both_values():
    import hashlib
    import hmac

    expected = base64.b64encode(hmac.new(b"t", b"https://xA1A2B3", hashlib.sha1).digest())
    assert messaging.signature("t", "https://x", {"A": ["1", "2"], "B": "3"}) == \
        expected.decode()


def test_logs_never_show_a_webhook_key(caplog):
    import logging

    from tipnet.lib.logfilters import HideSecretPaths

    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1,
                               "Forbidden: %s", ("/hooks/twilio/s3cr3tKey_abc/",), None)
    HideSecretPaths().filter(record)
    assert "s3cr3tKey" not in record.getMessage() and "/hooks/twilio/" in record.getMessage()
