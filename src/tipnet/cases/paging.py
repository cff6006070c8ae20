"""Pages of cases whose total is counted only up to a cap.

Counting every match of a filter over a million cases costs more than showing the page; above
the cap, pages say "more than 1,000" and the last page is not offered, as large search
interfaces do (totals belong to statistics, not to a search page).
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        # Counting a LIMITed subquery stops the database at cap + 1 rows.
        return (self.object_list.select_related(None).order_by().values("pk")[: self.cap + 1]
                .count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap
