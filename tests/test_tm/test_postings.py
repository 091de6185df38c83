"""The TM postings index on real SQLite files: gram extraction, segments, merging, re-indexing by
the migration, and matching that stays exact across all of them."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz

from glossary.db import Database, open_database, upgrade_schema
from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write
from tm.idlists import decode
from tm.index import TmIndex
from tm.keys import match_key
from tm.postings import _NO_GRAM, gram_hash, gram_pairs, merge_segments, reindex, remove_variants
from tm.service import TmService

WORDS = ("parties cooperation trade energy security summit agreement ministers transport digital investment "
         "Astana Tashkent Bishkek Ashgabat Dushanbe Beijing signed agreed welcomed").split()


def _reference(key: str) -> set[int]:
    """Grams of one key computed one character at a time."""
    grams = {gram_hash((ord(key[i]) << 42) | (ord(key[i + 1]) << 21) | ord(key[i + 2])) for i in range(len(key) - 2)}
    han = [0x3400 <= ord(c) <= 0x4DBF or 0x4E00 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF
           or 0x20000 <= ord(c) <= 0x2FA1F for c in key]
    grams |= {gram_hash(ord(c)) for c, h in zip(key, han, strict=True) if h}
    grams |= {gram_hash((ord(key[i]) << 21) | ord(key[i + 1])) for i in range(len(key) - 1) if han[i] or han[i + 1]}
    return grams


def test_gram_pairs_agree_with_a_character_by_character_reference() -> None:
    keys = ["", "a", "ab", "abc", "the parties agreed", "上海合作组织", "上", "в Астане 4 июля", "😀a😀b", "a上b",
            "𠀀𠀁x", "aaaa"]
    vids = np.arange(10, 10 + len(keys), dtype=np.uint32)
    pairs = gram_pairs(keys, vids)
    got: dict[int, set[int]] = {int(v): set() for v in vids}
    for p in pairs.tolist():
        gram, vid = p >> 32, p & 0xFFFFFFFF
        if gram != _NO_GRAM:
            got[vid].add(gram)
    assert got == {int(v): _reference(k) for v, k in zip(vids, keys, strict=True)}


def _sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return list(dict.fromkeys(" ".join(rng.choices(WORDS, k=rng.randint(6, 20))) + "." for _ in range(n)))


def _import(db: Database, path: Path, sentences: list[str]) -> None:
    import_files(db, [write(path, tmx(*(tu(("en", s), ("ru", "перевод " + s[:5])) for s in sentences)))],
                 author="tester")


def _best(db: Database, query: str) -> float:
    with db.read() as s:
        lang_ids = [i for (i,) in s.connection().exec_driver_sql("SELECT id FROM tm_lang WHERE tag = 'en'")]
        got = TmIndex().fuzzy(s, match_key(query), lang_ids, 75, 1)
    return got[0][2] if got else 0.0


def _segments(db: Database) -> list[tuple[int, int]]:
    with db.read() as s:
        return s.connection().exec_driver_sql("SELECT id, keys FROM tm_segment ORDER BY id").all()


def test_a_small_import_adds_a_segment_and_leaves_the_others_alone(db: Database, tmp_path: Path) -> None:
    big, small = _sentences(800, 1), _sentences(30, 2)
    _import(db, tmp_path / "big.tmx", big)
    before = _segments(db)
    with db.read() as s:
        rows_before = s.connection().exec_driver_sql("SELECT count(*) FROM tm_posting").scalar()
    _import(db, tmp_path / "small.tmx", small)
    after = _segments(db)
    assert after[:len(before)] == before and len(after) == len(before) + 1
    with db.read() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM tm_posting WHERE segment <= ?",
                                              (before[-1][0],)).scalar() == rows_before
    truth = {s for s in big + small}
    for q in small[:10] + big[:10]:
        assert _best(db, q.replace("the", "a", 1)) == max(fuzz.ratio(match_key(q.replace("the", "a", 1)), match_key(t))
                                                         for t in truth)


def test_merging_segments_keeps_every_match(db: Database, tmp_path: Path) -> None:
    parts = [_sentences(40, seed) for seed in range(5)]
    for i, part in enumerate(parts):
        _import(db, tmp_path / f"p{i}.tmx", part)
    assert len(_segments(db)) == 5
    queries = [s.replace(" ", "  x ", 1) for part in parts for s in part[:3]]
    before = [_best(db, q) for q in queries]
    with db.write() as s:
        merge_segments(s.connection(), [seg for seg, _n in _segments(db)])
    assert len(_segments(db)) == 1
    assert [_best(db, q) for q in queries] == before
    assert all(b > 75 for b in before)


def test_many_small_imports_are_merged(db: Database, tmp_path: Path) -> None:
    for i in range(10):
        _import(db, tmp_path / f"s{i}.tmx", _sentences(5, 100 + i))
    assert len(_segments(db)) <= 9


def test_removed_variants_are_no_longer_matched(db: Database, tmp_path: Path) -> None:
    sentences = _sentences(200, 3)
    _import(db, tmp_path / "a.tmx", sentences)
    target = sentences[17]
    assert _best(db, target) == 100
    with db.write() as s:
        conn = s.connection()
        (vid,) = conn.exec_driver_sql("SELECT id FROM tm_variant WHERE text = ?", (target,)).one()
        assert remove_variants(conn, [vid]) == 1
    assert _best(db, target) < 100


def test_reindex_gives_the_same_matches(db: Database, tmp_path: Path) -> None:
    sentences = _sentences(300, 4)
    _import(db, tmp_path / "a.tmx", sentences)
    queries = [s[:-3] + "ment." for s in sentences[:15]]
    before = [_best(db, q) for q in queries]
    with db.write() as s:
        assert reindex(s.connection()) == 2 * len(sentences)
    assert [_best(db, q) for q in queries] == before


def test_a_tm_stored_before_the_postings_index_is_reindexed_by_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = open_database(str(path), migrate=False)
    upgrade_schema(old, "0010_check_findings")
    with old.write() as s:  # rows as the 0007 schema stored them (FTS5 triggers fill the old indexes)
        conn = s.connection()
        conn.exec_driver_sql("INSERT INTO tm_lang (id, tag) VALUES (1, 'en'), (2, 'zh-Hans')")
        for i, (lang, text) in enumerate([("en", "The parties support the Belt and Road Initiative."),
                                          ("zh-Hans", "各方支持共建“一带一路”倡议。"), ("en", "ab"),
                                          ("en", "Project 😀 𠀀 x")], start=1):
            conn.exec_driver_sql("INSERT INTO tm_unit (id, hash) VALUES (?, ?)", (i, f"h{i}"))
            conn.exec_driver_sql("INSERT INTO tm_variant (id, unit_id, position, lang, lang_tag, text) "
                                 "VALUES (?, ?, 0, ?, ?, ?)", (i, i, lang, lang, text))
            key = match_key(text)
            lang_id = 1 if lang == "en" else 2
            conn.exec_driver_sql("INSERT INTO tm_key (id, key) VALUES (?, ?)", ((lang_id << 52) | (len(key) << 32) | i,
                                                                                key))
    old.dispose()
    db = open_database(str(path))
    try:
        with db.read() as s:
            tables = {n for (n,) in s.connection().exec_driver_sql("SELECT name FROM sqlite_master")}
        assert "tm_key_fts" not in tables and {"tm_segment", "tm_posting", "tm_gram_df"} <= tables
        tm = TmService(db)
        assert [o.unit_id for o in tm.search("一带")] == [2]
        assert [o.unit_id for o in tm.search("belt and road")] == [1]
        with db.read() as s:
            got = TmIndex().fuzzy(s, match_key("The parties support the Belt and Road initiative"), [1], 75, 1)
        assert got and got[0][2] > 95
        migrated = _index_content(db)
        with db.write() as s:
            reindex(s.connection())
        assert _index_content(db) == migrated  # the migration's copy of the gram code agrees with tm.postings
    finally:
        db.dispose()


def _index_content(db: Database) -> tuple[dict[int, list[int]], dict[int, int], list[tuple[int, int]]]:
    """gram → all variant ids (over every segment), gram → df, and (variant id, code) of every key."""
    postings: dict[int, list[int]] = {}
    with db.read() as s:
        conn = s.connection()
        for gram, blob in conn.exec_driver_sql("SELECT gram, ids FROM tm_posting ORDER BY segment, gram, part"):
            postings.setdefault(gram, []).extend(decode(blob).tolist())
        df = dict(conn.exec_driver_sql("SELECT gram, df FROM tm_gram_df").all())
        keys = []
        for vids, codes in conn.exec_driver_sql("SELECT vids, codes FROM tm_segment"):
            keys += zip(np.frombuffer(vids, "<u4").tolist(), np.frombuffer(codes, "<u4").tolist(), strict=True)
    return {g: sorted(v) for g, v in postings.items()}, df, sorted(keys)


def test_an_import_larger_than_the_buffer_is_one_segment_written_in_parts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Buffers compressed and written as parts while the file is read (tiny buffers and list
    budget here, so many of both) give exactly the index of one buffer, and a gram's parts in
    order list its ids in order."""
    import tm.postings as postings

    sentences = _sentences(400, 11) + ["上海合作组织成员国元首理事会会议在阿斯塔纳举行。",
                                       "Стороны подписали соглашение."]
    one = open_database(str(tmp_path / "one.db"))
    _import(one, tmp_path / "a.tmx", sentences)
    monkeypatch.setattr(postings, "SEGMENT_PAIRS", 3000)
    monkeypatch.setattr(postings, "_BATCH_PAIRS", 1000)
    monkeypatch.setattr(postings, "_BATCH_KEYS", 16)
    monkeypatch.setattr(postings, "LIST_BYTES", 4000)
    parts: list[int] = []
    write = postings._insert_postings
    monkeypatch.setattr(postings, "_insert_postings", lambda conn, seg, part, *rest: parts.append(part) or write(
        conn, seg, part, *rest))
    runs = open_database(str(tmp_path / "runs.db"))
    _import(runs, tmp_path / "a.tmx", sentences)
    assert len(_segments(runs)) == 1 and max(parts) > 10
    assert _index_content(runs) == _index_content(one)
    with runs.read() as s:
        by_gram: dict[int, list[int]] = {}
        for gram, blob in s.connection().exec_driver_sql("SELECT gram, ids FROM tm_posting ORDER BY gram, part"):
            by_gram.setdefault(gram, []).extend(decode(blob).tolist())
    assert all(ids == sorted(set(ids)) for ids in by_gram.values())
    for q in sentences[:20]:
        assert _best(runs, q.replace("the", "a", 1)) == _best(one, q.replace("the", "a", 1))
