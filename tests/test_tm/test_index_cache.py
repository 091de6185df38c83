"""The fuzzy index's per-process state: cached postings follow every change of the TM, and the
lean counting and candidate selection agree with their plain numpy equivalents."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write
from tm.editing import TmEditor
from tm.index import _TIE, _count, _most_shared, _Posting
from tm.service import TmService

UNITS = [
    tu(("en", "The parties signed the Treaty on Permanent Good-Neighbourliness in Astana."),
       ("ru", "Стороны подписали Договор о вечном добрососедстве в Астане.")),
    tu(("en", "Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat."),
       ("ru", "Садыр Жапаров встретился с Шавкатом Мирзиёевым в Ашхабаде.")),
]


def _best(tm: TmService, query: str) -> list[tuple[int, str]]:
    return [(m.unit_id, m.source.text) for m in tm.match(query, source_lang="en", target_lang="ru", min_score=60)]


def test_one_service_follows_imports_edits_and_deletions(db, tmp_path: Path) -> None:
    import_files(db, [write(tmp_path / "a.tmx", tmx(*UNITS))], author="tester")
    tm = TmService(db)
    query = "The parties signed the Treaty on Permanent Good-Neighbourliness in Astana"  # no gram of its own
    ((first, _text),) = _best(tm, query)
    assert tm.index._postings_cache  # the grams read are kept

    twin = "The parties signed the Treaty on Permanent Good-Neighbourliness in Astana!"
    import_files(db, [write(tmp_path / "b.tmx", tmx(tu(("en", twin), ("ru", "Стороны подписали Договор!"))))],
                 author="tester")
    found = dict(_best(tm, query))
    assert set(found.values()) == {twin, "The parties signed the Treaty on Permanent Good-Neighbourliness in Astana."}
    added = next(unit for unit, text in found.items() if text == twin)

    TmEditor(db).edit_segment(added, "en", "Something else entirely, about grain exports.")
    assert [unit for unit, _t in _best(tm, query)] == [first]

    TmEditor(db).delete_units([first])
    assert _best(tm, query) == []


def test_count_is_numpy_unique_with_counts() -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 7, 10_000):
        ids = rng.integers(0, 300, size).astype(np.uint32)
        got, counts = _count(ids)
        want, want_counts = np.unique(ids, return_counts=True)
        assert got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()


def test_posting_window_is_the_code_filter() -> None:
    rng = np.random.default_rng(9)
    table = rng.integers(0, 3, 5000).astype(np.uint32) << 20 | rng.integers(1, 200, 5000).astype(np.uint32)
    table[rng.integers(0, 5000, 300)] = 0  # deleted keys
    ids = np.unique(rng.integers(0, 5200, 3000)).astype(np.uint32)  # some past the table's end
    posting = _Posting.of(ids, table)
    known = ids[ids < len(table)]
    for lang in (0, 1, 2):
        for lo, hi in ((1, 199), (50, 60), (70, 70), (250, 300)):
            got = posting.window((lang << 20) + lo, (lang << 20) + hi)
            codes = table[known]
            want = known[(codes >= (lang << 20) + lo) & (codes <= (lang << 20) + hi) & (codes != 0)]
            assert sorted(got.tolist()) == want.tolist()


@pytest.mark.parametrize("length, longest", [(100, 170), (100, 400)])
def test_most_shared_is_the_plain_selection(length: int, longest: int) -> None:
    rng = np.random.default_rng(length + longest)
    n, k = 20_000, 1500
    ids = np.arange(n, dtype=np.uint32)
    lengths = rng.permutation(np.linspace(60, longest, n)).astype(np.float64)
    codes = (1 << 20) | np.round(lengths).astype(np.uint32)
    counts = rng.integers(1, 20, n)
    got = _most_shared(ids, counts, codes, length, longest, k)
    gap = np.abs((codes & 0xFFFFF).astype(np.float64) - length) / (length + 1)
    score = gap * _TIE - counts
    want = ids[np.argsort(score, kind="stable")[:k]]
    assert len(got) == k
    # the same keys, up to ties on the boundary score
    boundary = np.sort(score)[k - 1]
    assert set(got[score[got] < boundary].tolist()) == set(want[score[want] < boundary].tolist())
    assert (score[got] <= boundary).all()
