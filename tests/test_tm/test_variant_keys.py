"""Matching keys stored with their variants (migration 0012): only where the text case-folded is not the key."""

from __future__ import annotations

import random
from pathlib import Path

from glossary.db import Database, downgrade_schema, open_database, upgrade_schema
from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write
from tm.editing import TmEditor
from tm.keys import key_of, keys_of, match_key, quick_key, stored_key
from tm.postings import reindex
from tm.service import TmService

#: (language, text, whether its key must be stored)
TEXTS = [
    ("en", "The parties support the Belt and Road Initiative.", False),
    ("en", "The  parties\tagree.", True),  # whitespace collapsed
    ("zh-CN", "各方支持共建“一带一路”倡议，欢迎各国参与。", True),  # NFKC: full-width comma
    ("zh-CN", "上海合作组织", False),
    ("ru", "Ёмкость рынка ЕАЭС растёт.", False),  # ё → е is part of the quick key
    ("ru", "Ｓ-400 поставлены.", True),  # NFKC: full-width Latin
]


def _stored(db: Database) -> dict[str, str | None]:
    with db.read() as s:
        return dict(s.connection().exec_driver_sql("SELECT text, key FROM tm_variant").all())


def test_key_of_a_stored_variant_is_always_its_match_key() -> None:
    for _lang, text, must_store in TEXTS:
        key = match_key(text)
        assert (stored_key(text, key) is not None) is must_store, text
        assert key_of(text, stored_key(text, key)) == key
    assert quick_key("ЁЛКА Belt") == "елка belt"


def test_an_import_stores_only_the_keys_quick_key_cannot_give(db: Database, tmp_path: Path) -> None:
    units = [tu((lang, text)) for lang, text, _ in TEXTS]
    import_files(db, [write(tmp_path / "k.tmx", tmx(*units))], author="t")
    stored = _stored(db)
    assert stored == {text: match_key(text) if must else None for _lang, text, must in TEXTS}
    tm = TmService(db)
    assert [o.variant.text for o in tm.search("parties agree")] == [TEXTS[1][1]]
    assert [o.variant.text for o in tm.search("倡议,欢迎")] == [TEXTS[2][1]]  # the query is normalized too
    assert [o.variant.text for o in tm.search("s-400")] == [TEXTS[5][1]]
    assert [o.variant.text for o in tm.search("ёмкость", langs=["ru"])] == [TEXTS[4][1]]


def test_an_edited_segment_stores_its_new_key(db: Database, tmp_path: Path) -> None:
    import_files(db, [write(tmp_path / "k.tmx", tmx(tu(("en", "Belt and Road"), ("zh-CN", "一带一路"))))], author="t")
    with db.read() as s:
        (unit_id,) = s.connection().exec_driver_sql("SELECT id FROM tm_unit").one()
    TmEditor(db, "t").edit_segment(unit_id, "zh-Hans", "一带一路，合作")
    assert _stored(db)["一带一路，合作"] == "一带一路,合作"
    assert [o.unit_id for o in TmService(db).search("路,合")] == [unit_id]


def test_the_migration_moves_keys_into_variants_and_back(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = open_database(str(path), migrate=False)
    upgrade_schema(old, "0011_tm_postings")
    packed = []
    with old.write() as s:  # rows as 0011 stored them: every key in tm_key under a packed id
        conn = s.connection()
        conn.exec_driver_sql("INSERT INTO tm_lang (id, tag) VALUES (1, 'en'), (2, 'zh-Hans'), (3, 'ru')")
        lang_ids = {"en": 1, "zh-CN": 2, "ru": 3}
        for i, (lang, text, _must) in enumerate(TEXTS, start=1):
            conn.exec_driver_sql("INSERT INTO tm_unit (id, hash) VALUES (?, ?)", (i, f"h{i}"))
            conn.exec_driver_sql("INSERT INTO tm_variant (id, unit_id, position, lang, lang_tag, text) "
                                 "VALUES (?, ?, 0, ?, ?, ?)",
                                 (i, i, "zh-Hans" if lang == "zh-CN" else lang, lang, text))
            key = match_key(text)
            packed.append(((lang_ids[lang] << 52) | (len(key) << 32) | i, key))
        conn.exec_driver_sql("INSERT INTO tm_key (id, key) VALUES (?, ?)", packed)
    old.dispose()
    db = open_database(str(path))  # 0011 → head
    try:
        with db.read() as s:
            tables = {n for (n,) in s.connection().exec_driver_sql("SELECT name FROM sqlite_master")}
        assert "tm_key" not in tables
        assert _stored(db) == {text: match_key(text) if must else None for _lang, text, must in TEXTS}
        tm = TmService(db)
        with db.write() as s:
            assert reindex(s.connection()) == len(TEXTS)
        assert [o.unit_id for o in tm.search("parties agree")] == [2]
        assert tm.match("The parties support the Belt and Road initiative", source_lang="en", target_lang="en",
                        with_terms=False)[0].unit_id == 1
        downgrade_schema(db, "0011_tm_postings")
        with db.read() as s:
            conn = s.connection()
            assert sorted(conn.exec_driver_sql("SELECT id, key FROM tm_key").all()) == sorted(packed)
            columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(tm_variant)")]
        assert "key" not in columns
    finally:
        db.dispose()


def test_keys_of_agrees_with_match_key_and_stored_key() -> None:
    """keys_of takes a shortcut for printable texts; it must give exactly what the two functions give."""
    assert all(not chr(c).isprintable() for c in range(0x110000) if chr(c).isspace() and c != 0x20)
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    alphabet = [*"ab Ёё，A\u200b\xad中", *spaces]
    rng = random.Random(7)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(50_000)]
    for text in [*texts, "", " ", "Belt and Road", "一带一路，合作", " lead", "trail ", "Ёлка  ёж"]:
        key = match_key(text)
        assert keys_of(text) == (key, stored_key(text, key)), repr(text)


def test_the_key_is_nfkc_of_the_text_whatever_full_width_punctuation_it_holds() -> None:
    """Full-width punctuation is replaced before the (costly) normalization is tried; the key must be
    exactly that of NFKC, next to combining marks, other compatibility characters and any character."""
    import unicodedata

    def expected(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().replace("ё", "е").split())

    marks = ["\u0301", "\u0308", "\u3099", "\u309a", "\u0338", "\u20dd"]
    alphabet = [*"，：；（）！？\u3000", *marks, *"中国ＡＢ１ｶﾞﬁ½ Ёa=<>", "\uff0c\u0301", "\u1100\u1161"]
    rng = random.Random(11)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(30_000)]
    texts += [f"中{chr(c)}，{chr(c)}" for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    for text in texts:
        assert match_key(text) == expected(text), repr(text)
        assert keys_of(text)[0] == expected(text), repr(text)


def test_quick_keys_fold_a_batch_as_each_text_alone() -> None:
    """Folding texts joined equals folding each (case folding is per character), whatever they hold:
    every BMP character, ß and ﬁ that grow, final sigma, ё, and a text with NUL in it."""
    from tm.keys import quick_key, quick_keys

    texts = ["".join(chr(c) for c in range(start, min(start + 97, 0xD800))) for start in range(1, 0xD800, 97)]
    texts += ["Straße ﬁnal ΟΔΟΣ Ёлка", "", "a\0b", "ΣΑΣ", ""]
    assert quick_keys(texts) == [quick_key(t) for t in texts]
    assert quick_keys(texts[:-3]) == [quick_key(t) for t in texts[:-3]]
    assert quick_keys([]) == []
    assert quick_keys([""]) == [""]


def test_stored_key_of_is_stored_key_of_the_match_key() -> None:
    """The shortcut that skips the key for clean texts gives what computing the key gives: every
    BMP character alone, between letters, doubled, at either end, and the sample texts."""
    from tm.keys import stored_key_of

    texts = [text for _lang, text, _store in TEXTS] + ["", " ", "a  b", " a", "a ", "a\tb", "ﬁ", "Straße"]
    for c in range(0x10000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        texts += [ch, f"a{ch}b", ch + ch, f"{ch}x", f"x{ch}"]
    for text in texts:
        assert stored_key_of(text) == stored_key(text, match_key(text)), repr(text)
