"""Small pieces that tipnet's management commands share.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def active_user(username: str) -> Any:
    """The active user a command acts for, or CommandError."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username!r}")
    return user


def read_json(path: str) -> Any:
    """A JSON document from a file, or CommandError saying why it cannot be read."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{path} is not a JSON document: {error}") from None


def write_json(document: Any, path: str | None) -> str | None:
    """Write ``document`` as indented JSON to ``path``, or to standard output when there is
    none; returns the path written."""
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if not path:
        sys.stdout.write(text)
        return None
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
