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
from tipnet.cases import services as cases
from tipnet.lib import normalise
from tipnet.lib.keys import keyring

from . import services
from .models import Contact, Message, MessagingChannel

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


def signature(auth_token: str, url: str, params: dict[str, Any]) -> str:
    """Twilio's request signature for ``url`` and the POST ``params`` (a value may be a list:
    a field sent more than once is signed with each of its values, in order)."""
    parts = [url]
    for name in sorted(params):
        values = params[name] if isinstance(params[name], list) else [params[name]]
        parts += [name + str(value) for value in values]
    digest = hmac.new(auth_token.encode(), "".join(parts).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_by(channel: MessagingChannel, url: str, params: dict[str, Any],
              header: str) -> bool:
    if not header:
        return False
    expected = signature(channel.auth_token, url, params).encode()
    return hmac.compare_digest(expected, header.encode("utf-8", "replace"))


def _party_number(channel: MessagingChannel, number: str) -> str:
    region = cases.region_of(channel.organisation)
    plain = number.removeprefix("whatsapp:")
    return normalise.phone(plain, region) or plain


def _text_of(params: dict[str, str]) -> str:
    """What the person sent: the text, a shared location, and how many files they sent
    (files stay at the provider; their addresses are not kept)."""
    parts = [(params.get("Body") or "").strip()]
    lat, lon = params.get("Latitude", ""), params.get("Longitude", "")
    if lat and lon:
        where = ", ".join(p for p in (params.get("Label", ""), params.get("Address", "")) if p)
        parts.append(f"[shared location: {lat[:20]}, {lon[:20]}{' — ' + where if where else ''}]")
    media = params.get("NumMedia", "0")
    if media.isdigit() and int(media) > 0:
        parts.append(f"[{int(media)} file(s) sent: open them in the provider's console]")
    return "\n".join(p for p in parts if p)[:MAX_BODY]


def receive(channel: MessagingChannel, params: dict[str, str]) -> Message | None:
    """A verified inbound message: added to the sender's open conversation, or a new contact.
    Returns None for a message already received (the provider retried)."""
    sid = (params.get("MessageSid") or params.get("SmsSid") or "")[:64]
    sender = (params.get("From") or "")[:60]
    body = _text_of(params)
    if sid and Message.objects.filter(channel=channel, external_id=sid).exists():
        return None
    ring = keyring()
    number = _party_number(channel, sender)
    party = ring.digest("phone", number)
    try:
        with transaction.atomic():
            earlier = (Message.objects
                       .filter(channel=channel, party_digest__in=ring.digests("phone", number))
                       .exclude(contact__status="closed").order_by("-at")
                       .values_list("contact_id", flat=True).first())
            if earlier is not None:
                # Locked: two messages of one sender at once must both reach its text.
                contact = Contact.objects.select_for_update().get(pk=earlier)
            else:
                contact = services.receive_message(channel.organisation, {
                    "channel": "whatsapp" if channel.kind == "whatsapp" else "sms",
                    "narrative": body, "caller_contact": sender.removeprefix("whatsapp:")})
            message = Message.objects.create(contact=contact, channel=channel, direction="in",
                                             body=body, external_id=sid, party_digest=party,
                                             key_id=ring.primary.kid)
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
    if not channel.is_active or channel.organisation_id != contact.organisation_id:
        raise services.IntakeError({"text": "this conversation's channel is no longer in use"})
    to = contact.caller_contact
    if channel.kind == "whatsapp" and not to.startswith("whatsapp:"):
        to = f"whatsapp:{to}"
    sid, status = _send(channel, to, text)
    with transaction.atomic():
        message = Message.objects.create(
            contact=contact, channel=channel, direction="out", body=text, external_id=sid,
            party_digest=last_in.party_digest, key_id=last_in.key_id, status=status,
            sent_by=user)
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


def reindex(message_id: Any) -> None:
    """A message's sender digest again, under the primary key (after key rotation), from
    the number the contact keeps encrypted."""
    with transaction.atomic():
        message = (Message.objects.select_for_update(of=("self",))
                   .select_related("contact", "channel__organisation")
                   .filter(pk=message_id).first())
        if message is None:
            return
        number = _party_number(message.channel, message.contact.caller_contact)
        ring = keyring()
        message.party_digest, message.key_id = ring.digest("phone", number), ring.primary.kid
        message.save(update_fields=["party_digest", "key_id"])


def active_channel(key: str) -> MessagingChannel | None:
    return MessagingChannel.objects.select_related("organisation").filter(
        webhook_key=key, is_active=True, organisation__is_active=True).first()

