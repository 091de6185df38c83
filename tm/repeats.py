"""Which units of a file repeat an earlier unit of it, remembered in about 16 bytes per distinct unit.

An import marks a unit whose content hash it has seen before as a repeat, so it is neither prepared
nor sent to the store twice. A Python set of the 32-character hex digests costs about 130 bytes a
unit (85 MB for the 655,000 distinct units of a 1,000,000-unit file, in the process reading it).
Here the digests are two 64-bit halves in numpy arrays, kept as a few sorted runs and searched a
batch at a time; in front of them, a bit array (one bit per digest prefix, 16 bits per digest
remembered) answers "certainly new" for most new units at once, so they are prepared while their
text is still in the CPU's cache, and only the others wait for the exact search at the batch's end.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: A run is merged into the one before it once that one is at most this many times its size: a
#: few runs to search per batch, and each digest is copied a few times as they grow.
_MERGE_RATIO = 4
#: Bits of the quick filter per digest remembered (at most): about 1 in 16 new digests is doubtful.
_BITS_PER_DIGEST = 16
_MIN_BITS_LOG2 = 16
_MAX_BITS_LOG2 = 32  # the quick filter is indexed by the digest's first 32 bits


def _halves(digests: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The high and low 64 bits of hex digests of 16 bytes."""
    try:
        words = np.frombuffer(bytes.fromhex("".join(digests)), dtype=">u8").astype(np.uint64)
    except ValueError:
        raise ValueError("content hashes must be 32 hex digits") from None
    if len(words) != 2 * len(digests):
        raise ValueError("content hashes must be 32 hex digits")
    return words[0::2], words[1::2]


class RepeatFilter:
    """The content hashes seen so far, exactly (both halves compared).

    Per digest, :meth:`is_new` says whether it is certainly new; at the end of each batch
    :meth:`settle` takes the batch's certainly new digests and decides the doubtful ones.
    """

    def __init__(self) -> None:
        # (high halves sorted, low halves in the same order), largest run first
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []
        self._size = 0
        self._set_bits_log2(_MIN_BITS_LOG2)

    def __len__(self) -> int:
        """Digests remembered (the ones settled)."""
        return self._size

    @property
    def nbytes(self) -> int:
        """Bytes held: the digests and the quick filter."""
        return sum(high.nbytes + low.nbytes for high, low in self._runs) + len(self._bits)

    def is_new(self, digest: str) -> bool:
        """Whether a hex digest is certainly not one seen before (in this batch or an earlier one).
        Either way it counts as seen from now on; pass it to :meth:`settle` with the batch."""
        i = int(digest[:8], 16) >> self._shift
        byte, bit = i >> 3, 1 << (i & 7)
        bits = self._bits
        value = bits[byte]
        if value & bit:
            return False
        bits[byte] = value | bit
        return True

    def settle(self, new: Sequence[str], doubtful: Sequence[str]) -> list[bool]:
        """Remember a batch: ``new`` are its digests :meth:`is_new` called new, ``doubtful`` the
        others in batch order. Returns, for each doubtful digest, whether it is the first of its
        value after all (seen neither in an earlier batch nor earlier in this one)."""
        digests = [*new, *doubtful]  # a new digest comes before any repeat of it
        high, low = _halves(digests)
        fresh = np.ones(len(digests), dtype=bool)
        if len(set(digests)) < len(digests):  # repeats within the batch: all but the first of each
            by_value = np.lexsort((np.arange(len(digests)), low, high))
            same = (high[by_value[1:]] == high[by_value[:-1]]) & (low[by_value[1:]] == low[by_value[:-1]])
            fresh[by_value[1:][same]] = False
        if doubtful:
            fresh[len(new):] &= self._absent(high[len(new):], low[len(new):])
        order = np.argsort(high[fresh], kind="stable")
        self._add(high[fresh][order], low[fresh][order])
        if self._size * _BITS_PER_DIGEST > (1 << self._bits_log2) and self._bits_log2 < _MAX_BITS_LOG2:
            self._rebuild_bits()
        return fresh[len(new):].tolist()

    def _absent(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        """Which digests are not remembered."""
        absent = np.ones(len(high), dtype=bool)
        order = np.argsort(high, kind="stable")  # searching sorted values keeps the runs' pages in cache
        sorted_high = high[order]
        for run_high, run_low in self._runs:
            at = np.empty(len(high), dtype=np.intp)
            at[order] = np.searchsorted(run_high, sorted_high)
            np.minimum(at, len(run_high) - 1, out=at)
            hit = run_high[at] == high
            if not hit.any():
                continue
            same = hit & (run_low[at] == low)
            absent &= ~same
            # another digest with the same high half sits at the first position: look at all of them
            for i in np.flatnonzero(hit & ~same & absent).tolist():
                absent[i] = not _among(run_high, run_low, int(at[i]), high[i], low[i])
        return absent

    def _add(self, high: np.ndarray, low: np.ndarray) -> None:
        """Remember digests not remembered yet, given sorted by high half."""
        if not len(high):
            return
        runs = self._runs
        runs.append((high, low))
        self._size += len(high)
        while len(runs) > 1 and len(runs[-2][0]) <= _MERGE_RATIO * len(runs[-1][0]):
            small_high, small_low = runs.pop()
            big_high, big_low = runs.pop()
            # inserting the smaller run allocates only the merged arrays (no sort, no index array)
            where = np.searchsorted(big_high, small_high, side="right")
            runs.append((np.insert(big_high, where, small_high), np.insert(big_low, where, small_low)))

    def _set_bits_log2(self, log2: int) -> None:
        self._bits_log2 = log2
        self._shift = 32 - log2
        self._bits = bytearray(1 << (log2 - 3))

    def _rebuild_bits(self) -> None:
        """A quick filter large enough for the digests remembered, built from them (all of them
        are settled, so none is missing)."""
        log2 = self._bits_log2
        while self._size * _BITS_PER_DIGEST > (1 << log2) and log2 < _MAX_BITS_LOG2:
            log2 += 1
        self._set_bits_log2(log2)
        bits = np.frombuffer(self._bits, dtype=np.uint8)
        for high, _low in self._runs:
            index = high >> np.uint64(64 - log2)
            np.bitwise_or.at(bits, (index >> np.uint64(3)).astype(np.intp),
                             (np.uint8(1) << (index & np.uint64(7)).astype(np.uint8)))


def _among(run_high: np.ndarray, run_low: np.ndarray, start: int, high: np.uint64, low: np.uint64) -> bool:
    """Whether (high, low) is in a run, given the first position of ``high`` in it."""
    end = int(np.searchsorted(run_high, high, side="right"))
    return bool(np.any(run_low[start:end] == low))
