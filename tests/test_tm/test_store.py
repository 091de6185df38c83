"""Storing units: identical units merged by content, the rest kept apart; ids never reused."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from glossary.db import Database
from tm.records import Annotation, UnitDraft, VariantDraft, plain_content_hash
from tm.store import TmWriter
from tm.units import count_units, iter_units, load_units


def V(lang: str, text: str, **attrs: str) -> VariantDraft:
    return VariantDraft(lang=lang, lang_tag=lang, text=text, attrs=attrs)


def _add(db: Database, units: list[UnitDraft]):
    with db.write() as s:
        writer = TmWriter(s, "tester")
        result = writer.add(units, None)
        writer.finish()
    return result


def test_identical_units_are_merged_whatever_their_dates_and_variant_order(db: Database) -> None:
    a = UnitDraft((V("en", "Joint statement", changedate="20250101T000000Z"), V("ru", "Совместное заявление")))
    b = UnitDraft((V("ru", "Совместное заявление"), V("en", "Joint statement", changedate="20260101T000000Z")),
                  attrs={"tuid": "other"})
    result = _add(db, [a, b])
    assert (result.added, result.merged, result.skipped) == (1, 1, 0)
    assert _add(db, [a]).merged == 1
    with db.read() as s:
        assert count_units(s) == (1, 2)


def test_units_differing_in_props_notes_markup_or_language_are_kept_apart(db: Database) -> None:
    base = (V("en", "Next"), V("co", "Dopu"))
    units = [
        UnitDraft(base),
        UnitDraft(base, annotations=(Annotation("prop", "a.html", "file"),)),
        UnitDraft(base, annotations=(Annotation("prop", "b.html", "file"),)),
        UnitDraft(base, annotations=(Annotation("note", "checked"),)),
        UnitDraft((V("en", "Next"), VariantDraft("co", "co", "Dopu", markup='Dopu<ph x="1"/>'))),
        UnitDraft((V("en-GB", "Next"), V("co", "Dopu"))),
        UnitDraft(()),  # no variant: nothing to store
    ]
    result = _add(db, units)
    assert (result.added, result.merged, result.skipped) == (6, 0, 1)


def test_unit_ids_are_never_reused(db: Database) -> None:
    _add(db, [UnitDraft((V("en", "one"),)), UnitDraft((V("en", "two"),))])
    with db.write() as s:
        s.connection().exec_driver_sql("DELETE FROM tm_unit WHERE id = 2")
    _add(db, [UnitDraft((V("en", "three"),))])
    with db.read() as s:
        assert [u.id for u in iter_units(s)] == [1, 3]


def test_attributes_come_back_whether_typed_columns_or_extras(db: Database) -> None:
    attrs = {"tuid": "7", "srclang": "en", "creationdate": "20250617T120000Z", "usagecount": "3",
             "{urn:x}flag": "yes"}
    variant = VariantDraft("zh-Hans", "ZH-cn", "联合声明", attrs={"changeid": "li", "o-tmf": "x"},
                           annotations=(Annotation("prop", "MT", "Origin", {"xml:lang": "en"}),))
    _add(db, [UnitDraft((variant,), attrs=attrs, annotations=(Annotation("note", "n1"), Annotation("prop", "v", "t")))])
    with db.read() as s:
        unit = load_units(s, [1])[1]
    assert unit.attrs == attrs
    assert unit.annotations == (Annotation("note", "n1"), Annotation("prop", "v", "t"))
    (v,) = unit.variants
    assert (v.lang, v.lang_tag, v.text) == ("zh-Hans", "ZH-cn", "联合声明")
    assert v.attrs == {"changeid": "li", "o-tmf": "x"}
    assert v.annotations == (Annotation("prop", "MT", "Origin", {"xml:lang": "en"}),)


AWKWARD = ['say "hi"', "back\\slash", "tab\tnew\nline\r", "\x01\x1f control", "emoji 🌍 и 中文",
           "\u2028 separators \u2029", "", "null", "[]", "'single'", "\\u0041"]


@pytest.mark.parametrize("text", AWKWARD)
def test_plain_hash_is_the_json_hash(text: str) -> None:
    """The direct payload of plain units must hash exactly like the JSON one (stored hashes)."""
    unit = UnitDraft((V("ru", text), V("en", "Joint " + text), V("en", text)),
                     annotations=(Annotation("prop", text, "x-doc"), Annotation("note", text), Annotation("prop", "")))
    variants = sorted([v.lang, "t", v.text, []] for v in unit.variants)
    payload = json.dumps([variants, [a.canonical() for a in unit.annotations]], ensure_ascii=False)
    assert unit.content_hash() == hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
    assert plain_content_hash([(v.lang, v.lang_tag, v.text) for v in unit.variants],
                              [(a.kind, a.type, a.text) for a in unit.annotations]) == unit.content_hash()
    # the tag as written does not count, nor does it decide the order of two variants of one language
    tagged = [("en", "EN-zz", text), ("en", "en-AA", "Joint " + text), ("ru", "ru", text)]
    assert plain_content_hash(tagged, [(a.kind, a.type, a.text) for a in unit.annotations]) == unit.content_hash()


@pytest.mark.parametrize("count", [1, 99, 100, 101, 257])
@pytest.mark.parametrize("variable_limit", [32766, 20, 5])
def test_rows_are_inserted_whole_in_statements_of_many_rows(db: Database, count: int, variable_limit: int) -> None:
    """Rows go in many to a statement, as many as SQLite lets one statement bind; columns NULL in
    every row are left out, the others keep their NULLs."""
    from tm.store import insert_rows

    rows = [(i, f"Совместное заявление {i}", None, "联合声明" if i % 3 else None, None) for i in range(count)]
    with db.write() as s:
        conn = s.connection()
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, d TEXT DEFAULT 'x')")
        conn.connection.driver_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variable_limit)
        insert_rows(conn, "t", ("id", "a", "b", "c", "d"), rows)
        stored = conn.exec_driver_sql("SELECT id, a, b, c, d FROM t ORDER BY id").all()
    assert [tuple(r) for r in stored] == [(i, a, b, c, "x") for i, a, b, c, _d in rows]  # d left out: its default


def test_texts_stay_with_their_units_when_some_are_merged_or_skipped(db: Database) -> None:
    """The texts travel beside the units; units left out (stored before, repeated in the batch, without
    variants) must take their texts with them, and every stored variant keeps its own text and key."""
    x = UnitDraft((V("en", "X one"), V("ru", "Икс один")))
    a = UnitDraft((V("en", "A  two"), V("zh-Hans", "甲二，"), V("ru", "А два")))
    y = UnitDraft((V("en", "Y three"),))
    _add(db, [x])
    result = _add(db, [a, x, UnitDraft(()), a, y])
    assert (result.added, result.merged, result.skipped) == (2, 2, 1)
    with db.read() as s:
        texts = [[(v.lang, v.text) for v in unit.variants] for unit in iter_units(s)]
        keys = dict(s.connection().exec_driver_sql("SELECT text, key FROM tm_variant").all())
    assert texts == [[("en", "X one"), ("ru", "Икс один")],
                     [("en", "A  two"), ("zh-Hans", "甲二，"), ("ru", "А два")],
                     [("en", "Y three")]]
    assert keys == {"X one": None, "Икс один": None, "A  two": "a two", "甲二，": "甲二,", "А два": None,
                    "Y three": None}
