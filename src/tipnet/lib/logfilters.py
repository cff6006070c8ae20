"""Logging filters. Leaf module: imports no tipnet app."""

from __future__ import annotations

import logging
import re

SECRET_PATH = re.compile(r"/hooks/([a-z]+)/[^/\s\"']+")


class HideSecretPaths(logging.Filter):
    """Replace the secret part of webhook addresses (``/hooks/twilio/<key>/``) in log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/hooks/" in message:
            record.msg = SECRET_PATH.sub(r"/hooks/\1/…", message)
            record.args = ()
        return True
