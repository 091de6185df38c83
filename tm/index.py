"""Candidate retrieval from the TM's FTS5 indexes: never a scan of the whole TM per query.

Fuzzy: ``fuzz.ratio`` ≥ T is only possible for keys whose length lies in [L·T/(200−T),
L·(200−T)/T], and ``tm_key`` ids pack (language, length, variant), so the window is one rowid range
per language. Inside it, units sharing the query's rare trigrams are counted in SQL: the rarest
gram of each stretch of the query is taken (an edit in one place cannot hide the match), and the
units sharing the most are re-scored with rapidfuzz. Short keys (a Chinese word of one to seven
characters) may share no trigram with a close match (``abcd``/``abxd``): their window, which holds
only short keys, is also read directly.

Concordance: keys containing the query's three rarest trigrams, verified; one or two Chinese
characters go through the unicode61 index of spaced characters as a phrase. User text only ever
enters FTS5 as quoted strings, so ``AND``, ``NEAR(``, ``*``, ``-`` and ``column:`` are data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from glossary.errors import SilktermError, ValidationError
from glossary.gramstats import GramFrequencies
from glossary.trigrams import trigrams
from tm.keys import has_han, id_range

_STRETCHES = 16  # the query is cut into this many stretches; each gives its rarest gram
_EXTRA_RARE = 8  # plus the rarest grams overall
_RESCORE = 1000  # units sharing the most grams, re-scored with rapidfuzz
_COMMON = 0.2  # a stretch whose rarest gram is in more than this share of keys gives no gram
_SHORT = 8  # keys shorter than this also have their length window read directly
_SHORT_SCAN = 20_000  # most keys read that way, per language
_SUBSTRING_GRAMS = 3


def quote(text: str) -> str:
    """``text`` as an FTS5 string: always data, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def window(length: int, cutoff: float) -> tuple[int, int]:
    """Key lengths that can reach ``fuzz.ratio`` ≥ cutoff against a key of ``length`` (exact)."""
    cutoff = min(max(cutoff, 1.0), 100.0)
    lo = math.ceil(length * cutoff / (200 - cutoff) - 1e-9)
    hi = math.floor(length * (200 - cutoff) / cutoff + 1e-9)
    return max(lo, 1), hi


class TmIndex:
    """Fuzzy candidates and concordance hits from ``tm_key``; one per process (caches frequencies)."""

    def __init__(self) -> None:
        self.frequencies = GramFrequencies("tm_trigram_df", "tm_key_fts_vocab")

    @staticmethod
    def _conn(session: Session) -> Connection:
        conn = session.connection()
        if conn.dialect.name != "sqlite":
            raise SilktermError("TM matching and search need an SQLite database for now (pg_trgm is planned)")
        return conn

    def doc_freq(self, session: Session, grams: Sequence[str]) -> dict[str, int]:
        """How many keys contain each gram: ``tm_trigram_df`` (bulk-refreshed), then ``fts5vocab``."""
        self._conn(session)  # SQLite only
        return self.frequencies.get(session, grams)

    def forget(self) -> None:
        """Drop cached frequencies (after an import)."""
        self.frequencies.forget()

    # ---- fuzzy ----------------------------------------------------------------------------------
    def fuzzy(self, session: Session, key: str, lang_ids: Iterable[int], cutoff: float,
              limit: int) -> list[tuple[int, str, float]]:
        """(key id, key, ratio) of keys in the given languages with ``fuzz.ratio`` ≥ cutoff, best first."""
        lo, hi = window(len(key), cutoff)
        ranges = [id_range(lang_id, lo, hi) for lang_id in lang_ids]
        if not key or not ranges:
            return []
        conn = self._conn(session)
        grams = trigrams(key)
        rows = self._shared(conn, self._choose(session, grams), ranges) if grams else []
        if len(key) < _SHORT:
            rows = list(dict(rows + self._scan(conn, ranges)).items())
        keys = [k for _id, k in rows]
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(rows[i][0], k, score) for k, score, i in found]

    def _choose(self, session: Session, grams: list[str]) -> list[str]:
        """The rarest gram of each stretch of the query, plus the rarest overall (grams no key has
        are left out: they cannot bring a candidate)."""
        df = self.doc_freq(session, grams)
        present = [g for g in grams if df[g]]
        if not present:
            return []
        size = max(1, math.ceil(len(present) / _STRETCHES))
        common = _COMMON * self.key_count(session)
        chosen = {min(present[i:i + size], key=df.__getitem__) for i in range(0, len(present), size)}
        chosen = {g for g in chosen if df[g] <= common}
        chosen.update(sorted(present, key=df.__getitem__)[:_EXTRA_RARE])
        return sorted(chosen)

    def key_count(self, session: Session) -> int:
        """About how many keys the index holds: the highest variant id (ids are dense; an upper bound)."""
        return self._conn(session).exec_driver_sql("SELECT max(id) FROM tm_variant").scalar() or 1

    @staticmethod
    def _shared(conn: Connection, grams: list[str], ranges: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """Keys in the ranges sharing the most of ``grams``."""
        if not grams:
            return []
        parts, params = [], []
        for g in grams:
            for a, b in ranges:
                parts.append("SELECT rowid AS id FROM tm_key_fts WHERE tm_key_fts MATCH ? AND rowid BETWEEN ? AND ?")
                params += [quote(g), a, b]
        sql = (f"SELECT k.id, k.key FROM (SELECT id, count(*) AS n FROM ({' UNION ALL '.join(parts)}) "
               f"GROUP BY id ORDER BY n DESC LIMIT ?) AS c JOIN tm_key k ON k.id = c.id")
        return conn.exec_driver_sql(sql, (*params, _RESCORE)).all()

    @staticmethod
    def _scan(conn: Connection, ranges: list[tuple[int, int]]) -> list[tuple[int, str]]:
        rows: list[tuple[int, str]] = []
        for a, b in ranges:
            rows += conn.exec_driver_sql("SELECT id, key FROM tm_key WHERE id BETWEEN ? AND ? LIMIT ?",
                                         (a, b, _SHORT_SCAN)).all()
        return rows

    # ---- concordance ------------------------------------------------------------------------------
    def substring(self, session: Session, key: str, lang_ids: Iterable[int] | None, limit: int) -> list[int]:
        """Ids of keys containing ``key`` (shortest first within a language), at most ``limit``."""
        conn = self._conn(session)
        if len(key) >= 3:
            grams = trigrams(key)
            df = self.doc_freq(session, grams)
            if min(df.values()) == 0:
                return []  # a trigram no key has: nothing contains the query
            rare = sorted(grams, key=df.__getitem__)[:_SUBSTRING_GRAMS]
            table, expression = "tm_key_fts", " AND ".join(map(quote, rare))
        elif has_han(key):
            table, expression = "tm_han_fts", quote(" ".join(key))
        else:
            return self._scan_substring(conn, key, lang_ids, limit)
        base = (f"SELECT {table}.rowid, k.key FROM {table} JOIN tm_key k ON k.id = {table}.rowid "
                f"WHERE {table} MATCH ?")
        queries = ([(base + f" AND {table}.rowid BETWEEN ? AND ?", (expression, *id_range(lang_id, len(key), 1 << 20)))
                    for lang_id in lang_ids] if lang_ids is not None else [(base, (expression,))])
        hits: list[int] = []
        for sql, params in queries:
            for key_id, text in conn.exec_driver_sql(sql, params):
                if key in text:
                    hits.append(key_id)
                    if len(hits) >= limit:
                        return hits
        return hits

    @staticmethod
    def _scan_substring(conn: Connection, key: str, lang_ids: Iterable[int] | None, limit: int) -> list[int]:
        """One or two non-Chinese characters have no index to use: keys are read in order until
        ``limit`` contain them (fast for common marks, slow for rare ones in a large TM)."""
        if not key.strip():
            raise ValidationError("search text must contain something other than spaces")
        ranges = [id_range(lang_id, len(key), 1 << 20) for lang_id in lang_ids] if lang_ids is not None \
            else [(0, (1 << 63) - 1)]
        hits: list[int] = []
        for a, b in ranges:
            hits += [i for (i,) in conn.exec_driver_sql(
                "SELECT id FROM tm_key WHERE id BETWEEN ? AND ? AND instr(key, ?) > 0 LIMIT ?",
                (a, b, key, limit - len(hits)))]
            if len(hits) >= limit:
                break
        return hits
