"""Exceptions of the federation app (re-exported by ``services``)."""

from __future__ import annotations


class Rejected(Exception):
    """Raised by a handler to refuse a received message for good: the sender is told, with a
    signed answer, and does not retry. ``reason`` travels back: no personal data in it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class FederationError(ValueError):
    """A federation step cannot be done as asked (no identity yet, a malformed identity card,
    a fingerprint that does not match, an http:// address where https is required...)."""


class PermissionDenied(PermissionError):
    """The acting user's role lacks ``federation.manage``."""
