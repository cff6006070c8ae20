"""The process-wide keyring, built from Django settings.

Leaf module: reads ``settings.TIPNET_DATA_KEYS`` only.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .crypto import Keyring, parse_key_specs


@lru_cache(maxsize=1)
def _cached(specs: tuple[str, ...]) -> Keyring:
    return Keyring(parse_key_specs(list(specs)))


def keyring() -> Keyring:
    return _cached(tuple(settings.TIPNET_DATA_KEYS))
