"""Import HTCDS records as new cases of the importing user's organisation: all or nothing.

One pass over the file, in one transaction. The file is split into rows (``readers``), and
each chunk of rows is checked — decoded, validated against the JSON Schema, mapped, validated
by tipnet's own rules (``clean_case_data``) — and built into sealed database rows
(``cases.rows``): in worker processes when there are several, here otherwise. Chunks come back
in file order. While every row so far is good, each chunk is inserted (``cases.bulk``: one COPY
per table). From the first bad row on nothing more is inserted, but every row is still checked
so that ``ImportRejected`` can list every problem as (row, field, message); raising it rolls
the transaction back, so nothing is left behind. What is written is exactly what was checked:
the file is read once.

Audit entries (one per case, then the import itself) are appended at the end, so the chain is
locked only briefly. Comments and consents, rare in imports, go through ``cases.notes`` after
the cases exist.

The file object must be binary (an open file or a Django upload).
"""

from __future__ import annotations

import collections
import gc
import multiprocessing
import operator
import os
import threading
import uuid
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import connection, connections, transaction
from django.utils import timezone

from tipnet.audit import services as audit
from tipnet.cases import notes
from tipnet.cases import services as case_services
from tipnet.cases.bulk import BulkWriter
from tipnet.cases.rows import DIGEST_COLUMNS, DIGEST_TABLE, Owner, build, by_table
from tipnet.cases.validation import CaseDataError, clean_case_data
from tipnet.lib.bulk_sql import copy_text, copy_value

from . import mapping, readers, schema
from .problems import ImportRejected, Problem
from .progress import Bar, Progress, no_progress

MAX_LISTED = 10_000  # problems listed in one report; the rest are counted
CHUNK = 500  # rows checked together (by one worker) and inserted together
MAX_WORKERS = 8
IN_FLIGHT = 4  # chunks sent ahead per worker: enough to ride out an uneven chunk (measured)
_digest_of = operator.itemgetter(DIGEST_COLUMNS.index("digest"))


@dataclass
class Checked:
    problems: list[tuple[str, str]]
    mapped: mapping.Mapped | None = None
    cleaned: dict[str, Any] | None = None


def check_record(record: Any, *, can_decide: bool) -> Checked:
    """Every problem with one record, as (HTCDS path, message)."""
    found = schema.errors(record)
    if found:
        return Checked(found)
    mapped = mapping.record_to_case(record, track=False)
    if mapped.errors or mapped.notes:  # map again, keeping where each value came from
        mapped = mapping.record_to_case(record)
    found = sorted(mapped.errors.items())
    try:
        cleaned = clean_case_data(mapped.data)
    except CaseDataError as error:
        if not mapped.track:
            mapped = mapping.record_to_case(record)
        found += sorted((mapped.htcds_path(path), message)
                        for path, message in error.errors.items())
        return Checked(found, mapped)
    if not can_decide and any(cleaned.get(f) for f in case_services.DECISION_FIELDS):
        if not mapped.track:
            mapped = mapping.record_to_case(record)
        found.append((mapped.htcds_path("trafficking_status"), case_services.DECISION_REFUSED))
    return Checked(found, mapped, cleaned)


@dataclass(frozen=True)
class Job:
    """What checking and building rows needs to know: plain values, sent to the workers."""

    owner: Owner
    can_decide: bool
    now: Any  # the creation time of every case, as the database takes it
    copy_text: bool  # hand back COPY text (PostgreSQL) rather than rows


@dataclass
class Outcome:
    """A record with problems; or a new case whose comments and consents are written after
    the cases (``case_id`` and ``mapped`` set)."""

    number: int
    line: int | None
    problems: list[tuple[str, str]]
    case_id: uuid.UUID | None = None
    mapped: mapping.Mapped | None = None


@dataclass
class Chunk:
    """A checked chunk, in few plain values (it is pickled on its way back from a worker;
    an object per good record made that cost more than sending its rows)."""

    count: int  # records checked
    bad: list[Outcome]  # the records with problems, in file order
    ids: bytes = b""  # the new cases' ids, 16 bytes each (none when a record is bad)
    decided: list[tuple[bytes, str, str]] = field(default_factory=list)  # see BulkWriter.add
    noted: list[Outcome] = field(default_factory=list)  # new cases with comments or consents
    tables: dict[str, Any] | None = None  # what to insert, per table; None when one is bad


Packed = tuple[int, "int | None", Any, Any, list]  # a Row as plain values: quicker to send


_JOIN = "\x1f"  # unit separator: a CSV row's cells travel as one string when none holds it


def pack(rows: list[readers.Row]) -> list[Packed]:
    out: list[Packed] = []
    for r in rows:
        raw = r.raw
        if raw is not None and raw[0] == "csv":
            names, cells = raw[1]
            joined = _JOIN.join(cells)
            if joined.count(_JOIN) == len(cells) - 1:  # (much quicker to send than ~70 cells)
                raw = ("csv-joined", (names, joined))
        out.append((r.number, r.line, raw, r.record, r.problems))
    return out


def _unpack(raw: Any) -> Any:
    if raw is not None and raw[0] == "csv-joined":
        names, joined = raw[1]
        return "csv", (names, joined.split(_JOIN))
    return raw


def check_chunk(job: Job, packed: list[Packed], references: list[str]) -> Chunk:
    """Check a chunk of rows and build the database rows of its cases (in a worker process,
    or here), each case with its reserved reference."""
    bad: list[Outcome] = []
    built: list[Any] = []
    noted: list[Outcome] = []
    # The creation time as COPY text once, rather than once per row.
    now = copy_value(job.now) if job.copy_text else job.now
    for (number, line, raw, record, problems), reference in zip(packed, references,
                                                                strict=True):
        try:
            row = readers.decode(readers.Row(number, record, problems, line, _unpack(raw)))
            if row.problems:
                bad.append(Outcome(row.number, row.line, row.problems))
                continue
            checked = check_record(row.record, can_decide=job.can_decide)
            if checked.problems or checked.cleaned is None:
                bad.append(Outcome(row.number, row.line, checked.problems
                                   or [("", "could not be checked")]))
                continue
            new = build(job.owner, checked.cleaned, reference, now)
        except (ValueError, UnicodeError, RecursionError, TypeError) as error:
            # A value no check foresaw (an integer of 5,000 digits, a lone surrogate in a
            # string): this record is refused, the others are still checked.
            bad.append(Outcome(number, line, [("", f"cannot be read: "
                                                   f"{type(error).__name__}")]))
            continue
        if bad:  # nothing of this chunk will be inserted; every record is still checked
            continue  # (building is part of that: sealing refuses a lone surrogate)
        built.append(new)
        if checked.mapped and checked.mapped.notes:
            noted.append(Outcome(row.number, row.line, [], new.case_id, checked.mapped))
    if bad:
        return Chunk(len(packed), bad)
    tables: dict[str, Any] = by_table(built)
    # Blind-index rows in digest order: their index is random by nature, and the chunk's
    # inserts into it then go through its pages in order.
    tables[DIGEST_TABLE].sort(key=_digest_of)
    if job.copy_text:
        tables = {table: copy_text(table_rows) for table, table_rows in tables.items()}
    return Chunk(len(packed), [], b"".join(new.id_bytes for new in built),
                 [(new.id_bytes, *new.decided) for new in built if new.decided], noted,
                 tables)


def _chunks(rows: Iterator[readers.Row]) -> Iterator[list[readers.Row]]:
    chunk: list[readers.Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_INHERITED: list[Any] = []
_WORKER_GC = (50_000, 20, 20)  # many short-lived containers, few cycles


def _start_worker() -> None:
    """In a forked worker: never use, nor close, nor keep alive the database connections of
    the parent. Their sockets are pointed at /dev/null, so that only the parent holds the
    session (a worker outliving a killed parent must not keep its transaction, and its locks,
    open); the connection objects are kept so that nothing ever closes them from here.
    Workers die with the parent (Linux). And garbage is collected less eagerly: the inherited
    heap is frozen out of collections, and checking thousands of records makes many
    short-lived containers but few cycles (a tenth of the time went to collections)."""
    for conn in connections.all(initialized_only=True):
        raw = conn.connection
        if raw is None:
            continue
        fileno = getattr(raw, "fileno", None)
        if callable(fileno):
            try:
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, fileno())
                os.close(null)
            except OSError:
                pass
        _INHERITED.append(raw)
        conn.connection = None
    _die_with_parent()
    gc.freeze()
    gc.set_threshold(*_WORKER_GC)


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the executor still ends its workers on a normal exit


def _checked(reading: readers.Pass, job: Job, workers: int,
             reserve: Callable[[int], list[str]]) -> Generator[Chunk, None, None]:
    """Checked chunks, in file order; at most IN_FLIGHT chunks per worker in flight, so memory
    stays bounded however large the file. References are reserved as chunks are read."""
    if workers <= 1:
        for rows in _chunks(iter(reading)):
            yield check_chunk(job, pack(rows), reserve(len(rows)))
        return
    context = multiprocessing.get_context("fork")
    # What this process holds already (Django, the schema, the code lists) is set aside from
    # garbage collection while the workers run: the forked workers then share its pages
    # rather than copying them, and this process's own collections, frequent while chunks
    # come and go, stop walking all of it. Then collected less eagerly, as in the workers.
    # (A freeze made before, by a server that forks, is left as it is: only ours is undone.)
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    try:
        if freeze:
            gc.freeze()
        gc.set_threshold(*_WORKER_GC)
        with ProcessPoolExecutor(workers, mp_context=context,
                                 initializer=_start_worker) as pool:
            pending: collections.deque = collections.deque()
            try:
                for rows in _chunks(iter(reading)):
                    pending.append(pool.submit(check_chunk, job, pack(rows),
                                               reserve(len(rows))))
                    if len(pending) >= IN_FLIGHT * workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            except BrokenProcessPool:
                raise ImportRejected("The import stopped: a worker process ended unexpectedly "
                                     "(out of memory?). Nothing was imported.",
                                     [Problem(None, "", "a worker process failed")]) from None
            finally:
                for future in pending:
                    future.cancel()
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def default_workers() -> int:
    """Worker processes for a command-line import: one per core the process may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


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


class _Report:
    """The problems found so far, as the rejection will list them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.bad_rows = self.unlisted = 0

    def add(self, outcome: Outcome) -> None:
        self.bad_rows += 1
        for path, message in outcome.problems:
            if len(self.problems) < MAX_LISTED:
                self.problems.append(Problem(outcome.number, path, message, outcome.line))
            else:
                self.unlisted += 1


def _advance(bar: Bar, reading: readers.Pass, done: int) -> int:
    try:
        position = reading.position()
    except (OSError, ValueError):
        return done
    if position > done:
        bar.update(position - done)
    return max(position, done)


def write_notes(user: Any, case_id: Any, mapped: mapping.Mapped, via: str,
                comments_from: str = "") -> None:
    """A mapped record's comments (marked ``[comments_from]`` when given) and consents, with
    their withdrawals, written to the case. Raises CaseDataError."""
    for comment in mapped.notes.get("comments", []):
        text = f"[{comments_from}] {comment['text']}" if comments_from else comment["text"]
        notes.add_comment(user, case_id, text, via=via)
    for consent in mapped.notes.get("consents", []):
        record = notes.record_consent(
            user, case_id, {k: v for k, v in consent.items() if k != "withdrawn_at"},
            via=via)
        if consent.get("withdrawn_at"):
            notes.withdraw_consent(user, case_id, record.pk, via=via)


def _add_notes(user: Any, case_id: Any, outcome: Outcome, via: str) -> None:
    mapped = outcome.mapped
    assert mapped is not None
    try:
        write_notes(user, case_id, mapped, via)
    except CaseDataError as error:
        raise ImportRejected(
            f"Record {outcome.number} could not be imported; nothing was imported.",
            [Problem(outcome.number, mapped.htcds_path(p), m, outcome.line)
             for p, m in error.errors.items()]) from None


class _StopInserting(Exception):
    """A bad row was found: roll back what was inserted (releasing its locks) at once."""


def _import(user: Any, f: IO[bytes], fmt: str, *, via: str, progress: Progress,
            workers: int) -> int:
    job = Job(Owner.of(user), user.can("case.decide_status"),
              connection.ops.adapt_datetimefield_value(timezone.now()),
              copy_text=connection.vendor == "postgresql")
    report = _Report()
    count = done = 0
    with_notes: list[tuple[Any, Outcome]] = []
    bar = progress("importing", _size(f), "B")
    reading = readers.Pass(f, fmt)
    inserting = True

    def reserve(n: int) -> list[str]:
        # Once inserting has stopped, references are neither reserved nor needed.
        return writer.references(n) if inserting else [""] * n

    def tally(chunk: Chunk) -> None:
        nonlocal count, done
        count += chunk.count
        for outcome in chunk.bad:
            report.add(outcome)
        done = _advance(bar, reading, done)

    chunks: Generator[Chunk, None, None] | None = None
    try:
        try:
            with transaction.atomic():
                writer = BulkWriter(user, via=via, audit_action="import")
                chunks = _checked(reading, job, workers, reserve)
                for chunk in chunks:
                    tally(chunk)
                    if report.bad_rows:
                        raise _StopInserting
                    if chunk.tables is not None:
                        writer.add(chunk.ids, chunk.decided, chunk.tables)
                        with_notes += [(o.case_id, o) for o in chunk.noted]
                if count == 0:
                    raise readers.FileProblem("the file holds no records")
                writer.finish()
                with audit.batched():  # one move of the chain's head for all of them
                    for case_id, outcome in with_notes:
                        _add_notes(user, case_id, outcome, via)
                audit.record("import", user=user, object_type="cases.case", via=via,
                             detail={"format": fmt, "records": count})
        except _StopInserting:
            # Rolled back already, its locks released; the rest of the file is still checked
            # so that every problem is reported.
            inserting = False
            for chunk in chunks or ():
                tally(chunk)
            raise ImportRejected(
                f"{report.bad_rows} of {count} records have problems; nothing was "
                "imported.", report.problems, unlisted=report.unlisted) from None
    except readers.FileProblem as problem:
        raise _file_problem(problem) from None
    finally:
        if chunks is not None:  # ends the workers (and gives the collector back) at once,
            chunks.close()  # not when the traceback lets go of a suspended generator
        bar.close()
    return count


def import_file(user: Any, f: IO[bytes], fmt: str, *, via: str,
                progress: Progress = no_progress, workers: int = 1) -> int:
    """Check and import a whole file for ``user``'s organisation. Returns the count.

    ``workers`` > 1 checks and seals in that many forked processes (the command line; a web
    server's threads make forking unwise). Raises PermissionDenied (audited) without
    case.import, ImportRejected (audited with counts) when anything is wrong with the file."""
    if workers > 1 and threading.current_thread() is not threading.main_thread():
        raise ValueError("an import forks its workers only from a command's main thread "
                         "(a web server's threads: workers=1)")
    if not (user.can("case.import") and user.can("case.create")):
        case_services.deny(user, "case.import", via=via)
    try:
        return _import(user, f, fmt, via=via, progress=progress, workers=workers)
    except ImportRejected as rejected:
        audit.record("import", user=user, object_type="cases.case", via=via,
                     detail={"format": fmt, "rejected": True,
                             "problems": len(rejected.problems) + rejected.unlisted})
        raise
