"""The TM's persistent n-gram postings index: built in bulk with numpy, read per query.

Grams are integers of the key's code points (21 bits each): a trigram ``a<<42 | b<<21 | c``; for
keys with Chinese characters also each Han character alone and each character pair with a Han
character in it (``a<<21 | b``), which finds one- and two-character Chinese strings. The three
kinds never collide (code point 0 cannot occur in a key); each is stored as a 32-bit hash, so a
(gram, variant id) pair is one uint64 and a segment is sorted in place.

Keys are indexed in segments (``tm_segment``): a segment lists its variant ids and, for each, its
language id and key length (``lang << 20 | length``, "code"); ``tm_posting`` holds, per (segment,
gram, part), the sorted variant ids of the segment's keys containing the gram, compressed
(:mod:`tm.idlists`). An import writes one segment: its (gram, variant id) pairs are collected in a bounded buffer
that is sorted and added to compressed in-memory lists whenever it fills, while the file is still
being read; the lists are written when they fill their budget (a part) and at the end, in gram
order. Variant ids only grow, so a gram's parts in order list its ids in order, and they sit side
by side in the table: reading a gram is one range. Nothing is rebuilt when a small import lands in
a big TM; small segments are merged once there are too many (a merge is a concatenation per gram).
``tm_gram_df`` counts the keys containing each gram, for choosing a query's rarest grams.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from sqlalchemy.engine import Connection

from tm.idlists import ListBuilder, decode_many, encode
from tm.keys import key_of

CODE_LEN_BITS = 20
MAX_CODE_LEN = (1 << CODE_LEN_BITS) - 1
#: (gram, key) pairs collected before they are sorted and compressed: 8 bytes each, plus about 5
#: while sorting and grouping, so the buffer costs about 26 MB at most (a bigger one sorts no faster
#: per pair and only raises an import's peak memory).
SEGMENT_PAIRS = 2_000_000
#: Compressed lists held before they are written as a part (most imports write one).
LIST_BYTES = 32 << 20
_BATCH_KEYS = 2048  # keys turned into pairs at a time
_BATCH_PAIRS = 400_000  # room kept for one more batch
#: Segments smaller than this many keys are merged when there are more than ``_SMALL_SEGMENTS``.
SMALL_SEGMENT = 20_000
_SMALL_SEGMENTS = 8
_ROWS_PER_INSERT = 20_000
_BYTES_PER_INSERT = 1 << 20
_POSTING_SQL = "INSERT INTO tm_posting (segment, gram, part, ids) VALUES (?, ?, ?, ?)"
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: the high 32 bits of code × this (mod 2**64)
_M64 = (1 << 64) - 1
#: Name prefix of the thread that extracts grams during an import.
POSTINGS_THREAD = "tm-postings"
_NO_GRAM = 0xFFFFFFFF  # marks pairs that are not a gram of one key


def code(lang_id: int, length: int) -> int:
    """A key's (language, length) as one sortable integer."""
    return (lang_id << CODE_LEN_BITS) | min(length, MAX_CODE_LEN)


def gram_hash(gram_code: int) -> int:
    """The 32-bit gram id stored in the index. Two grams sharing one only add candidates, which are
    verified (fuzzy: re-scored; concordance: substring test), so a collision never loses a match."""
    return min(((gram_code * _MIX) & _M64) >> 32, _NO_GRAM - 1)


def _hash_array(codes: np.ndarray) -> np.ndarray:
    """``gram_hash`` of each code, left in the high 32 bits (the low ones take the variant id)."""
    with np.errstate(over="ignore"):
        return (codes.astype(np.uint64, copy=False) * np.uint64(_MIX)) & np.uint64(0xFFFFFFFF00000000)


def _is_han(cp: np.ndarray) -> np.ndarray:
    out = np.zeros(cp.shape, dtype=bool)
    high = np.flatnonzero(cp >= _HAN_RANGES[0][0])  # the ranges start above Latin, Cyrillic and CJK marks
    if len(high):
        sub = cp[high]
        out[high] = np.any([(sub >= lo) & (sub <= hi) for lo, hi in _HAN_RANGES], axis=0)
    return out


def trigram_grams(key: str) -> list[int]:
    """The distinct trigram ids of a key, in order of first occurrence."""
    cps = [ord(c) for c in key]
    return list(dict.fromkeys(gram_hash((cps[i] << 42) | (cps[i + 1] << 21) | cps[i + 2])
                              for i in range(len(cps) - 2)))


def short_gram(key: str) -> int:
    """The gram id of a one- or two-character key (the Han character or pair index)."""
    return gram_hash(ord(key[0]) if len(key) == 1 else (ord(key[0]) << 21) | ord(key[1]))


def gram_pairs(keys: Sequence[str], vids: np.ndarray) -> np.ndarray:
    """``gram id << 32 | variant id`` of every gram of every key (unsorted; repeats possible;
    the grams spanning two keys carry the id ``_NO_GRAM``, which is never written)."""
    if not keys:
        return np.zeros(0, np.uint64)
    cp = np.frombuffer("\0".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    owner = np.repeat(vids.astype(np.uint64), lens + 1)[:len(cp)]
    ends = np.cumsum(lens + 1) - 1  # the separators (and one past the end)
    parts = []
    if len(cp) >= 3:
        tri = _hash_array((cp[:-2] << np.uint64(42)) | (cp[1:-1] << np.uint64(21)) | cp[2:])
        np.minimum(tri, np.uint64(_NO_GRAM << 32), out=tri)  # keep _NO_GRAM for the spanning ones
        cut = np.concatenate([ends - 2, ends - 1, ends])  # trigrams starting up to the separator
        tri[cut[(cut >= 0) & (cut < len(tri))]] = np.uint64(_NO_GRAM << 32)
        tri |= owner[:-2]
        parts.append(tri)
    han = _is_han(cp)
    if han.any():
        parts.append(_hash_array(cp[han]) | owner[han])
        ok = (cp[:-1] != 0) & (cp[1:] != 0) & (han[:-1] | han[1:])
        parts.append(_hash_array(((cp[:-1] << np.uint64(21)) | cp[1:])[ok]) | owner[:-1][ok])
    return np.concatenate(parts) if len(parts) > 1 else parts[0] if parts else np.zeros(0, np.uint64)


class PostingWriter:
    """Collects keys and writes them as one segment inside the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._vids: list[int] = []
        self._langs: list[int] = []
        self._keys: list[str] = []
        self._seg_vids: list[np.ndarray] = []
        self._seg_codes: list[np.ndarray] = []
        self._pairs = np.zeros(0, np.uint64)
        self._used = 0
        self._worker: ThreadPoolExecutor | None = None
        self._pending: Future[np.ndarray] | None = None
        self._df_grams = np.zeros(0, np.int64)
        self._df_counts = np.zeros(0, np.int64)
        self.segments_written = 0
        self._lists = ListBuilder(LIST_BYTES + SEGMENT_PAIRS)
        self._segment: int | None = None  # the id of the segment being written, once it has a part
        self._parts = 0

    def add(self, variant_id: int, lang_id: int, key: str) -> None:
        """Queue one key; grams are extracted in batches and written when enough are queued."""
        self.add_many([variant_id], [lang_id], [key])

    def add_many(self, variant_ids: Sequence[int], lang_ids: Sequence[int], keys: Sequence[str]) -> None:
        """Queue keys (in increasing variant id order); every ``_BATCH_KEYS`` of them go to gram extraction."""
        if len(lang_ids) != len(keys) or len(variant_ids) != len(keys):
            raise ValueError("one variant id and one language id per key")
        for start in range(0, len(keys), _BATCH_KEYS):
            end = start + _BATCH_KEYS
            self._vids.extend(variant_ids[start:end])
            self._langs.extend(lang_ids[start:end])
            self._keys.extend(keys[start:end])
            if len(self._keys) >= _BATCH_KEYS:
                self._batch()

    def _batch(self) -> None:
        """Hand the queued keys to the worker thread (numpy releases the GIL, so gram extraction
        overlaps with parsing the next units) and store the previous batch's pairs."""
        if self._keys:
            vids = np.asarray(self._vids, dtype=np.uint32)
            self._seg_vids.append(vids)
            lengths = np.fromiter(map(len, self._keys), dtype=np.int64, count=len(self._keys))
            self._seg_codes.append(((np.asarray(self._langs, dtype=np.uint32) << CODE_LEN_BITS)
                                    | np.minimum(lengths, MAX_CODE_LEN)).astype(np.uint32))
            if self._worker is None:
                self._worker = ThreadPoolExecutor(1, thread_name_prefix=POSTINGS_THREAD)
            pending, self._pending = self._pending, self._worker.submit(gram_pairs, self._keys, vids)
            self._keys, self._vids, self._langs = [], [], []
        else:
            pending, self._pending = self._pending, None
        if pending is not None:
            self._store(pending.result())

    def _store(self, pairs: np.ndarray) -> None:
        if self._used + len(pairs) > len(self._pairs):  # untouched pages of np.empty cost no memory
            grown = np.empty(max(SEGMENT_PAIRS, self._used + len(pairs)), np.uint64)
            grown[:self._used] = self._pairs[:self._used]
            self._pairs = grown
        self._pairs[self._used:self._used + len(pairs)] = pairs
        self._used += len(pairs)
        if self._used >= SEGMENT_PAIRS - _BATCH_PAIRS:
            self._absorb()

    def _absorb(self) -> None:
        """Sort the buffered pairs (by gram id, then variant id: in place) and add them to the
        compressed lists; write those as the segment's next part when they fill their budget."""
        pairs = self._pairs[:self._used]
        pairs.sort()
        grams, starts, ids = _group_pairs(pairs)
        self._lists.add(grams, starts, ids)
        self._add_df(grams.astype(np.int64), np.diff(np.r_[starts, len(ids)]))
        self._used = 0
        if self._lists.nbytes >= LIST_BYTES:
            self._write_part()

    def _write_part(self) -> None:
        if self._segment is None:
            self._segment = _next_segment(self.conn)
        _insert_postings(self.conn, self._segment, self._parts, self._lists.rows())
        self._parts += 1

    def flush(self) -> None:
        """Write the queued keys and the segment's key table: the segment is complete."""
        while self._keys or self._pending is not None:
            self._batch()
        if not self._seg_vids:
            return
        if self._used:
            self._absorb()
        self._pairs = np.zeros(0, np.uint64)  # its memory goes to the segment's key table below
        if len(self._lists):
            self._write_part()
        vids = np.concatenate(self._seg_vids)  # one at a time: this is an import's memory peak
        self._seg_vids = []
        codes = np.concatenate(self._seg_codes)
        self._seg_codes = []
        if np.any(vids[1:] < vids[:-1]):
            order = np.argsort(vids, kind="stable")
            vids, codes = vids[order], codes[order]
        seg = self._segment if self._segment is not None else _next_segment(self.conn)
        _insert_segment(self.conn, seg, vids, codes)
        self.segments_written += 1
        self._segment, self._parts = None, 0

    def _add_df(self, grams: np.ndarray, counts: np.ndarray) -> None:
        if not len(self._df_grams):
            self._df_grams, self._df_counts = grams, counts
            return
        allg = np.concatenate([self._df_grams, grams])
        uniq, inverse = np.unique(allg, return_inverse=True)
        self._df_counts = np.bincount(inverse, weights=np.concatenate([self._df_counts, counts]),
                                      minlength=len(uniq)).astype(np.int64)
        self._df_grams = uniq

    def finish(self) -> None:
        """Write the last part, the segment and the document frequencies; merge small segments."""
        try:
            self.flush()
        finally:
            if self._worker is not None:
                self._worker.shutdown()
                self._worker = None
        if len(self._df_grams):
            add_df(self.conn, self._df_grams, self._df_counts)
        self._df_grams = self._df_counts = np.zeros(0, np.int64)
        merge_small_segments(self.conn)


def _group_pairs(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct gram ids, where each gram's variant ids start, the variant ids) of sorted pairs;
    repeats (a gram twice in one key) and ``_NO_GRAM`` dropped. Only one array as long as the
    pairs is made (the ids, half their size), so memory stays close to the pair buffer's."""
    if not len(pairs):
        empty = np.zeros(0, np.uint32)
        return empty, np.zeros(0, np.int64), empty
    halves = pairs.view(np.uint32)  # little-endian: low half (variant id) first
    high = halves[1::2]
    keep = np.empty(len(pairs), dtype=bool)
    keep[0] = True
    np.not_equal(pairs[1:], pairs[:-1], out=keep[1:])
    first = np.empty(len(pairs), dtype=bool)  # a new gram begins (implies keep)
    first[0] = True
    np.not_equal(high[1:], high[:-1], out=first[1:])
    grams = high[first]
    starts = np.flatnonzero(first[keep])
    del first
    ids = halves[0::2][keep]
    if grams[-1] == _NO_GRAM:  # sorted last
        ids = ids[:starts[-1]]
        grams, starts = grams[:-1], starts[:-1]
    return grams, starts, ids


def _next_segment(conn: Connection) -> int:
    """A new segment id (the segment row itself is written last, after its parts)."""
    top = max(conn.exec_driver_sql("SELECT max(id) FROM tm_segment").scalar() or 0,
              conn.exec_driver_sql("SELECT max(segment) FROM tm_posting").scalar() or 0)
    return top + 1


def _insert_segment(conn: Connection, seg: int, vids: np.ndarray, codes: np.ndarray) -> None:
    """Insert a segment's key table row."""
    conn.exec_driver_sql("INSERT INTO tm_segment (id, keys, vids, codes, version) VALUES (?, ?, ?, ?, 0)",
                         (seg, len(vids), memoryview(np.ascontiguousarray(vids, dtype="<u4")),
                          memoryview(np.ascontiguousarray(codes, dtype="<u4"))))  # bound without a copy


def _insert_postings(conn: Connection, seg: int, part: int, rows: Iterable[tuple[int, bytes]]) -> None:
    """Insert a segment's part: one row per (gram, stored id list), in statements of bounded size."""
    batch: list[tuple[int, int, int, bytes]] = []
    size = 0
    for gram, blob in rows:
        batch.append((seg, gram, part, blob))
        size += len(blob)
        if size >= _BYTES_PER_INSERT or len(batch) >= _ROWS_PER_INSERT:
            conn.exec_driver_sql(_POSTING_SQL, batch)
            batch, size = [], 0
    if batch:
        conn.exec_driver_sql(_POSTING_SQL, batch)


def add_df(conn: Connection, grams: np.ndarray, counts: np.ndarray) -> None:
    """Add to the document frequencies of grams (negative counts remove keys)."""
    conn.exec_driver_sql("INSERT INTO tm_gram_df (gram, df) VALUES (?, ?) "
                         "ON CONFLICT (gram) DO UPDATE SET df = df + excluded.df",
                         list(zip(grams.tolist(), counts.tolist(), strict=True)))


def merge_small_segments(conn: Connection) -> None:
    """Merge the small segments into one when there are too many (bounds the rows a query reads)."""
    small = [s for (s,) in conn.exec_driver_sql("SELECT id FROM tm_segment WHERE keys < ? ORDER BY id",
                                                (SMALL_SEGMENT,))]
    if len(small) > _SMALL_SEGMENTS:
        merge_segments(conn, small)


def merge_segments(conn: Connection, segments: Sequence[int]) -> int:
    """Replace the given segments by one holding all their keys and postings; returns its id.

    Streaming: the segments' posting rows are read gram by gram in parallel cursors (a k-way
    merge) and the merged rows written in bounded statements, so memory stays at one gram's ids
    plus one statement's rows however large the index is.
    """
    segments = sorted(segments)
    marks = ",".join("?" * len(segments))
    vids, codes = [], []
    for v, c in conn.exec_driver_sql(f"SELECT vids, codes FROM tm_segment WHERE id IN ({marks}) ORDER BY id",
                                     tuple(segments)):
        vids.append(np.frombuffer(v, dtype="<u4"))
        codes.append(np.frombuffer(c, dtype="<u4"))
    all_vids, all_codes = np.concatenate(vids), np.concatenate(codes)
    order = np.argsort(all_vids, kind="stable")
    seg = _next_segment(conn)
    _insert_segment(conn, seg, all_vids[order], all_codes[order])
    raw = conn.connection.driver_connection  # the same transaction; one cursor per merged segment
    streams = [raw.execute("SELECT gram, ?, part, ids FROM tm_posting WHERE segment = ? ORDER BY gram, part",
                           (i, old)) for i, old in enumerate(segments)]
    _insert_postings(conn, seg, 0, ((gram, encode(_merged_ids([blob for _g, _i, _p, blob in group])))
                                    for gram, group in itertools.groupby(heapq.merge(*streams), key=lambda r: r[0])))
    conn.exec_driver_sql(f"DELETE FROM tm_posting WHERE segment IN ({marks})", tuple(segments))
    conn.exec_driver_sql(f"DELETE FROM tm_segment WHERE id IN ({marks})", tuple(segments))
    return seg


def _merged_ids(blobs: list[bytes]) -> np.ndarray:
    """One gram's ids from its rows in segment order: ascending, unless a merged segment was older
    than another (sorted then)."""
    ids = decode_many(blobs)
    if len(ids) > 1 and np.any(ids[1:] < ids[:-1]):
        ids = np.sort(ids)
    return ids


def remove_variants(conn: Connection, variant_ids: Iterable[int]) -> int:
    """Take variants out of matching: their segment entries get code 0 (no language matches it).
    Document frequencies keep counting them (a stale count only changes which grams are probed,
    never what matches). Returns how many were indexed."""
    wanted = np.unique(np.fromiter(variant_ids, dtype=np.int64)).astype(np.uint32)
    if not len(wanted):
        return 0
    removed = 0
    rows = conn.exec_driver_sql("SELECT id, vids, codes FROM tm_segment").all()
    for seg, v, c in rows:
        vids = np.frombuffer(v, dtype="<u4")
        hit = np.isin(vids, wanted) & (np.frombuffer(c, dtype="<u4") != 0)
        if not hit.any():
            continue
        codes = np.frombuffer(c, dtype="<u4").copy()
        codes[hit] = 0
        removed += int(hit.sum())
        conn.exec_driver_sql("UPDATE tm_segment SET codes = ?, version = version + 1 WHERE id = ?",
                             (codes.astype("<u4").tobytes(), seg))
    return removed


def reindex(conn: Connection, batch: int = 50_000) -> int:
    """Index every stored variant's key again (a repair). Returns the keys indexed."""
    conn.exec_driver_sql("DELETE FROM tm_posting")
    conn.exec_driver_sql("DELETE FROM tm_segment")
    conn.exec_driver_sql("DELETE FROM tm_gram_df")
    writer, last, done = PostingWriter(conn), 0, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT v.id, l.id, v.text, v.key FROM tm_variant v JOIN tm_lang l ON l.tag = v.lang "
            "WHERE v.id > ? ORDER BY v.id LIMIT ?", (last, batch)).all()
        if not rows:
            break
        writer.add_many([r[0] for r in rows], [r[1] for r in rows], [key_of(text, key) for _v, _l, text, key in rows])
        last, done = rows[-1][0], done + len(rows)
    writer.finish()
    return done
