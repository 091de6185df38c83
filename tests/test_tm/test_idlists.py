"""Compressed variant-id lists: round trips, escapes, and lists built a buffer at a time."""

from __future__ import annotations

import numpy as np
import pytest

from tm.idlists import ListBuilder, decode, decode_many, encode


@pytest.mark.parametrize("ids", [[], [0], [254], [255], [256], [1, 2, 3], [0, 255, 510, 511, 2**32 - 1],
                                 list(range(1000, 3000, 7))])
def test_a_list_decodes_to_itself(ids: list[int]) -> None:
    blob = encode(np.array(ids, dtype=np.uint32))
    assert decode(blob).tolist() == ids


def test_dense_ids_take_about_one_byte_each() -> None:
    ids = np.unique(np.random.default_rng(3).integers(0, 400_000, 100_000)).astype(np.uint32)
    blob = encode(ids)
    assert len(blob) < 1.3 * len(ids)
    assert (decode(blob) == ids).all()


def test_a_builder_gives_each_gram_its_ids_in_order_across_buffers_and_flushes() -> None:
    rng = np.random.default_rng(1)
    builder, expected, stored = ListBuilder(), {}, {}
    base = 0
    for round_ in range(12):
        grams = np.sort(rng.choice(60, 25, replace=False)).astype(np.uint32)
        sizes = rng.integers(1, 40, len(grams))
        starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
        ids = np.concatenate([np.sort(rng.choice(5000, k, replace=False)) + base for k in sizes]).astype(np.uint32)
        for g, s, k in zip(grams.tolist(), starts.tolist(), sizes.tolist(), strict=True):
            expected.setdefault(g, []).extend(ids[s:s + k].tolist())
        builder.add(grams, starts, ids)
        base += 5000 + int(rng.integers(0, 100_000))  # gaps wider than a byte between buffers
        if round_ % 5 == 4:  # a part written: later ids start new lists
            for g, blob in builder.rows():
                stored.setdefault(g, []).append(blob)
            assert len(builder) == 0 and builder.nbytes == 0
    for g, blob in builder.rows():
        stored.setdefault(g, []).append(blob)
    assert {g: decode_many(blobs).tolist() for g, blobs in stored.items()} == expected


def test_rows_come_in_gram_order() -> None:
    builder = ListBuilder()
    builder.add(np.array([9, 3], dtype=np.uint32)[::-1].copy(), np.array([0, 2]), np.array([1, 5, 2], dtype=np.uint32))
    assert [g for g, _b in builder.rows()] == [3, 9]
