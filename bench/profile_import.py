"""Where an HTCDS CSV import's CPU goes, per record and per stage, in one process.

    python bench/profile_import.py FILE.csv            # stage table (CPU µs a record)
    python bench/profile_import.py FILE.csv --cprofile # plus the top functions
    python bench/profile_import.py FILE.csv --cpu      # the real import (workers, COPY,
                                                       # audit), CPU per process, rolled back

The stage table runs what a worker runs for each chunk (``importer.check_chunk``), timing
each stage with ``time.process_time`` (CPU time of this process only, so other load on the
machine barely moves it), plus what sending a chunk to the main process costs (pickling it
there and back). No database write. ``--cpu`` runs ``import_file`` with the workers a command
line import uses, inside a transaction that is rolled back at the end (the benchmark database
does not grow), and reports the CPU seconds of the workers, of the main process and of the
PostgreSQL backend (read from /proc: PostgreSQL must run on this machine). ``--sql`` runs
statements first in that transaction (rolled back too): what would dropping an index save?

Needs the keyring the cases were sealed with (TIPNET_VAR_DIR) and, for ``--cpu``, a user
that may import (the benchmark's ``bench_bimp``, created by bench_foundation.py).
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import os
import pickle
import pstats
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipnet.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tipnet.accounts.models import User  # noqa: E402
from tipnet.cases import rows, search  # noqa: E402
from tipnet.htcds import importer, mapping, readers, schema  # noqa: E402

STAGES = ("decode", "schema", "mapping", "validation", "digests", "rows+seal", "copy text",
          "transfer")


class Timer:
    def __init__(self) -> None:
        self.spent: dict[str, float] = collections.defaultdict(float)

    def wrap(self, module, name: str, stage: str, inner: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
        """Time ``module.name`` under ``stage``, less the stages timed inside it."""
        original = getattr(module, name)
        spent = self.spent

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            before = {s: spent[s] for s in inner}
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                took = time.process_time() - started
                spent[stage] += took - sum(spent[s] - before[s] for s in inner)

        setattr(module, name, timed)


def stage_table(path: Path, chunks: int | None, profile: bool) -> None:
    timer = Timer()
    timer.wrap(readers, "decode", "decode")
    timer.wrap(schema, "errors", "schema")
    timer.wrap(mapping, "record_to_case", "mapping")
    timer.wrap(importer, "clean_case_data", "validation")
    timer.wrap(search, "digest_rows", "digests")
    timer.wrap(importer, "build", "rows+seal", inner=("digests",))
    timer.wrap(importer, "copy_text", "copy text")
    owner = rows.Owner(1, "NP", 1, None)
    job = importer.Job(owner, True, connection.ops.adapt_datetimefield_value(timezone.now()),
                       copy_text=True)
    # Warm up what is built once per process (schema, code lists, plans, keys).
    with path.open("rb") as f:
        first = next(iter(readers.Pass(f, "csv")))
    importer.check_chunk(job, importer.pack([first]), ["X-1"])
    timer.spent.clear()
    profiler = cProfile.Profile() if profile else None
    count = 0
    total = 0.0
    with path.open("rb") as f:
        for n, chunk in enumerate(importer._chunks(iter(readers.Pass(f, "csv")))):
            if chunks is not None and n >= chunks:
                break
            packed = importer.pack(chunk)
            refs = [f"X-{count + i}" for i in range(len(chunk))]
            started = time.process_time()
            if profiler:
                profiler.enable()
            out = importer.check_chunk(job, packed, refs)
            sent = time.process_time()
            # What the pool does with it: the arguments go one way, the result the other.
            pickle.loads(pickle.dumps((job, packed, refs), pickle.HIGHEST_PROTOCOL))  # noqa: S301
            pickle.loads(pickle.dumps(out, pickle.HIGHEST_PROTOCOL))  # noqa: S301
            if profiler:
                profiler.disable()
            ended = time.process_time()
            timer.spent["transfer"] += ended - sent
            total += ended - started
            assert out.tables is not None, [o.problems for o in out.bad][:3]
            count += len(chunk)
    print(f"{count} records, one process, CPU µs a record:")
    for stage in STAGES:
        print(f"  {stage:<12}{timer.spent[stage] / count * 1e6:8.1f}")
    other = total - sum(timer.spent.values())
    print(f"  {'other':<12}{other / count * 1e6:8.1f}")
    print(f"  {'total':<12}{total / count * 1e6:8.1f}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _RollBack(Exception):
    pass


def cpu_per_process(path: Path, username: str, workers: int, sql: list[str]) -> None:
    user = User.objects.get(username=username)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    main0 = time.process_time()
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    pg0 = _backend_cpu(backend)
    wall0 = time.perf_counter()
    count = 0
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in sql:  # an experiment, rolled back with the rest
                    cursor.execute(statement)
            with path.open("rb") as f:
                count = importer.import_file(user, f, "csv", via="cli", workers=workers)
            raise _RollBack
    except _RollBack:
        pass
    wall = time.perf_counter() - wall0
    main = time.process_time() - main0
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    kids = kids1.ru_utime + kids1.ru_stime - kids0.ru_utime - kids0.ru_stime
    pg = _backend_cpu(backend) - pg0
    print(f"{count} records, {workers} workers, rolled back; load {os.getloadavg()[0]:.2f}")
    print(f"  wall      {wall:6.2f} s   {count / wall:8,.0f} records/s")
    for name, spent in (("workers", kids), ("main", main), ("postgres", pg)):
        print(f"  {name:<9} {spent:6.2f} s   {spent / count * 1e6:6.0f} µs a record")
    all_cpu = kids + main + pg
    print(f"  {'all':<9} {all_cpu:6.2f} s   {all_cpu / count * 1e6:6.0f} µs a record "
          f"(ceiling on 2 cores ≈ {2 * count / all_cpu:,.0f} records/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--chunks", type=int, default=None)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--cpu", action="store_true")
    parser.add_argument("--user", default="bench_bimp")
    parser.add_argument("--workers", type=int, default=importer.default_workers())
    parser.add_argument("--sql", action="append", default=[],
                        help="with --cpu: SQL run first in the rolled-back transaction (say, "
                             "dropping an index to see what its upkeep costs)")
    args = parser.parse_args()
    if args.cpu:
        cpu_per_process(args.file, args.user, args.workers, args.sql)
    else:
        stage_table(args.file, args.chunks, args.cprofile)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
