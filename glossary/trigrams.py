"""Candidate retrieval from the SQLite FTS5 trigram index by the query's rarest trigrams.

Substring: terms containing every one of the (up to) three rarest trigrams, verified in Python.
Fuzzy: terms sharing any of the rarest trigrams, filtered by the exact ``fuzz.ratio`` length window
and re-scored with rapidfuzz. Document frequencies come from the ``trigram_df`` table (refreshed
in bulk), then ``fts5vocab`` for newer grams, and are cached per process: a stale count only
changes which grams are chosen, never what is returned as a match.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from glossary.gramstats import GramFrequencies

_SUBSTRING_PROBES = 12
_FUZZY_PROBES = 24  # fuzzy recall depends on finding the grams that tell near-twins apart
_SUBSTRING_GRAMS = 3
_FUZZY_GRAMS = 6
_FUZZY_ROW_BUDGET = 2000  # most candidate rows one fuzzy probe may read


def trigrams(text: str, step: int = 1) -> list[str]:
    """Distinct character trigrams of ``text`` in order of first occurrence (every ``step``-th one)."""
    return list(dict.fromkeys(text[i:i + 3] for i in range(0, len(text) - 2, step)))


def _probe_grams(text: str, most: int = 12) -> list[str]:
    """The grams whose frequencies are looked up: non-overlapping ones (plus the last) for long text.

    Each uncached frequency costs an fts5vocab seek (~0.4 ms), and the candidates are verified
    anyway, so a sample of grams spread over the text changes only which rows are read.
    """
    grams = trigrams(text)
    if len(grams) <= most:
        return grams
    step = (len(grams) - 1) / (most - 1)
    return list(dict.fromkeys(grams[round(i * step)] for i in range(most)))


def _fts_quote(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


class TrigramSearch:
    """Substring and fuzzy candidates for normalized keys, from ``term_key_fts``."""

    def __init__(self) -> None:
        self.frequencies = GramFrequencies("trigram_df", "term_key_fts_vocab")

    def doc_freq(self, session: Session, grams: list[str]) -> dict[str, int]:
        """How many keys contain each gram (cached)."""
        return self.frequencies.get(session, grams)

    def substring(self, session: Session, query: str, limit: int) -> list[tuple[int, str]]:
        """(term_id, key) of normalized keys containing ``query`` (3+ characters), shortest first."""
        grams = _probe_grams(query, _SUBSTRING_PROBES)
        df = self.doc_freq(session, grams)
        if not grams or min(df.values()) == 0:
            return []  # a trigram no key has: nothing can contain the query
        rare = sorted(grams, key=df.__getitem__)[:_SUBSTRING_GRAMS]
        # one gram: every row contains the query; more grams: allow for rows where they are apart
        rows = self._match(session, " AND ".join(map(_fts_quote, rare)), limit if len(query) == 3 else 8 * limit)
        hits = [(term_id, key) for term_id, key, kind in rows if kind == "norm" and query in key]
        return sorted(hits, key=lambda h: len(h[1]))[:limit]

    def fuzzy(self, session: Session, query: str, cutoff: float, limit: int,
              kinds: tuple[str, ...] = ("norm",)) -> list[tuple[int, float, str]]:
        """(term_id, ratio, key) of keys of the given kinds with ``fuzz.ratio`` ≥ cutoff, best first
        (the index holds normalized and pinyin keys)."""
        grams = _probe_grams(query, _FUZZY_PROBES)
        if not grams:
            return []
        df = self.doc_freq(session, grams)
        chosen, budget = [], 0
        for g in sorted((g for g in grams if df[g]), key=df.__getitem__):
            if len(chosen) >= _FUZZY_GRAMS or (chosen and budget + df[g] > _FUZZY_ROW_BUDGET):
                break
            chosen.append(g)
            budget += df[g]
        if not chosen:
            return []
        n = len(query)
        lo, hi = n * cutoff / (200 - cutoff), n * (200 - cutoff) / cutoff
        rows = self._match(session, " OR ".join(map(_fts_quote, chosen)), _FUZZY_ROW_BUDGET)
        keys, ids = [], []
        for term_id, key, kind in rows:
            if kind in kinds and lo <= len(key) <= hi:
                keys.append(key)
                ids.append(term_id)
        found = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(ids[i], score, key) for key, score, i in found]

    @staticmethod
    def _match(session: Session, expression: str, limit: int) -> list[tuple[int, str, str]]:
        return session.connection().exec_driver_sql(
            "SELECT tk.term_id, tk.key, tk.kind FROM term_key_fts JOIN term_key tk ON tk.id = term_key_fts.rowid "
            "WHERE term_key_fts MATCH ? LIMIT ?", (expression, limit)).all()
