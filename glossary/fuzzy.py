"""Fuzzy fallback for lookup: rapidfuzz over in-memory key pools, filtered by the exact length window.

For ``fuzz.ratio`` ≥ T a candidate's length must lie in [L·T/(200−T), L·(200−T)/T] (see
``shared/design/TM-MATCHING.md``), so each pool is sorted by key length and only that slice is scored.
Pools are rebuilt when the database's data revision moves.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import text
from sqlalchemy.orm import Session

from glossary.db import data_revision
from glossary.text.keys import QueryKeys
from glossary.text.normalize import script_of

#: Minimum ``fuzz.ratio`` per pool, and the shortest query each pool accepts.
CUTOFF = {"latin": 75.0, "cyrillic": 75.0, "han": 60.0, "translit": 80.0}
MIN_LEN = {"latin": 4, "cyrillic": 4, "han": 2, "translit": 4}


@dataclass
class _Pool:
    keys: list[str] = field(default_factory=list)
    term_ids: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def freeze(self) -> None:
        order = sorted(range(len(self.keys)), key=lambda i: len(self.keys[i]))
        self.keys = [self.keys[i] for i in order]
        self.term_ids = [self.term_ids[i] for i in order]
        self.lengths = [len(k) for k in self.keys]

    def search(self, query: str, cutoff: float, limit: int) -> list[tuple[int, float, str]]:
        n = len(query)
        lo = bisect_left(self.lengths, int(n * cutoff / (200 - cutoff)))
        hi = bisect_right(self.lengths, int(n * (200 - cutoff) / cutoff) + 1)
        if lo >= hi:
            return []
        found = process.extract(query, self.keys[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(self.term_ids[lo + idx], score, key) for key, score, idx in found]


class FuzzyIndex:
    """Per-script pools of normalized, pinyin and transliteration keys; thread-safe, lazily built."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._pools: dict[str, _Pool] = {}

    def _ensure(self, session: Session) -> None:
        revision = data_revision(session)
        if revision == self._revision:
            return
        with self._lock:
            if revision == self._revision:
                return
            pools = {name: _Pool() for name in CUTOFF}
            rows = session.execute(
                text("SELECT key, kind, term_id FROM term_key WHERE kind IN ('norm', 'pinyin', 'translit')"))
            for key, kind, term_id in rows:
                name = "translit" if kind == "translit" else ("latin" if kind == "pinyin" else script_of(key))
                pool = pools.get(name)
                if pool is not None:
                    pool.keys.append(key)
                    pool.term_ids.append(term_id)
            for pool in pools.values():
                pool.freeze()
            self._pools, self._revision = pools, revision

    def search(self, session: Session, qk: QueryKeys, limit: int = 30) -> list[tuple[int, float, str]]:
        """(term_id, ratio, matched key) of keys close to the query, best first."""
        self._ensure(session)
        probes: list[tuple[str, str]] = []
        if qk.script in ("latin", "cyrillic", "han"):
            probes.append((qk.script, qk.norm))
        probes += [("translit", k) for k in qk.translit]
        results: list[tuple[int, float, str]] = []
        for pool_name, query in probes:
            if len(query) >= MIN_LEN[pool_name]:
                results += self._pools[pool_name].search(query, CUTOFF[pool_name], limit)
        results.sort(key=lambda r: -r[1])
        return results
