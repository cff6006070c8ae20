"""What the rest of tipnet may do with federation.

* ``send(peer, kind, payload, idempotency_key=..., user=...)`` puts a message in the outbox,
  inside the caller's transaction; the worker (``tipnet federation_deliver``) delivers it, and
  a first attempt is made right after the commit.
* Received messages go to the handler of their kind, named in
  ``settings.TIPNET_FEDERATION_HANDLERS``; a handler raises ``Rejected`` to refuse one.
* This deployment's identity and its peers are managed by system administrators
  (``federation.manage``); every change is audited.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.audit import services as audit

from . import envelope
from .errors import FederationError, PermissionDenied, Rejected
from .models import InboxMessage, LocalIdentity, OutboxMessage, Peer

MANAGE = "federation.manage"
CARD_FORMAT = "tipnet-federation-identity/1"
__all__ = ["FederationError", "PermissionDenied", "Rejected", "add_peer", "check_url",
           "create_identity", "current_identity", "find_peer", "identity_card",
           "peer_from_card", "rekey_peer", "save_new_peer", "send", "set_peer_active",
           "status_counts"]


def require_manage(user: Any, via: str, action: str) -> None:
    if not (user is not None and user.is_active and user.can(MANAGE)):
        audit.denied(user, MANAGE, via=via, object_type="federation.peer", action=action)
        raise PermissionDenied(MANAGE)


def check_url(url: str) -> str:
    """A peer's (or our own) base URL, without a trailing slash. https only, unless
    TIPNET_FEDERATION_ALLOW_HTTP is on (development and tests)."""
    url = str(url or "").strip().rstrip("/")
    parts = urlsplit(url)
    allowed = {"https", "http"} if settings.TIPNET_FEDERATION_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed or not parts.hostname:
        raise FederationError(
            _("%(url)s is not an https:// address (http:// only when "
              "TIPNET_FEDERATION_ALLOW_HTTP is on).") % {"url": url or "''"})
    if parts.query or parts.fragment or parts.username or parts.password:
        raise FederationError(_("A base URL has no query, fragment or credentials."))
    return url


def inbox_url(base_url: str) -> str:
    return check_url(base_url) + "/federation/inbox"


# -- this deployment's identity ----------------------------------------------------------

def current_identity() -> LocalIdentity | None:
    return LocalIdentity.objects.filter(is_current=True).first()


def require_identity() -> LocalIdentity:
    identity = current_identity()
    if identity is None:
        raise FederationError(_("This deployment has no federation identity yet: run "
                                "tipnet federation_identity --generate."))
    return identity


def create_identity(user: Any, *, name: str, base_url: str, replace: bool = False,
                    via: str = "cli") -> LocalIdentity:
    """Generate this deployment's key pairs. Refuses when there is one, unless ``replace``:
    every peer then has to register the new identity card."""
    require_manage(user, via, "identity")
    name = str(name or "").strip()
    if not name:
        raise FederationError(_("Give this deployment a name."))
    base_url = check_url(base_url)
    keys = envelope.PrivateIdentity.generate()
    public = keys.public
    with transaction.atomic():
        old = LocalIdentity.objects.select_for_update().filter(is_current=True).first()
        if old is not None and not replace:
            raise FederationError(_("This deployment already has an identity (fingerprint "
                                    "%(fp)s); replacing it cuts every peer off until they "
                                    "register the new one.") % {"fp": old.fingerprint_grouped})
        if old is not None:
            old.is_current = False
            old.save(update_fields=["is_current"])
        identity = LocalIdentity.objects.create(
            name=name, base_url=base_url,
            signing_key=envelope.b64e(public.signing_key),
            encryption_key=envelope.b64e(public.encryption_key),
            fingerprint=public.fingerprint,
            signing_seed=envelope.b64e(keys.signing_seed),
            encryption_secret=envelope.b64e(keys.encryption_secret))
        audit.record("federation_identity", user=user, obj=identity, via=via,
                     detail={"fingerprint": identity.fingerprint,
                             "replaced": old.fingerprint if old else ""})
    return identity


def identity_card(identity: LocalIdentity | None = None) -> dict[str, Any]:
    """What to give the other side: name, URL, both public keys and the fingerprint. Public
    information; its fingerprint is what the other side checks with you out of band."""
    identity = identity or require_identity()
    return {"format": CARD_FORMAT, "name": identity.name, "url": identity.base_url,
            "signing_key": identity.signing_key, "encryption_key": identity.encryption_key,
            "fingerprint": identity.fingerprint}


def read_card(card: Any) -> tuple[str, str, envelope.PublicIdentity]:
    """(name, base URL, public keys) of an identity card, or FederationError saying why not."""
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise FederationError(_("This is not a tipnet federation identity card."))
    try:
        public = envelope.PublicIdentity(
            envelope.b64d(card.get("signing_key", ""), length=32, what="signing_key"),
            envelope.b64d(card.get("encryption_key", ""), length=32, what="encryption_key"))
    except envelope.PackageError as error:
        raise FederationError(_("The card's keys are not valid: %(e)s") % {"e": error}) from None
    if card.get("fingerprint") and card["fingerprint"] != public.fingerprint:
        raise FederationError(_("The card's fingerprint does not match its keys: the card "
                                "was altered."))
    return str(card.get("name") or "").strip()[:200], check_url(card.get("url", "")), public


def _confirm(public: envelope.PublicIdentity, typed: str) -> None:
    if envelope.normalise_fingerprint(typed) != public.fingerprint:
        raise FederationError(_("The fingerprint you checked (%(typed)s) is not the card's "
                                "(%(card)s). Do not add this peer until they match.")
                              % {"typed": typed, "card": envelope.grouped(public.fingerprint)})


# -- peers -------------------------------------------------------------------------------

def peer_from_card(card: Any, *, fingerprint: str, name: str = "") -> Peer:
    """An unsaved peer from its identity card, after checking that ``fingerprint`` — the one
    the peer's administrator read out to you (by phone, in person) — matches its keys."""
    card_name, base_url, public = read_card(card)
    _confirm(public, fingerprint)
    name = (name or card_name).strip()
    if not name:
        raise FederationError(_("Give the peer a name."))
    identity = current_identity()
    if identity is not None and identity.fingerprint == public.fingerprint:
        raise FederationError(_("This is this deployment's own identity card."))
    if Peer.objects.filter(fingerprint=public.fingerprint).exists():
        raise FederationError(_("A peer with these keys is already registered."))
    return Peer(name=name, base_url=base_url, signing_key=envelope.b64e(public.signing_key),
                encryption_key=envelope.b64e(public.encryption_key),
                fingerprint=public.fingerprint)


def add_peer(user: Any, card: Any, *, fingerprint: str, name: str = "",
             via: str = "cli") -> Peer:
    """Register a peer from its identity card (see ``peer_from_card``). Audited."""
    require_manage(user, via, "add_peer")
    return save_new_peer(user, peer_from_card(card, fingerprint=fingerprint, name=name),
                         via=via)


def save_new_peer(user: Any, peer: Peer, *, via: str) -> Peer:
    require_manage(user, via, "add_peer")
    peer.added_by = user
    try:
        with transaction.atomic():
            peer.save(force_insert=True)
            audit.record("create", user=user, obj=peer, via=via,
                         detail={"fingerprint": peer.fingerprint})
    except IntegrityError:
        raise FederationError(_("A peer with this name or these keys is already "
                                "registered.")) from None
    return peer


def rekey_peer(user: Any, peer: Peer, card: Any, *, fingerprint: str,
               via: str = "cli") -> Peer:
    """Give a registered peer its new identity (after it replaced its keys); messages still
    in the outbox are sealed with the new keys at their next attempt."""
    require_manage(user, via, "rekey_peer")
    _, base_url, public = read_card(card)
    _confirm(public, fingerprint)
    old = peer.fingerprint
    peer.base_url = base_url
    peer.signing_key = envelope.b64e(public.signing_key)
    peer.encryption_key = envelope.b64e(public.encryption_key)
    peer.fingerprint = public.fingerprint
    with transaction.atomic():
        peer.save(update_fields=["base_url", "signing_key", "encryption_key", "fingerprint"])
        audit.record("update", user=user, obj=peer, via=via,
                     detail={"fingerprint": peer.fingerprint, "replaced": old})
    return peer


def set_peer_active(user: Any, peer: Peer, active: bool, *, via: str = "cli") -> Peer:
    require_manage(user, via, "activate_peer" if active else "deactivate_peer")
    with transaction.atomic():
        peer.is_active = active
        peer.save(update_fields=["is_active"])
        audit.record("update", user=user, obj=peer, via=via, detail={"active": active})
    return peer


def find_peer(text: str) -> Peer:
    """A peer by its name or by the start of its fingerprint (8 hex digits at least)."""
    peer = Peer.objects.filter(name=text).first()
    digits = envelope.normalise_fingerprint(text)
    if peer is None and len(digits) >= 8:
        found = list(Peer.objects.filter(fingerprint__startswith=digits)[:2])
        peer = found[0] if len(found) == 1 else None
    if peer is None:
        raise FederationError(_("No peer named %(name)s.") % {"name": text})
    return peer


# -- messages ----------------------------------------------------------------------------

def send(peer: Peer, kind: str, payload: dict, *, idempotency_key: str, user: Any = None,
         via: str = "web", deliver_now: bool = True) -> OutboxMessage:
    """Put a message for ``peer`` in the outbox, in the caller's transaction, and return it.

    The idempotency key names the message for good (e.g. ``referral:<uuid>:accepted``): the
    peer hands it to its handler once, however often it is sent; sending the same key to
    the same peer again returns the message already queued (its payload stands). After the
    commit, a first delivery attempt runs in the background; the outbox is what counts, and
    the worker retries until the peer acknowledges."""
    if kind == envelope.ACK or not envelope.KIND_RE.match(kind):
        raise ValueError(f"kind {kind!r}: lower-case letters, digits, '.', '_' or '-' "
                         f"(and not {envelope.ACK!r})")
    if not envelope.KEY_RE.match(idempotency_key):
        raise ValueError("idempotency key: 1-128 letters, digits, '.', '_', ':' or '-'")
    if not isinstance(payload, dict):
        raise TypeError("the payload must be a dict")
    size = len(json.dumps(payload, ensure_ascii=False).encode())  # not JSON: fail here
    if size * 4 // 3 + 2048 > settings.TIPNET_FEDERATION_MAX_BODY_BYTES:
        raise ValueError(f"the payload ({size // 1024} KB) would make a package larger than "
                         "an inbox takes (TIPNET_FEDERATION_MAX_BODY_KB)")
    if not peer.is_active:
        raise FederationError(_("The peer %(name)s is inactive.") % {"name": peer.name})
    with transaction.atomic():
        existing = OutboxMessage.objects.filter(peer=peer,
                                                idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
        message = OutboxMessage.objects.create(
            peer=peer, kind=kind, idempotency_key=idempotency_key, payload=payload,
            next_attempt_at=timezone.now(), created_by=user if getattr(user, "pk", None)
            else None)
        audit.record("federation_sent", user=user, obj=message, via=via,
                     detail={"peer": str(peer.pk), "kind": kind})
    if deliver_now and settings.TIPNET_FEDERATION_DELIVER_ON_COMMIT:
        from . import outbox

        transaction.on_commit(lambda: outbox.deliver_in_background(message.pk))
    return message


def forget(peer: Peer, key_prefix: str) -> int:
    """Empty the stored payloads (and replies) of the messages to and from ``peer`` whose
    idempotency key starts with ``key_prefix``: what an app calls when the data it sent or
    received must go (a referral closed, a case erased). The messages themselves, their keys
    and states stay: they are what makes delivery exactly-once. Returns how many changed."""
    changed = 0
    for model in (OutboxMessage, InboxMessage):
        for message in model.objects.filter(peer=peer, idempotency_key__startswith=key_prefix):
            if message.payload or message.reply:
                message.payload, message.reply = {}, None
                message.save(update_fields=["payload", "reply"])
                changed += 1
    return changed


def status_counts() -> dict[str, Any]:
    """Outbox and inbox counts per peer and state, for the status page and the command."""
    peers: dict[Any, dict[str, Any]] = {
        p.pk: {"peer": p, "pending": 0, "delivered": 0, "failed": 0, "received": 0}
        for p in Peer.objects.all()}
    for row in OutboxMessage.objects.values("peer", "status").annotate(n=Count("id")):
        peers[row["peer"]][row["status"]] = row["n"]
    for row in InboxMessage.objects.values("peer").annotate(n=Count("id")):
        peers[row["peer"]]["received"] = row["n"]
    return {"identity": current_identity(), "peers": list(peers.values())}
