"""Helpers for the HTCDS tests: export and import in memory, count cases."""

from __future__ import annotations

import io
import json


def export_text(user, fmt="json"):
    from tipnet.htcds import services

    return "".join(services.start_export(user, fmt, via="cli").chunks())


def export_records(user):
    return json.loads(export_text(user, "json"))


def import_bytes(user, data, fmt="json"):
    from tipnet.htcds import services

    if isinstance(data, str):
        data = data.encode()
    return services.import_file(user, io.BytesIO(data), fmt=fmt, via="cli")


def case_count():
    from tipnet.cases.models import Case

    return Case.objects.count()


def comparable(record):
    """A record without what an import does not carry over (see MAPPING.md)."""
    out = {k: v for k, v in record.items() if k != "x_tipnet_CaseReference"}
    if "cco_Comments" in out:
        out["cco_Comments"] = [{k: v for k, v in c.items() if k != "x_tipnet_CreatedAt"}
                               for c in out["cco_Comments"]]
    if "con_Consents" in out:
        out["con_Consents"] = [{k: (True if k == "x_tipnet_WithdrawnAt" else v)
                                for k, v in c.items()} for c in out["con_Consents"]]
    return out
