"""SMS and WhatsApp through a messaging provider, in Twilio's formats.

Inbound: the provider POSTs each message (form fields ``MessageSid``, ``From``, ``To``,
``Body``...) to ``/hooks/twilio/<webhook key>/`` with an ``X-Twilio-Signature`` header:
base64 HMAC-SHA1, keyed with the channel's auth token, of the webhook URL followed by every
POST field's name and value, sorted by name. A request whose signature does not match is
refused (403) and audited, nothing kept. A valid message joins the open contact of the same
sender on that channel (a conversation), or starts a new contact, triaged and linked like any
other; the provider's ``MessageSid`` makes a retried webhook count once.

Outbound: an operator's reply is POSTed to the provider's Messages API (HTTP basic auth with
the account SID and auth token) and kept with the id the provider returns.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from tipnet.audit import services as audit
from tipnet.lib import normalise
from tipnet.lib.keys import keyring

from . import services
from .models import Message, MessagingChannel

log = logging.getLogger(__name__)
MAX_BODY = 5000


class DeliveryError(Exception):
    """The provider did not take the reply."""


def new_webhook_key() -> str:
    return secrets.token_urlsafe(32)


def webhook_url(channel: MessagingChannel) -> str:
    """The address to give the provider (built from TIPNET_BASE_URL, as the provider sees
    it: the signature covers it exactly)."""
    return settings.TIPNET_BASE_URL + reverse("twilio_webhook", args=[channel.webhook_key])


def signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's request signature for ``url`` and the POST ``params``."""
    data = url + "".join(name + params[name] for name in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_by(channel: MessagingChannel, url: str, params: dict[str, str],
              header: str) -> bool:
    if not header:
        return False
    return hmac.compare_digest(signature(channel.auth_token, url, params), header)


def _party(channel: MessagingChannel, number: str) -> str:
    region = channel.organisation.country.code if channel.organisation.country else ""
    plain = number.removeprefix("whatsapp:")
    return keyring().digest("phone", normalise.phone(plain, region) or plain)


def receive(channel: MessagingChannel, params: dict[str, str]) -> Message | None:
    """A verified inbound message: added to the sender's open conversation, or a new contact.
    Returns None for a message already received (the provider retried)."""
    sid = (params.get("MessageSid") or params.get("SmsSid") or "")[:64]
    sender = (params.get("From") or "")[:60]
    body = (params.get("Body") or "")[:MAX_BODY]
    if sid and Message.objects.filter(channel=channel, external_id=sid).exists():
        return None
    party = _party(channel, sender)
    try:
        with transaction.atomic():
            earlier = (Message.objects.select_related("contact")
                       .filter(channel=channel, party_digest=party)
                       .exclude(contact__status="closed").order_by("-at").first())
            if earlier is not None:
                contact = earlier.contact
            else:
                contact = services.receive_message(channel.organisation, {
                    "channel": "whatsapp" if channel.kind == "whatsapp" else "sms",
                    "narrative": body, "caller_contact": sender.removeprefix("whatsapp:")})
            message = Message.objects.create(contact=contact, channel=channel, direction="in",
                                             body=body, external_id=sid, party_digest=party)
            if earlier is not None:
                services.add_to_conversation(contact, body)
            audit.record("create", obj=message, organisation_id=channel.organisation_id,
                         subject_id=contact.pk, via="sms",
                         detail={"contact": str(contact.pk), "direction": "in"})
    except IntegrityError:  # the same MessageSid at the same moment: counted once
        return None
    return message


def reply(user: Any, contact_id: Any, text: str, *, via: str = "web") -> Message:
    """Send ``text`` to the sender of the contact's conversation, through its channel."""
    services.require(user, "intake.log", via)
    contact = services.get(user, contact_id, via=via, audit_view=False)
    text = (text or "").strip()
    if not text or len(text) > 1600:
        raise services.IntakeError({"text": "write a reply of 1 to 1,600 characters"})
    last_in = contact.messages.filter(direction="in").select_related("channel").last()
    if last_in is None:
        raise services.IntakeError({"text": "this contact did not come by SMS or WhatsApp"})
    channel = last_in.channel
    to = contact.caller_contact
    if channel.kind == "whatsapp" and not to.startswith("whatsapp:"):
        to = f"whatsapp:{to}"
    sid, status = _send(channel, to, text)
    with transaction.atomic():
        message = Message.objects.create(
            contact=contact, channel=channel, direction="out", body=text, external_id=sid,
            party_digest=last_in.party_digest, status=status, sent_by=user)
        audit.record("create", user=user, obj=message, subject_id=contact.pk, via=via,
                     organisation_id=contact.organisation_id,
                     detail={"contact": str(contact.pk), "direction": "out"})
        if contact.status == "new":
            contact.status, contact.handled_by = "in_progress", user
            contact.save(update_fields=["status", "handled_by", "updated_at"])
    return message


def _send(channel: MessagingChannel, to: str, text: str) -> tuple[str, str]:
    url = (f"{channel.api_base.rstrip('/')}/2010-04-01/Accounts/"
           f"{urllib.parse.quote(channel.account_sid)}/Messages.json")
    body = urllib.parse.urlencode({"From": channel.number, "To": to, "Body": text}).encode()
    credentials = base64.b64encode(f"{channel.account_sid}:{channel.auth_token}".encode())
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310
        "Authorization": f"Basic {credentials.decode()}",
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        log.warning("messaging: the provider refused a reply (HTTP %s)", error.code)
        raise DeliveryError(f"the provider refused the message (HTTP {error.code})") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        log.warning("messaging: the provider could not be reached (%s)", type(error).__name__)
        raise DeliveryError("the provider could not be reached; try again") from None
    return str(answer.get("sid", ""))[:64], str(answer.get("status", "queued"))[:12]


def active_channel(key: str) -> MessagingChannel | None:
    return MessagingChannel.objects.select_related("organisation").filter(
        webhook_key=key, is_active=True, organisation__is_active=True).first()

