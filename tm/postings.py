"""The TM's persistent n-gram postings index: built in bulk with numpy, read per query.

Grams are integers of the key's code points (21 bits each): a trigram ``a<<42 | b<<21 | c``; for
keys with Chinese characters also each Han character alone and each character pair with a Han
character in it (``a<<21 | b``), which finds one- and two-character Chinese strings. The three
kinds never collide (code point 0 cannot occur in a key).

Keys are indexed in segments (``tm_segment``): a segment lists its variant ids and, for each, its
language id and key length (``lang << 20 | length``, "code"); ``tm_posting`` holds, per (segment,
gram), the sorted variant ids (uint32, little-endian) of the segment's keys containing the gram.
An import writes one segment per few thousand units, sorted once in memory, so memory stays
bounded and nothing is rebuilt when a small import lands in a big TM; small segments are merged
once there are too many (a merge is a concatenation per gram: variant ids only grow).
``tm_gram_df`` counts the keys containing each gram, for choosing a query's rarest grams.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy.engine import Connection

CODE_LEN_BITS = 20
MAX_CODE_LEN = (1 << CODE_LEN_BITS) - 1
#: Pairs (gram, key) collected before a segment is sorted and written (~25 bytes each while sorting).
SEGMENT_PAIRS = 2_500_000
#: Segments smaller than this many keys are merged when there are more than ``_SMALL_SEGMENTS``.
SMALL_SEGMENT = 20_000
_SMALL_SEGMENTS = 8
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def code(lang_id: int, length: int) -> int:
    """A key's (language, length) as one sortable integer."""
    return (lang_id << CODE_LEN_BITS) | min(length, MAX_CODE_LEN)


def _is_han(cp: np.ndarray) -> np.ndarray:
    out = np.zeros(cp.shape, dtype=bool)
    for lo, hi in _HAN_RANGES:
        out |= (cp >= lo) & (cp <= hi)
    return out


def trigram_codes(key: str) -> list[int]:
    """The distinct trigram codes of a key, in order of first occurrence."""
    cps = [ord(c) for c in key]
    return list(dict.fromkeys((cps[i] << 42) | (cps[i + 1] << 21) | cps[i + 2] for i in range(len(cps) - 2)))


def short_code(key: str) -> int:
    """The gram of a one- or two-character key (the Han unigram or pair index)."""
    return ord(key[0]) if len(key) == 1 else (ord(key[0]) << 21) | ord(key[1])


def gram_pairs(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(gram, key position) of every distinct gram of every key, sorted by gram then position."""
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cp = np.frombuffer("\0".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lens = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    owner = np.repeat(np.arange(len(keys), dtype=np.int64), lens + 1)[:len(cp)]
    parts_g, parts_o = [], []
    if len(cp) >= 3:
        a, b, c = cp[:-2], cp[1:-1], cp[2:]
        ok = (a != 0) & (b != 0) & (c != 0)
        parts_g.append(((a << 42) | (b << 21) | c)[ok])
        parts_o.append(owner[:-2][ok])
    han = _is_han(cp)
    if han.any():
        parts_g.append(cp[han])
        parts_o.append(owner[han])
        a, b = cp[:-1], cp[1:]
        ok = (a != 0) & (b != 0) & (han[:-1] | han[1:])
        parts_g.append(((a << 21) | b)[ok])
        parts_o.append(owner[:-1][ok])
    if not parts_g:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    grams, owners = np.concatenate(parts_g), np.concatenate(parts_o)
    # Each part is in key order and the kinds of gram never collide, so a stable sort by gram alone
    # leaves every gram's keys in order.
    order = np.argsort(grams, kind="stable")
    grams, owners = grams[order], owners[order]
    keep = np.ones(len(grams), dtype=bool)
    keep[1:] = (grams[1:] != grams[:-1]) | (owners[1:] != owners[:-1])
    return grams[keep], owners[keep]


class PostingWriter:
    """Collects keys and writes them as segments inside the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._vids: list[int] = []
        self._codes: list[int] = []
        self._keys: list[str] = []
        self._pending = 0
        self._df_grams = np.zeros(0, np.int64)
        self._df_counts = np.zeros(0, np.int64)
        self.segments_written = 0

    def add(self, variant_id: int, lang_id: int, key: str) -> None:
        """Queue one key; a segment is written when enough grams are queued."""
        self._vids.append(variant_id)
        self._codes.append(code(lang_id, len(key)))
        self._keys.append(key)
        self._pending += len(key)
        if self._pending >= SEGMENT_PAIRS:
            self.flush()

    def flush(self) -> None:
        """Write the queued keys as one segment."""
        if not self._keys:
            return
        vids = np.asarray(self._vids, dtype=np.uint32)
        codes = np.asarray(self._codes, dtype=np.uint32)
        keys = self._keys
        if np.any(vids[1:] < vids[:-1]):  # postings are kept sorted by variant id
            order = np.argsort(vids, kind="stable")
            vids, codes, keys = vids[order], codes[order], [keys[i] for i in order.tolist()]
        self._keys, self._vids, self._codes, self._pending = [], [], [], 0
        grams, owners = gram_pairs(keys)
        _write_segment(self.conn, vids, codes, grams, vids[owners])
        self.segments_written += 1
        starts = np.flatnonzero(np.r_[True, grams[1:] != grams[:-1]]) if len(grams) else np.zeros(0, np.int64)
        counts = np.diff(np.r_[starts, len(grams)])
        self._add_df(grams[starts], counts)

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
        """Write the last segment and the document frequencies; merge small segments."""
        self.flush()
        if len(self._df_grams):
            add_df(self.conn, self._df_grams, self._df_counts)
        self._df_grams = self._df_counts = np.zeros(0, np.int64)
        merge_small_segments(self.conn)


def _write_segment(conn: Connection, vids: np.ndarray, codes: np.ndarray, grams: np.ndarray,
                   ids: np.ndarray) -> int:
    """Insert a segment: its key table row and one posting row per gram. Returns its id."""
    seg = (conn.exec_driver_sql("SELECT max(id) FROM tm_segment").scalar() or 0) + 1
    conn.exec_driver_sql("INSERT INTO tm_segment (id, keys, vids, codes, version) VALUES (?, ?, ?, ?, 0)",
                         (seg, len(vids), vids.astype("<u4").tobytes(), codes.astype("<u4").tobytes()))
    if len(grams):
        starts = np.flatnonzero(np.r_[True, grams[1:] != grams[:-1]])
        bounds = (np.r_[starts, len(grams)] * 4).tolist()
        blob = ids.astype("<u4").tobytes()
        conn.exec_driver_sql("INSERT INTO tm_posting (segment, gram, ids) VALUES (?, ?, ?)",
                             [(seg, g, blob[bounds[i]:bounds[i + 1]]) for i, g in enumerate(grams[starts].tolist())])
    return seg


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
    """Replace the given segments by one holding all their keys and postings; returns its id."""
    marks = ",".join("?" * len(segments))
    vids, codes = [], []
    for v, c in conn.exec_driver_sql(f"SELECT vids, codes FROM tm_segment WHERE id IN ({marks}) ORDER BY id",
                                     tuple(segments)):
        vids.append(np.frombuffer(v, dtype="<u4"))
        codes.append(np.frombuffer(c, dtype="<u4"))
    all_vids, all_codes = np.concatenate(vids), np.concatenate(codes)
    order = np.argsort(all_vids, kind="stable")
    rows: list[tuple[int, bytes]] = []
    last, parts = None, []
    for gram, blob in conn.exec_driver_sql(
            f"SELECT gram, ids FROM tm_posting WHERE segment IN ({marks}) ORDER BY gram, segment", tuple(segments)):
        if gram != last and parts:
            rows.append((last, b"".join(parts)))
            parts = []
        last = gram
        parts.append(blob)
    if parts:
        rows.append((last, b"".join(parts)))
    conn.exec_driver_sql(f"DELETE FROM tm_posting WHERE segment IN ({marks})", tuple(segments))
    conn.exec_driver_sql(f"DELETE FROM tm_segment WHERE id IN ({marks})", tuple(segments))
    seg = (conn.exec_driver_sql("SELECT max(id) FROM tm_segment").scalar() or 0) + 1
    seg = max(seg, max(segments) + 1)
    conn.exec_driver_sql("INSERT INTO tm_segment (id, keys, vids, codes, version) VALUES (?, ?, ?, ?, 0)",
                         (seg, len(all_vids), all_vids[order].astype("<u4").tobytes(),
                          all_codes[order].astype("<u4").tobytes()))
    conn.exec_driver_sql("INSERT INTO tm_posting (segment, gram, ids) VALUES (?, ?, ?)",
                         [(seg, g, _sorted_blob(b)) for g, b in rows])
    return seg


def _sorted_blob(blob: bytes) -> bytes:
    """Concatenated segments are sorted unless a merged segment was older than another: sort then."""
    ids = np.frombuffer(blob, dtype="<u4")
    if len(ids) > 1 and np.any(ids[1:] < ids[:-1]):
        return np.sort(ids).astype("<u4").tobytes()
    return blob


def remove_variants(conn: Connection, variant_ids: Iterable[int]) -> int:
    """Take variants out of matching: their segment entries get code 0 (no language matches it),
    and their keys stop counting in the document frequencies. Returns how many were indexed."""
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
    """Index every stored key again from ``tm_key`` (the migration; a repair). Returns the keys indexed."""
    conn.exec_driver_sql("DELETE FROM tm_posting")
    conn.exec_driver_sql("DELETE FROM tm_segment")
    conn.exec_driver_sql("DELETE FROM tm_gram_df")
    writer, last, done = PostingWriter(conn), -1, 0
    while True:
        rows = conn.exec_driver_sql("SELECT id, key FROM tm_key WHERE id > ? ORDER BY id LIMIT ?",
                                    (last, batch)).all()
        if not rows:
            break
        for key_id, key in rows:
            writer.add(key_id & 0xFFFFFFFF, key_id >> 52, key)
        last, done = rows[-1][0], done + len(rows)
    writer.finish()
    return done
