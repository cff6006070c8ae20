"""Progress reporting: what the importer calls, and tqdm bars on stderr for the commands.

The importer takes a ``Progress`` factory so that it stays free of any terminal: the commands
pass ``bar`` (hidden when stderr is not a terminal), the API passes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from tqdm import tqdm

T = TypeVar("T")


class Bar(Protocol):
    def update(self, n: int) -> Any: ...

    def close(self) -> Any: ...


# (description, total or None, unit) -> a bar
Progress = Callable[[str, int | None, str], Bar]


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(description: str, total: int | None, unit: str) -> Bar:
    return _NoBar()


def bar(description: str, total: int | None, unit: str) -> tqdm:  # type: ignore[type-arg]
    return tqdm(total=total, desc=description, unit=unit, unit_scale=unit == "B",
                file=sys.stderr, disable=None, dynamic_ncols=True)


def counted(items: Iterator[T], progress: Bar) -> Iterator[T]:
    for item in items:
        yield item
        progress.update(1)
