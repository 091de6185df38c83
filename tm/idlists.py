"""Sorted variant-id lists, compressed: how ``tm_posting.ids`` is stored.

A list is its gaps (each id minus the one before; the first minus 0): one byte per gap below 255,
and the byte 255 for a larger gap, whose value follows in a block of uint32 after all the bytes::

    uint32 count | count gap bytes | uint32 of each escaped gap, in order

The ids of a frequent gram lie close together (most gaps fit one byte), and the ids of a rare one
are few, so a list takes about a third of the four bytes per id it would take raw; encoding and
decoding are a handful of numpy passes. :class:`ListBuilder` collects the lists of many grams a
sorted buffer at a time, in memory and already compressed, so an import writes each gram's list
once (or a few times for a very large import: one row per flush, its ids after the earlier ones').
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

_ESCAPE = 255
_HEADER = 4
#: Bytes a gram costs in a builder besides its data (two bytearrays and the dict entry).
_GRAM_OVERHEAD = 200


def encode(ids: np.ndarray) -> bytes:
    """One sorted list of distinct uint32 ids as stored."""
    ids = np.asarray(ids, dtype=np.uint32)
    gaps = np.diff(ids, prepend=np.uint32(0))
    small = np.minimum(gaps, _ESCAPE).astype(np.uint8)
    return (len(ids).to_bytes(_HEADER, "little") + small.tobytes()
            + gaps[small == _ESCAPE].astype("<u4").tobytes())


def decode(blob: bytes) -> np.ndarray:
    """The ids of a stored list (uint32, ascending)."""
    count = int.from_bytes(blob[:_HEADER], "little")
    small = np.frombuffer(blob, dtype=np.uint8, count=count, offset=_HEADER)
    gaps = small.astype(np.uint32)
    escaped = small == _ESCAPE
    if len(blob) > _HEADER + count:
        gaps[escaped] = np.frombuffer(blob, dtype="<u4", offset=_HEADER + count)
    return np.cumsum(gaps, dtype=np.uint32)


def decode_many(blobs: list[bytes]) -> np.ndarray:
    """The ids of several stored lists of one gram, in the order given."""
    if len(blobs) == 1:
        return decode(blobs[0])
    return np.concatenate([decode(b) for b in blobs])


class ListBuilder:
    """The compressed lists of many grams, extended a sorted buffer at a time. Ids added for a gram
    must be larger than the ones added before (an import's variant ids only grow)."""

    def __init__(self) -> None:
        self._lists: dict[int, tuple[bytearray, bytearray]] = {}
        self._last: dict[int, int] = {}
        self.nbytes = 0

    def __len__(self) -> int:
        return len(self._lists)

    def add(self, grams: np.ndarray, starts: np.ndarray, ids: np.ndarray) -> None:
        """Append sorted ids per gram: ``ids[starts[i]:starts[i + 1]]`` belong to ``grams[i]``."""
        if not len(grams):
            return
        ids = ids.astype(np.uint32, copy=False)
        gaps = np.diff(ids, prepend=np.uint32(0))
        keys = grams.tolist()
        last = self._last
        gaps[starts] = ids[starts] - np.array([last.get(g, 0) for g in keys], dtype=np.uint32)
        small = np.minimum(gaps, _ESCAPE).astype(np.uint8)
        escaped = np.flatnonzero(small == _ESCAPE)
        wide = gaps[escaped].astype("<u4").tobytes()
        ends = np.append(starts[1:], len(ids))
        small_bytes = memoryview(small.tobytes())
        wide_bytes = memoryview(wide)
        s_list, e_list = starts.tolist(), ends.tolist()
        w_starts = (np.searchsorted(escaped, starts) * 4).tolist()  # escapes before each gram's first id
        w_ends = w_starts[1:] + [len(wide)]
        tails = ids[ends - 1].tolist()
        lists = self._lists
        added = 0
        for i, g in enumerate(keys):
            entry = lists.get(g)
            if entry is None:
                entry = lists[g] = (bytearray(), bytearray())
                added += _GRAM_OVERHEAD
            entry[0].extend(small_bytes[s_list[i]:e_list[i]])
            if w_ends[i] > w_starts[i]:
                entry[1].extend(wide_bytes[w_starts[i]:w_ends[i]])
            last[g] = tails[i]
        self.nbytes += added + len(small_bytes) + len(wide)

    def rows(self) -> Iterator[tuple[int, bytes]]:
        """(gram, stored list) of every gram in gram order; the builder is empty afterwards (ids
        added later start new lists)."""
        lists = self._lists
        self._lists, self._last, self.nbytes = {}, {}, 0
        for g in sorted(lists):
            small, wide = lists.pop(g)  # one gap byte per id: the count is the length
            yield g, len(small).to_bytes(_HEADER, "little") + bytes(small) + bytes(wide)
