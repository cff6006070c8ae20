"""Import HTCDS records as new cases of the importing user's organisation: all or nothing.

Pass 1 streams the file and checks every record against the JSON Schema and tipnet's own
validation (``clean_case_data``), collecting every problem as (row, field, message). If there is
any, ``ImportRejected`` lists them all and nothing is written. Pass 2 streams the file again and
creates the cases in batches through ``cases.services.create_many`` (the bulk path: same
encryption, blind indexes and audit entries as creating one case) inside one transaction, so a
failure part-way leaves nothing behind. Pass 2 fingerprints the bytes it reads and refuses to
commit unless they are the ones pass 1 checked (the file may change in between).

The file object must be binary and seekable (an open file or a Django upload).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction

from tipnet.audit import services as audit
from tipnet.cases import notes
from tipnet.cases import services as case_services
from tipnet.cases.validation import CaseDataError, clean_case_data

from . import mapping, readers, schema
from .problems import ImportRejected, Problem
from .progress import Bar, Progress, no_progress

MAX_LISTED = 10_000  # problems listed in one report; the rest are counted
PROGRESS_EVERY = 200  # rows between progress updates in pass 1
BATCH = 500  # records created per bulk insert in pass 2


@dataclass
class Checked:
    problems: list[tuple[str, str]]
    mapped: mapping.Mapped | None = None
    cleaned: dict[str, Any] | None = None


def check_record(record: Any, *, can_decide: bool, against_schema: bool = True) -> Checked:
    """Every problem with one record, as (HTCDS path, message)."""
    found = schema.errors(record) if against_schema else []
    if found:
        return Checked(found)
    mapped = mapping.record_to_case(record)
    found = sorted(mapped.errors.items())
    try:
        cleaned = clean_case_data(mapped.data)
    except CaseDataError as error:
        found += sorted((mapped.htcds_path(path), message)
                        for path, message in error.errors.items())
        return Checked(found, mapped)
    if not can_decide and any(cleaned.get(f) for f in case_services.DECISION_FIELDS):
        found.append((mapped.htcds_path("trafficking_status"), case_services.DECISION_REFUSED))
    return Checked(found, mapped, cleaned)


@dataclass(frozen=True)
class CheckedFile:
    count: int
    fingerprint: str


def _size(f: IO[bytes]) -> int | None:
    size = getattr(f, "size", None)  # a Django upload
    if isinstance(size, int):
        return size
    try:
        return os.fstat(f.fileno()).st_size
    except (AttributeError, OSError):  # io.UnsupportedOperation is an OSError
        return None


def _file_problem(problem: readers.FileProblem) -> ImportRejected:
    return ImportRejected(f"The file cannot be imported: {problem}. Nothing was imported.",
                          [Problem(None, "", str(problem))])


def check_file(user: Any, f: IO[bytes], fmt: str, progress: Progress = no_progress
               ) -> CheckedFile:
    """Pass 1: count and fingerprint the records, or ImportRejected listing every problem."""
    can_decide = user.can("case.decide_status")
    problems: list[Problem] = []
    bad_rows = unlisted = count = 0
    bar = progress("checking", _size(f), "B")
    reading = readers.Pass(f, fmt)
    done = 0
    try:
        for row in reading:
            count += 1
            found = row.problems or check_record(row.record, can_decide=can_decide).problems
            if found:
                bad_rows += 1
                for path, message in found:
                    if len(problems) < MAX_LISTED:
                        problems.append(Problem(row.number, path, message, row.line))
                    else:
                        unlisted += 1
            if count % PROGRESS_EVERY == 0:
                done = _advance(bar, reading, done)
        _advance(bar, reading, done)
    except readers.FileProblem as problem:
        raise _file_problem(problem) from None
    finally:
        bar.close()
    if bad_rows:
        raise ImportRejected(
            f"{bad_rows} of {count} records have problems; nothing was imported.",
            problems, unlisted=unlisted)
    if count == 0:
        raise _file_problem(readers.FileProblem("the file holds no records"))
    return CheckedFile(count, reading.fingerprint())


def _advance(bar: Bar, reading: readers.Pass, done: int) -> int:
    try:
        position = reading.position()
    except (OSError, ValueError):
        return done
    if position > done:
        bar.update(position - done)
    return max(position, done)


def _add_notes(user: Any, case: Any, mapped: mapping.Mapped, via: str) -> None:
    for comment in mapped.notes.get("comments", []):
        notes.add_comment(user, case.pk, comment["text"], via=via)
    for consent in mapped.notes.get("consents", []):
        record = notes.record_consent(
            user, case.pk, {k: v for k, v in consent.items() if k != "withdrawn_at"}, via=via)
        if consent.get("withdrawn_at"):
            notes.withdraw_consent(user, case.pk, record.pk, via=via)


def _create_batch(user: Any, batch: list[tuple[readers.Row, Checked]], via: str) -> int:
    """Create a batch of checked records with the bulk path (a few queries per batch)."""
    try:
        cases = case_services.create_many(user, [c.cleaned for _, c in batch], via=via,
                                          audit_action="import")
    except CaseDataError as error:
        first, last = batch[0][0].number, batch[-1][0].number
        raise ImportRejected(
            f"Records {first} to {last} could not be imported; nothing was imported.",
            [Problem(None, path, message) for path, message in error.errors.items()]) from None
    for (row, checked), case in zip(batch, cases, strict=True):
        if not checked.mapped or not checked.mapped.notes:
            continue
        try:
            _add_notes(user, case, checked.mapped, via)
        except CaseDataError as error:
            raise ImportRejected(
                f"Record {row.number} could not be imported; nothing was imported.",
                [Problem(row.number, checked.mapped.htcds_path(p), m, row.line)
                 for p, m in error.errors.items()]) from None
    return len(cases)


CHANGED = "The file changed while it was being imported; nothing was imported."
# What mapping a record that no longer fits the schema can raise (the file changed).
MALFORMED = (TypeError, AttributeError, KeyError, IndexError, ValueError)


def create_all(user: Any, f: IO[bytes], fmt: str, checked_file: CheckedFile, *, via: str,
               progress: Progress = no_progress) -> int:
    """Pass 2: create every case in one transaction; any failure undoes them all.

    Records are mapped and cleaned again (creation needs that) but not run through the schema
    again: the pass's fingerprint, compared before the transaction commits, proves that it read
    the very bytes pass 1 checked."""
    can_decide = user.can("case.decide_status")
    bar = progress("importing", checked_file.count, "case")
    reading = readers.Pass(f, fmt)
    count = 0
    batch: list[tuple[readers.Row, Checked]] = []
    try:
        with transaction.atomic():
            for row in reading:
                try:
                    checked = check_record(row.record, can_decide=can_decide,
                                           against_schema=False)
                except MALFORMED:
                    checked = Checked([("", "no longer fits the schema")])
                found = row.problems or checked.problems
                if found or checked.cleaned is None:
                    raise ImportRejected(CHANGED, [Problem(row.number, p, m, row.line)
                                                   for p, m in found])
                batch.append((row, checked))
                if len(batch) == BATCH:
                    count += _create_batch(user, batch, via)
                    bar.update(len(batch))
                    batch = []
            if batch:
                count += _create_batch(user, batch, via)
                bar.update(len(batch))
            if reading.fingerprint() != checked_file.fingerprint:
                raise ImportRejected(CHANGED, [Problem(None, "", "the file changed after it "
                                                                 "was checked")])
            audit.record("import", user=user, object_type="cases.case", via=via,
                         detail={"format": fmt, "records": count})
    except readers.FileProblem as problem:
        raise _file_problem(problem) from None
    finally:
        bar.close()
    return count


def import_file(user: Any, f: IO[bytes], fmt: str, *, via: str,
                progress: Progress = no_progress) -> int:
    """Check, then import, a whole file for ``user``'s organisation. Returns the count.

    Raises PermissionDenied (audited) without case.import, ImportRejected (audited with
    counts) when anything is wrong with the file."""
    if not (user.can("case.import") and user.can("case.create")):
        audit.record("denied", user=user, object_type="cases.case", via=via,
                     detail={"wanted": "case.import", "reason": "role"})
        raise case_services.PermissionDenied("case.import")
    try:
        checked_file = check_file(user, f, fmt, progress)
        return create_all(user, f, fmt, checked_file, via=via, progress=progress)
    except ImportRejected as rejected:
        audit.record("import", user=user, object_type="cases.case", via=via,
                     detail={"format": fmt, "rejected": True,
                             "problems": len(rejected.problems) + rejected.unlisted})
        raise
