"""Trigram document frequencies with a per-process cache: a bulk-refreshed table first, then the
FTS5 vocabulary for grams newer than the last refresh. Shared by termbase lookup and TM matching."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from sqlalchemy.orm import Session

_CACHE_SIZE = 200_000


class GramFrequencies:
    """How many keys contain each trigram, for choosing the rarest grams of a query.

    A stale count only changes which grams are probed, never what is returned as a match, so the
    cache is not invalidated on every edit; :meth:`forget` drops it after bulk changes.
    """

    def __init__(self, stats_table: str, vocab_table: str) -> None:
        self._stats_sql = f"SELECT gram, doc FROM {stats_table} WHERE gram IN ({{marks}})"
        self._vocab_sql = f"SELECT doc FROM {vocab_table} WHERE term = ?"
        self._cache: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, grams: Sequence[str]) -> dict[str, int]:
        """The document frequency of each gram (0 for a gram no key has)."""
        out: dict[str, int] = {}
        missing: list[str] = []
        with self._lock:
            for g in grams:
                if g in self._cache:
                    out[g] = self._cache[g]
                    self._cache.move_to_end(g)
                else:
                    missing.append(g)
        if not missing:
            return out
        conn = session.connection()
        marks = ",".join("?" * len(missing))
        stored = dict(conn.exec_driver_sql(self._stats_sql.format(marks=marks), tuple(missing)).all())
        for g in missing:
            if g not in stored:  # newer than the last bulk refresh: count it from the index itself
                row = conn.exec_driver_sql(self._vocab_sql, (g,)).first()
                stored[g] = row[0] if row else 0
            out[g] = stored[g]
        with self._lock:
            self._cache.update((g, out[g]) for g in missing)
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return out

    def forget(self) -> None:
        """Drop cached frequencies (after a bulk import)."""
        with self._lock:
            self._cache.clear()
