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

import itertools
from collections.abc import Iterator

import numpy as np

_ESCAPE = 255
_HEADER = 4
#: Bytes a run (one gram's ids from one buffer) costs in a builder besides its gap bytes.
_RUN_BYTES = 32
#: Gap bytes gathered at a time when a builder's rows are made.
_CHUNK_BYTES = 256 << 10


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
    must be larger than the ones added before (an import's variant ids only grow).

    Each :meth:`add` keeps its buffer's gap bytes in one growing array and describes its runs (one
    per gram) in a small table; :meth:`rows` puts each gram's runs side by side with a few numpy
    gathers. Nothing is done per (gram, buffer) in Python: an import adds millions of such runs.
    A run's first gap depends on the gram's previous run, so it is filled in by :meth:`rows`.
    """

    def __init__(self, capacity: int = 1 << 20) -> None:
        """``capacity``: the gap bytes expected before :meth:`rows` (reserved, not used, until filled)."""
        self._capacity = capacity
        self._reset()

    def _reset(self) -> None:
        self._small = np.empty(self._capacity, np.uint8)  # gap bytes of every run (its first filled by rows)
        self._used = 0
        self._wide: list[np.ndarray] = []  # escaped gaps of every run but its first
        self._wide_used = 0
        self._runs: list[tuple[np.ndarray, ...]] = []  # per add: grams, starts, firsts, lasts, wide starts
        self._run_count = 0
        self.nbytes = 0

    def __len__(self) -> int:
        """Runs held (at least the number of grams; 0 when empty)."""
        return self._run_count

    def add(self, grams: np.ndarray, starts: np.ndarray, ids: np.ndarray) -> None:
        """Append sorted ids per gram: ``ids[starts[i]:starts[i + 1]]`` belong to ``grams[i]``."""
        if not len(grams):
            return
        ids = ids.astype(np.uint32, copy=False)
        starts = np.asarray(starts, dtype=np.int64)
        gaps = np.diff(ids, prepend=np.uint32(0))
        gaps[starts] = 0  # a run's first gap: see rows()
        small = np.minimum(gaps, _ESCAPE).astype(np.uint8)
        escaped = np.flatnonzero(small == _ESCAPE)
        ends = np.append(starts[1:], len(ids))
        # offsets fit uint32: a builder is written long before it holds 4 GB
        self._runs.append((grams.astype(np.uint32, copy=False), (starts + self._used).astype(np.uint32),
                           ids[starts], ids[ends - 1],
                           (np.searchsorted(escaped, starts) + self._wide_used).astype(np.uint32)))
        self._append_small(small)
        if len(escaped):
            self._wide.append(gaps[escaped])
            self._wide_used += len(escaped)
        self._run_count += len(grams)
        self.nbytes += len(small) + 4 * len(escaped) + _RUN_BYTES * len(grams)

    def _append_small(self, small: np.ndarray) -> None:
        end = self._used + len(small)
        if end > len(self._small):  # more than reserved: grown by half at least
            grown = np.empty(max(end, len(self._small) * 3 // 2), np.uint8)
            grown[:self._used] = self._small[:self._used]
            self._small = grown
        self._small[self._used:end] = small
        self._used = end

    def rows(self) -> Iterator[tuple[int, bytes]]:
        """(gram, stored list) of every gram in gram order; the builder is empty afterwards (ids
        added later start new lists)."""
        if not self._runs:
            return
        small, wide = self._small[:self._used], np.concatenate(self._wide) if self._wide else np.zeros(0, np.uint32)
        columns = [np.concatenate(column) for column in zip(*self._runs, strict=True)]
        columns.append(np.diff(columns[1].astype(np.int64), append=self._used))  # run lengths
        columns.append(np.diff(columns[4].astype(np.int64), append=self._wide_used))  # escaped gaps per run
        self._reset()  # empty now: what is left to write is in small, wide and columns
        order = np.argsort(columns[0], kind="stable")  # by gram, each gram's runs in the order added
        # one column at a time, sorted in place of the unsorted one (the memory peak of a part write)
        grams, starts, first_gaps, lasts, wide_starts, lengths, wide_counts = (
            columns.pop(0)[order] for _ in range(len(columns)))
        del order
        same = grams[1:] == grams[:-1]  # a run continuing the gram of the run before
        first_gaps[1:][same] -= lasts[:-1][same]
        new_gram = np.flatnonzero(np.r_[True, ~same])
        bounds = np.append(new_gram, len(grams))
        # a chunk of whole grams at a time bounds the gather indexes (8 bytes per id gathered)
        ends = np.cumsum(lengths)
        cut = np.searchsorted(ends[bounds[1:] - 1], np.arange(_CHUNK_BYTES, ends[-1] + _CHUNK_BYTES, _CHUNK_BYTES))
        row_cuts = np.unique(np.r_[0, np.minimum(cut + 1, len(new_gram))])
        for lo, hi in itertools.pairwise(row_cuts.tolist()):
            yield from _chunk_rows(small, wide, grams, starts, lengths, wide_starts, wide_counts, first_gaps,
                                   bounds[lo:hi + 1])


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indexes ``starts[i] .. starts[i] + lengths[i] - 1`` of every range, concatenated."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) + np.repeat(starts.astype(np.int64) - offsets, lengths)


def _chunk_rows(small: np.ndarray, wide: np.ndarray, grams: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
                wide_starts: np.ndarray, wide_counts: np.ndarray, first_gaps: np.ndarray,
                bounds: np.ndarray) -> Iterator[tuple[int, bytes]]:
    """The stored lists of the grams whose runs are ``bounds[0]:bounds[-1]`` (runs sorted by gram)."""
    runs = slice(int(bounds[0]), int(bounds[-1]))
    lengths, firsts = lengths[runs], first_gaps[runs]
    out = small[_ranges(starts[runs], lengths)]
    run_at = np.cumsum(lengths) - lengths  # where each run begins in out
    out[run_at] = np.minimum(firsts, _ESCAPE)
    # escaped gaps, in id order: a run's first gap (when escaped) before the run's own
    first_wide = firsts >= _ESCAPE
    counts = wide_counts[runs] + first_wide
    wide_at = np.cumsum(counts) - counts
    wide_out = np.empty(int(counts.sum()), np.uint32)
    wide_out[wide_at[first_wide]] = firsts[first_wide]
    own = wide_counts[runs]
    wide_out[_ranges(wide_at + first_wide, own)] = wide[_ranges(wide_starts[runs], own)]
    rel = bounds - bounds[0]
    small_bounds = np.append(run_at, len(out))[rel].tolist()
    wide_bounds = (np.append(wide_at, len(wide_out))[rel] * 4).tolist()
    small_bytes, wide_bytes = out.tobytes(), wide_out.astype("<u4", copy=False).tobytes()
    for i, gram in enumerate(grams[bounds[:-1]].tolist()):
        a, b = small_bounds[i], small_bounds[i + 1]
        yield gram, ((b - a).to_bytes(_HEADER, "little") + small_bytes[a:b]
                     + wide_bytes[wide_bounds[i]:wide_bounds[i + 1]])
