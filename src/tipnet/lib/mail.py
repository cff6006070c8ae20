"""Sending e-mail where a failing mail server must not undo or break what was done.
Leaf module: imports no tipnet app."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail


def send_or_log(subject: str, body: str, to: list[str], *, what: str,
                log: logging.Logger) -> None:
    """Send to ``to`` (nothing if empty); on any backend error, log it as ``what`` not sent
    and go on: the change it tells of is committed and shown on its page either way."""
    if not to:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except Exception:  # noqa: BLE001 - any backend error; logged, not raised
        log.exception("%s not sent (%d recipients): %s", what, len(to), subject)
