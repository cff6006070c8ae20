"""The registry of handlers for received kinds, and the one built in: ``ping``.

``settings.TIPNET_FEDERATION_HANDLERS`` maps a kind to the dotted path of a callable
``handler(peer, payload, message)``, called inside the receiving transaction. What it returns
(a JSON object, or None) travels back to the sender in the signed acknowledgement and is kept
on the sender's outbox message as its ``reply``. It raises ``services.Rejected(reason)`` to
refuse the message for good; any other exception makes the sender try again later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from . import envelope

Handler = Callable[[Any, dict, Any], "dict | None"]


def handler_for(kind: str) -> Handler | None:
    path = settings.TIPNET_FEDERATION_HANDLERS.get(kind)
    return import_string(path) if path else None


def ping(peer: Any, payload: dict, message: Any) -> dict:
    """A connectivity check (``tipnet federation_ping``): answers with the time it arrived,
    which the sender records with its outbox message."""
    return {"pong": True, "received_at": envelope.format_time(timezone.now())}
