"""The acting user of an HTCDS command: --user USERNAME, or TIPNET_CLI_USER.

A command-line export or import acts for one user: their organisation owns what is imported,
their role decides what may be exported, and the audit log names them. Scripts that call the
fixed interface (`tipnet export_htcds --format csv --output PATH`) set TIPNET_CLI_USER once.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError

from tipnet.lib.cli import active_user


def acting_user(username: str | None) -> Any:
    username = username or os.environ.get("TIPNET_CLI_USER", "")
    if not username:
        raise CommandError("give the acting user: --user USERNAME (or set TIPNET_CLI_USER)")
    user = active_user(username)
    if user.organisation_id is None:
        raise CommandError(f"{username!r} belongs to no organisation")
    return user
