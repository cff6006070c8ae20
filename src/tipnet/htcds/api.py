"""HTCDS exchange over the API: the schema, a streamed export, an all-or-nothing import."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from . import services

router = Router(tags=["htcds"])
# Uploads above this size are refused before reading (see the report: a setting is wanted).


class ImportedOut(Schema):
    imported: int


class ProblemOut(Schema):
    row: int | None
    field: str
    message: str
    line: int | None = None


class ImportErrorOut(Schema):
    detail: str
    errors: list[ProblemOut]
    unlisted: int = 0


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] | None = None


@router.get("/schema", response=dict[str, Any], summary="JSON Schema of an HTCDS record")
def get_schema(request):  # type: ignore[no-untyped-def]
    """Draft 2020-12; generated from the HTCDS v2.0 field standard and tipnet's mapping."""
    return services.json_schema()


@router.get("/export", response={200: None, 403: ErrorOut},
            summary="Export the organisation's cases as HTCDS records")
def export(request, format: Literal["json", "jsonl", "csv"] = "json"):  # type: ignore[no-untyped-def]
    """Streams every case of your organisation you may see: JSON (one array), JSON Lines or
    CSV (one row per case; see MAPPING.md for the columns). Needs case.export; audited."""
    started = services.start_export(request.user, format, via="api")
    response = StreamingHttpResponse((chunk.encode() for chunk in started.chunks()),
                                     content_type=services.content_type(format))
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="htcds-{stamp}.{format}"'
    response["Cache-Control"] = "no-store"
    response["X-Record-Count"] = str(started.count)
    return response


@router.post("/import", response={200: ImportedOut, 400: ImportErrorOut, 403: ErrorOut,
                                  413: ErrorOut},
             summary="Import HTCDS records as new cases (all or nothing)")
def import_records(request, file: File[UploadedFile],  # type: ignore[no-untyped-def]
                   format: Form[Literal["json", "jsonl", "csv"] | None] = None):
    """Every record is checked first; if any has a problem, nothing is imported and every
    problem is listed with its row number. Needs case.import; audited."""
    limit = settings.TIPNET_MAX_IMPORT_BYTES
    if file.size is not None and file.size > limit:
        return Status(413, {"detail": f"The file is larger than {limit // (1024 * 1024)} MB."})
    try:
        count = services.import_file(request.user, file.file, name=file.name or "", fmt=format,
                                     via="api")
    except services.ImportRejected as rejected:
        return Status(400, rejected.as_dict())
    return {"imported": count}
