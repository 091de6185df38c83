"""The repeat filter against a Python set: same answers over many batches, hash halves colliding,
the quick filter growing."""

from __future__ import annotations

import hashlib
import random

import pytest

from tm.repeats import RepeatFilter


def _digest(n: int) -> str:
    return hashlib.blake2b(str(n).encode(), digest_size=16).hexdigest()


def _reference(batches: list[list[str]]) -> list[list[bool]]:
    seen: set[str] = set()
    return [[not (d in seen or seen.add(d)) for d in batch] for batch in batches]  # type: ignore[func-returns-value]


def _firsts(repeats: RepeatFilter, batch: list[str]) -> list[bool]:
    """The protocol of an import: is_new per digest, settle at the batch's end."""
    quick = [repeats.is_new(d) for d in batch]
    pairs = list(zip(batch, quick, strict=True))
    decided = iter(repeats.settle([d for d, q in pairs if q], [d for d, q in pairs if not q]))
    return [q or next(decided) for q in quick]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_answers_as_a_set_does_over_many_batches(seed: int) -> None:
    rng = random.Random(seed)
    pool = [_digest(n) for n in range(30000)]
    stream = [rng.choice(pool) for _ in range(60000)]  # repeats near and far, within batches too
    batches, start = [], 0
    while start < len(stream):
        size = rng.choice([1, 2, 50, 333, 1000])
        batches.append(stream[start:start + size])
        start += size
    repeats = RepeatFilter()
    assert [_firsts(repeats, b) for b in batches] == _reference(batches)
    distinct = len(set(stream))
    assert len(repeats) == distinct
    assert len(repeats._runs) <= 8  # merged as they grow
    assert repeats._bits_log2 > 16  # the quick filter grew with them and still answers exactly
    assert repeats.nbytes <= 16 * distinct + 2 * distinct * 16 // 8 + 1


def test_a_shared_high_half_is_not_a_repeat() -> None:
    """Digests equal in their first 8 bytes (never seen in practice, always doubtful to the quick
    filter) are still told apart, in either order, within a batch and across batches and runs."""
    high = "0123456789abcdef"
    same_high = [high + f"{n:016x}" for n in (5, 1, 9, 3)]
    others = [_digest(n) for n in range(200)]
    batches = [others[:100] + same_high[:1], same_high[1:3] + [same_high[0]], others[100:],
               same_high[2:] + others[:3], same_high, [high + "f" * 16]]
    repeats = RepeatFilter()
    assert [_firsts(repeats, b) for b in batches] == _reference(batches)


def test_empty_and_malformed() -> None:
    repeats = RepeatFilter()
    assert repeats.settle([], []) == []
    with pytest.raises(ValueError, match="32 hex digits"):
        repeats.settle(["abc"], [])
    with pytest.raises(ValueError, match="32 hex digits"):
        repeats.settle([], ["x" * 32])
    assert len(repeats) == 0
