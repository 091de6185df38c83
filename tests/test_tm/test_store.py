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


def _fields_payload(variants: list[tuple[str, str]], notes: list[tuple[str, str | None, str]]) -> str:
    """The plain-unit hash payload as specified (migration 0016), written out independently."""
    fields = [str(len(variants))]
    for lang, text in sorted(variants):
        fields += [lang, str(len(text)), text]
    for kind, type_, text in notes:
        fields += [kind, "-" if type_ is None else str(len(type_)), type_ or "", str(len(text)), text]
    return "\x1f".join(fields)


@pytest.mark.parametrize("text", AWKWARD)
def test_plain_hash_is_the_specified_fields_hash(text: str) -> None:
    """Plain units hash their length-prefixed fields (stored hashes depend on it); both ways of
    computing it agree, the tag as written does not count, and a unit with markup keeps its JSON hash."""
    unit = UnitDraft((V("ru", text), V("en", "Joint " + text), V("en", text)),
                     annotations=(Annotation("prop", text, "x-doc"), Annotation("note", text), Annotation("prop", "")))
    payload = _fields_payload([(v.lang, v.text) for v in unit.variants],
                              [(a.kind, a.type, a.text) for a in unit.annotations])
    assert unit.content_hash() == hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
    assert plain_content_hash([(v.lang, v.lang_tag, v.text) for v in unit.variants],
                              [(a.kind, a.type, a.text) for a in unit.annotations]) == unit.content_hash()
    # the tag as written does not count, nor does it decide the order of two variants of one language
    tagged = [("en", "EN-zz", text), ("en", "en-AA", "Joint " + text), ("ru", "ru", text)]
    assert plain_content_hash(tagged, [(a.kind, a.type, a.text) for a in unit.annotations]) == unit.content_hash()
    marked = UnitDraft((VariantDraft("en", "en", text, markup=f"<ph>x</ph>{text}"),))
    json_payload = json.dumps([[["en", "m", f"<ph>x</ph>{text}", []]], []], ensure_ascii=False)
    assert marked.content_hash() == hashlib.blake2b(json_payload.encode("utf-8"), digest_size=16).hexdigest()


def test_fields_that_look_alike_hash_apart() -> None:
    """Length prefixes keep texts holding the separator, or a note type equal to a text, apart."""
    hashes = {plain_content_hash([("en", "en", "a\x1f1\x1fb")], []),
              plain_content_hash([("en", "en", "a"), ("en", "en", "b")], []),
              plain_content_hash([("en", "en", "a")], [("prop", "b", "")]),
              plain_content_hash([("en", "en", "a")], [("prop", "", "b")]),
              plain_content_hash([("en", "en", "a")], [("note", None, "b")]),
              plain_content_hash([("en", "en", "a")], [("prop", None, "b")])}
    assert len(hashes) == 6


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
