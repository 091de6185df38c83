"""Candidate retrieval from the TM's postings index (:mod:`tm.postings`): never a scan of the TM.

Fuzzy: ``fuzz.ratio`` ≥ T is only possible for keys whose length lies in [L·T/(200−T),
L·(200−T)/T]; every indexed key's language and length are held in memory as one uint32 per
variant id, so the window is an exact vectorized filter. The rarest trigram of each stretch of the
query is taken (an edit in one place cannot hide the match) plus the rarest overall; their postings
are read in one statement and kept in memory, ordered by language and length (a window is one
slice; the grams of everyday phrasing recur in most queries), the keys in the window sharing the
most of them are counted with numpy and re-scored with rapidfuzz. Short keys (a Chinese word of
one to seven characters) may share no trigram with a close match (``abcd``/``abxd``): their
window, which holds only short keys, is also read directly.

Concordance: keys containing all of the query's three rarest trigrams (one or two Chinese
characters: the Han character or pair postings), shortest first within a language, verified as
substrings. User text is only ever data: grams are integers, and SQL gets parameters.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from glossary.errors import SilktermError, ValidationError
from tm.idlists import decode_many
from tm.keys import has_han, key_of
from tm.postings import CODE_LEN_BITS, MAX_CODE_LEN, code, short_gram, trigram_grams

_STRETCHES = 16  # the query is cut into this many stretches; each gives its rarest gram
_EXTRA_RARE = 8  # plus the rarest grams overall
_RESCORE = 1500  # keys sharing the most grams, re-scored with rapidfuzz
_TIE = 0.99
_COMMON = 0.2  # a stretch whose rarest gram is in more than this share of keys gives no gram
_SHORT = 8  # keys shorter than this also have their length window read directly
_SHORT_SCAN = 20_000  # most keys read that way, per language
_SCAN_CHUNK = 2_000  # keys read at a time by a concordance scan
_SUBSTRING_GRAMS = 3
_VERIFY_CHUNK = 500
_DF_CACHE = 200_000
_IN_CHUNK = 30_000  # bound parameters per statement (SQLite allows 32,766)
#: Postings kept in memory per process (4 bytes per key): the grams of everyday phrasing ("the",
#: "of the") recur in most queries and are the bulk of what a query reads.
POSTINGS_CACHE_BYTES = 256 << 20


def window(length: int, cutoff: float) -> tuple[int, int]:
    """Key lengths that can reach ``fuzz.ratio`` ≥ cutoff against a key of ``length`` (exact)."""
    cutoff = min(max(cutoff, 1.0), 100.0)
    lo = math.ceil(length * cutoff / (200 - cutoff) - 1e-9)
    hi = math.floor(length * (200 - cutoff) / cutoff + 1e-9)
    return max(lo, 1), hi


def _count(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids and how often each occurs (``np.unique(return_counts=True)``, leaner)."""
    if not len(ids):
        return ids, np.zeros(0, np.int64)
    ids = np.sort(ids)
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return ids[first], np.diff(np.append(first, len(ids)))


def _most_shared(ids: np.ndarray, counts: np.ndarray, codes: np.ndarray, length: int, longest: int,
                 k: int) -> np.ndarray:
    """The ``k`` ids sharing the most grams (``counts``); among as many, those whose key length
    (from ``codes``) is closer to the query's ``length`` first. ``longest``: the longest key length
    in the ids."""
    if len(ids) <= k:
        return ids
    if (longest - length) * _TIE < length + 1:
        # The length term below is < 1 for every key, so it only orders keys sharing as many
        # grams: only keys sharing at least as many as the k-th best can be taken.
        at_least = np.cumsum(np.bincount(counts)[::-1])[::-1]  # [c]: how many ids share ≥ c grams
        enough = counts >= np.flatnonzero(at_least >= k)[-1]
        ids, counts = ids[enough], counts[enough]
        if len(ids) <= k:
            return ids
    gap = np.abs((codes[ids] & MAX_CODE_LEN).astype(np.float64) - length) / (length + 1)
    return ids[np.argpartition(gap * _TIE - counts, k)[:k]]


class _Meta:
    """The language and length code of every indexed variant id, and the segment ids."""

    def __init__(self, generation: tuple, segments: list[int], codes: np.ndarray, keys: int) -> None:
        self.generation = generation
        self.segments = segments
        self.codes = codes
        self.keys = keys
        self._by_code: tuple[np.ndarray, np.ndarray] | None = None

    def between(self, lo_code: int, hi_code: int) -> np.ndarray:
        """Live variant ids whose code lies in [lo_code, hi_code], by code (language, length) then id.
        The order is built on first use (short queries and short concordance searches need it)."""
        if self._by_code is None:
            live = np.flatnonzero(self.codes).astype(np.uint64)
            both = np.sort((self.codes[live].astype(np.uint64) << np.uint64(32)) | live)
            self._by_code = ((both >> np.uint64(32)).astype(np.uint32), both.astype(np.uint32))  # low half: id
        codes, ids = self._by_code
        return ids[np.searchsorted(codes, lo_code, side="left"):np.searchsorted(codes, hi_code, side="right")]


class _Posting:
    """The live keys containing one gram, ordered by code (language, length) then variant id, so the
    keys of a language inside a length window are one slice; 4 bytes per key."""

    def __init__(self, ids: np.ndarray, code_values: np.ndarray, starts: np.ndarray) -> None:
        self.ids = ids
        self.code_values = code_values
        self.starts = starts
        self.nbytes = ids.nbytes + code_values.nbytes + starts.nbytes

    @classmethod
    def of(cls, ids: np.ndarray, table: np.ndarray) -> _Posting:
        """From variant ids (any order; deleted and unknown ones are dropped) and the code table."""
        ids = ids[ids < len(table)]
        codes = table[ids]
        live = codes != 0
        both = np.sort((codes[live].astype(np.uint64) << np.uint64(32)) | ids[live])  # by code, then id
        codes = (both >> np.uint64(32)).astype(np.uint32)
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, np.int64)
        return cls(both.astype(np.uint32), codes[starts], np.append(starts, len(codes)).astype(np.int64))

    def window(self, lo_code: int, hi_code: int) -> np.ndarray:
        """Variant ids whose code lies in [lo_code, hi_code]."""
        a = np.searchsorted(self.code_values, lo_code, side="left")
        b = np.searchsorted(self.code_values, hi_code, side="right")
        return self.ids[self.starts[a]:self.starts[b]]


class TmIndex:
    """Fuzzy candidates and concordance hits; one per process (caches frequencies and key codes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._meta: _Meta | None = None
        self._df: OrderedDict[int, int] = OrderedDict()
        self._postings_cache: OrderedDict[int, _Posting] = OrderedDict()
        self._postings_bytes = 0

    @staticmethod
    def _conn(session: Session) -> Connection:
        conn = session.connection()
        if conn.dialect.name != "sqlite":
            raise SilktermError("TM matching and search need an SQLite database for now (pg_trgm is planned)")
        return conn

    def forget(self) -> None:
        """Drop cached frequencies (after an import; key codes reload by themselves)."""
        with self._lock:
            self._df.clear()

    # ---- cached state ---------------------------------------------------------------------------------
    def meta(self, session: Session) -> _Meta:
        """Key codes of the current index (reloaded when segments were added, merged or changed)."""
        conn = self._conn(session)
        generation = tuple(conn.exec_driver_sql(
            "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0), coalesce(sum(keys), 0) "
            "FROM tm_segment").one())
        with self._lock:
            if self._meta is not None and self._meta.generation == generation:
                return self._meta
        segments, parts = [], []
        for seg, vids, codes in conn.exec_driver_sql("SELECT id, vids, codes FROM tm_segment ORDER BY id"):
            segments.append(seg)
            parts.append((np.frombuffer(vids, dtype="<u4"), np.frombuffer(codes, dtype="<u4")))
        top = max((int(v.max()) for v, _c in parts if len(v)), default=0)
        table = np.zeros(top + 1, dtype=np.uint32)
        for vids, codes in parts:
            table[vids] = codes
        meta = _Meta(generation, segments, table, int(generation[3]))
        with self._lock:
            if self._meta is None or self._meta.generation != generation:
                self._df.clear()
                self._postings_cache.clear()
                self._postings_bytes = 0
            self._meta = meta
        return meta

    def doc_freq(self, session: Session, grams: Sequence[int]) -> dict[int, int]:
        """How many keys contain each gram (0 for a gram no key has); cached per process."""
        out: dict[int, int] = {}
        with self._lock:
            missing = [g for g in grams if g not in self._df]
            out.update((g, self._df[g]) for g in grams if g in self._df)
        if missing:
            conn = self._conn(session)
            found: dict[int, int] = {}
            for start in range(0, len(missing), _IN_CHUNK):
                chunk = missing[start:start + _IN_CHUNK]
                found.update(conn.exec_driver_sql(
                    f"SELECT gram, df FROM tm_gram_df WHERE gram IN ({','.join('?' * len(chunk))})",
                    tuple(chunk)).all())
            with self._lock:
                for g in missing:
                    out[g] = self._df[g] = found.get(g, 0)
                while len(self._df) > _DF_CACHE:
                    self._df.popitem(last=False)
        return out

    @staticmethod
    def _postings(conn: Connection, meta: _Meta, grams: Sequence[int]) -> dict[int, np.ndarray]:
        """Variant ids of the keys containing each gram (deleted ones included; filter by code)."""
        parts: dict[int, list[bytes]] = {}
        if not grams or not meta.segments:
            return {}
        step = max(1, _IN_CHUNK - len(grams))
        for start in range(0, len(meta.segments), step):
            segs = meta.segments[start:start + step]
            sql = (f"SELECT gram, ids FROM tm_posting WHERE segment IN ({','.join('?' * len(segs))}) "
                   f"AND gram IN ({','.join('?' * len(grams))}) ORDER BY segment, gram, part")
            for gram, blob in conn.connection.driver_connection.execute(sql, (*segs, *grams)).fetchall():
                parts.setdefault(gram, []).append(blob)
        return {g: decode_many(blobs) for g, blobs in parts.items()}

    def _cached_postings(self, conn: Connection, meta: _Meta, grams: Sequence[int]) -> list[_Posting]:
        """The postings of grams (in memory when read before under this index generation)."""
        out: dict[int, _Posting] = {}
        with self._lock:
            for g in grams:
                if g in self._postings_cache:
                    self._postings_cache.move_to_end(g)
                    out[g] = self._postings_cache[g]
        missing = [g for g in grams if g not in out]
        if missing:
            read = {g: _Posting.of(ids, meta.codes) for g, ids in self._postings(conn, meta, missing).items()}
            out.update(read)
            with self._lock:
                if self._meta is meta:  # an index reloaded meanwhile has its own cache
                    for g, p in read.items():
                        if g not in self._postings_cache:
                            self._postings_cache[g] = p
                            self._postings_bytes += p.nbytes
                    while self._postings_bytes > POSTINGS_CACHE_BYTES and self._postings_cache:
                        self._postings_bytes -= self._postings_cache.popitem(last=False)[1].nbytes
        return list(out.values())

    # ---- fuzzy ----------------------------------------------------------------------------------------
    def fuzzy(self, session: Session, key: str, lang_ids: Iterable[int], cutoff: float,
              limit: int) -> list[tuple[int, str, float]]:
        """(variant id, key, ratio) of keys in the given languages with ``fuzz.ratio`` ≥ cutoff, best first."""
        lang_ids = list(lang_ids)
        lo, hi = window(len(key), cutoff)
        if not key or not lang_ids:
            return []
        conn = self._conn(session)
        meta = self.meta(session)
        grams = trigram_grams(key)
        rows: list[tuple[int, str]] = []
        if grams:
            chosen = self._choose(session, meta, grams)
            parts = [np.zeros(0, np.uint32)]
            for posting in self._cached_postings(conn, meta, chosen):
                for lang_id in lang_ids:
                    base = lang_id << CODE_LEN_BITS
                    parts.append(posting.window(base + lo, base + min(hi, MAX_CODE_LEN)))
            unique, counts = _count(np.concatenate(parts))
            unique = _most_shared(unique, counts, meta.codes, len(key), min(hi, MAX_CODE_LEN), _RESCORE)
            rows = self._keys(conn, unique)
        if len(key) < _SHORT:
            short = [meta.between(code(lang_id, lo), code(lang_id, hi))[:_SHORT_SCAN] for lang_id in lang_ids]
            rows = list(dict(rows + self._keys(conn, np.concatenate(short))).items())
        keys = [k for _id, k in rows]
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(rows[i][0], k, score) for k, score, i in found]

    def _choose(self, session: Session, meta: _Meta, grams: list[int]) -> list[int]:
        """The rarest gram of each stretch of the query, plus the rarest overall (grams no key has
        are left out: they cannot bring a candidate)."""
        df = self.doc_freq(session, grams)
        present = [g for g in grams if df[g]]
        if not present:
            return []
        size = max(1, math.ceil(len(present) / _STRETCHES))
        common = _COMMON * max(1, meta.keys)
        chosen = {min(present[i:i + size], key=df.__getitem__) for i in range(0, len(present), size)}
        chosen = {g for g in chosen if df[g] <= common}
        chosen.update(sorted(present, key=df.__getitem__)[:_EXTRA_RARE])
        return sorted(chosen)

    def key_count(self, session: Session) -> int:
        """How many keys the index holds (deleted ones included until their segment is rewritten)."""
        return self.meta(session).keys

    @staticmethod
    def _keys(conn: Connection, vids: np.ndarray) -> list[tuple[int, str]]:
        """(variant id, key) of variant ids, in the order given (missing ones left out)."""
        wanted = vids.tolist()
        found: dict[int, str] = {}
        cursor = conn.connection.driver_connection.cursor()  # the same transaction, without result wrappers
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start:start + _IN_CHUNK]
            found.update((vid, key_of(text, stored)) for vid, text, stored in cursor.execute(
                f"SELECT id, text, key FROM tm_variant WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return [(i, found[i]) for i in wanted if i in found]

    # ---- concordance ----------------------------------------------------------------------------------
    def substring(self, session: Session, key: str, lang_ids: Iterable[int] | None, limit: int) -> list[int]:
        """Variant ids of keys containing ``key`` (shortest first within a language), at most ``limit``."""
        conn = self._conn(session)
        if len(key) >= 3:
            grams = trigram_grams(key)
            df = self.doc_freq(session, grams)
            if min(df.values()) == 0:
                return []  # a trigram no key has: nothing contains the query
            probe = sorted(grams, key=df.__getitem__)[:_SUBSTRING_GRAMS]
        elif has_han(key):
            probe = [short_gram(key)]
        else:
            return self._scan_substring(conn, self.meta(session), key, lang_ids, limit)
        meta = self.meta(session)
        postings = self._postings(conn, meta, probe)
        if len(postings) < len(probe):
            return []
        ids = None
        for g in probe:
            ids = postings[g] if ids is None else np.intersect1d(ids, postings[g], assume_unique=True)
        ids = ids[ids < len(meta.codes)]
        codes = meta.codes[ids]
        lengths = codes & MAX_CODE_LEN
        keep = (codes != 0) & (lengths >= len(key))
        if lang_ids is not None:
            keep &= np.isin(codes >> CODE_LEN_BITS, np.asarray(list(lang_ids), dtype=np.uint32))
        ids, codes = ids[keep], codes[keep]
        order = np.lexsort((ids, codes))
        return self._verified(conn, ids[order], key, limit, _VERIFY_CHUNK)

    def _verified(self, conn: Connection, ids: np.ndarray, key: str, limit: int, chunk: int) -> list[int]:
        """The first ``limit`` of ``ids`` (in their order) whose key contains ``key``."""
        hits: list[int] = []
        for start in range(0, len(ids), chunk):
            for vid, text in self._keys(conn, ids[start:start + chunk]):
                if key in text:
                    hits.append(vid)
                    if len(hits) >= limit:
                        return hits
        return hits

    def _scan_substring(self, conn: Connection, meta: _Meta, key: str, lang_ids: Iterable[int] | None,
                        limit: int) -> list[int]:
        """One or two non-Chinese characters have no index to use: keys are read in order until
        ``limit`` contain them (fast for common marks, slow for rare ones in a large TM)."""
        if not key.strip():
            raise ValidationError("search text must contain something other than spaces")
        if lang_ids is None:
            lang_ids = np.unique(meta.codes >> CODE_LEN_BITS).tolist()
        hits: list[int] = []
        for lang_id in sorted(set(lang_ids) - {0}):
            ids = meta.between(code(lang_id, len(key)), code(lang_id, MAX_CODE_LEN))
            hits += self._verified(conn, ids, key, limit - len(hits), _SCAN_CHUNK)
            if len(hits) >= limit:
                break
        return hits
