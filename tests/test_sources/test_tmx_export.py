"""The TMX export from database rows writes exactly what the record-based writer writes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from glossary.db import Database, open_database
from glossary.errors import SilktermError
from sources import tmx_export
from sources.exporter import _tool_version, export_tm
from sources.importer import import_files
from sources.tmx import write_tmx
from sources.tmx_export import write_tmx_from_db
from tests.tmxfiles import INTEROP_TMX, tmx, tu, write, xmllint
from tm.editing import TmEditor
from tm.units import iter_units, resolve_languages

ALL_TMX = sorted(INTEROP_TMX.rglob("*.tmx"))

#: Units with everything the SQL renders and everything it leaves to the records.
RICH = tmx(
    tu(("en", "Plain &amp; simple &lt;text&gt;"), ("zh-CN", "联合声明"), ("ru", "Совместное заявление"),
       attrs=' tuid="a&quot;1" creationdate="20250101T000000Z" changeid="Bob &amp; Ann"',
       inner='<note>Unit note &amp; more</note><prop type="x-domain">Diplomacy</prop>'
             '<note xml:lang="en" o-encoding="utf-8">A note with attributes</note>'),
    tu(("EN", 'The <bpt i="1">&lt;b&gt;</bpt>big<ept i="1">&lt;/b&gt;</ept> cat <ph x="2">{0}</ph>'),
       ("fr-CA", "Le gros <hi>chat</hi>"), attrs=' usagecount="3" segtype="Sentence"'),
    '<tu tuid="v"><tuv xml:lang="en" creationid="x&lt;y" changedate="20260101T000000Z">'
    '<prop type="x-origin">MT</prop><note>variant note</note><seg>Variant with notes</seg></tuv>'
    '<tuv xml:lang="ru" xmlns:ex="http://example.com/ns" ex:status="draft"><seg>Чужой атрибут</seg></tuv></tu>\n',
    tu(("de", "Nur auf Deutsch"), ("fr", "Seulement en français")),
    tu(("en", "Tabs\tand\nnewlines &amp; a carriage&#13;return"), ("ru", "Вкладки"),
       attrs=' tuid="t&#9;1&#10;2" segtype="phrase"', inner='<prop>untyped</prop><prop type="">empty</prop>'),
    tu(("zh-TW", "峰會"), ("en", "Summit"), attrs=' datatype="plaintext" srclang="en"'),
    '<tu usagecount="7" lastusagedate="20250101T000000Z" xmlns:ex="http://example.com/ns" ex:flag="a&lt;b&quot;c">'
    '<tuv xml:lang="en" usagecount="2" ex:state="x&amp;y" creationtool="T &amp; T"><seg>JSON attributes</seg></tuv>'
    '<tuv xml:lang="ru"><seg>Атрибуты</seg></tuv></tu>\n',
    tu(("en", "Notes with foreign attributes"), ("ru", "Заметки"), attrs=' segtype="Bogus" o-tmf="x&amp;y"',
       inner='<note foo="dropped">kept</note><prop type="t" xml:lang="ru" o-encoding="base64">v</prop>'),
    *(tu(("en", f"Sentence number {i}."), ("ru", f"Предложение номер {i}."), attrs=f' tuid="{i}"',
         inner=f'<prop type="x-n">{i}</prop>') for i in range(40)),
)


def open_rich_db(folder: Path) -> Database:
    """A database holding RICH, with the first unit's first variant edited: a new variant id at the
    same position, so id order and position order differ."""
    db = open_database(str(folder / "rich.db"))
    import_files(db, [write(folder / "rich.tmx", RICH)], author="tester")
    TmEditor(db, author="editor").edit_segment(1, "en", "Edited & <first>")
    return db


@pytest.fixture
def rich_db(tmp_path: Path):
    db = open_rich_db(tmp_path)
    yield db
    db.dispose()


def _both(db: Database, langs: list[str]) -> tuple[bytes, bytes, int, int]:
    """(fast output, record-based output, their unit counts) for the languages ``langs`` (all when empty)."""
    with db.read() as s:
        wanted = resolve_languages(s, langs) if langs else None
        fast = io.BytesIO()
        n_fast = write_tmx_from_db(fast, s, wanted, srclang="en", tool_version="t")
        slow = io.StringIO()
        n_slow = write_tmx(slow, iter_units(s, wanted), srclang="en", tool_version="t")
    return fast.getvalue(), slow.getvalue().encode("utf-8"), n_fast, n_slow


@pytest.mark.parametrize("langs", [[], ["en"], ["en", "ru"], ["zh"], ["de", "fr"], ["ru", "zh-Hans", "en"]])
@pytest.mark.parametrize("chunk", [1, 3, 8000])
def test_rich_tm_byte_identical_to_the_record_writer(rich_db, monkeypatch, langs, chunk) -> None:
    monkeypatch.setattr(tmx_export, "CHUNK_ROWS", chunk)  # units straddling fetches, fast and slow chunks mixed
    fast, slow, n_fast, n_slow = _both(rich_db, langs)
    assert n_fast == n_slow > 0
    assert fast == slow


def test_the_rich_tm_covers_both_paths(rich_db) -> None:
    """Guard for the tests above: the SQL renders attributes from columns and JSON (escaped) and carried
    props, a unit with a variant's notes is left to the records, and some text is escaped by Python."""
    with rich_db.read() as s:
        cursor = s.connection().connection.driver_connection.cursor()
        rows = cursor.execute(tmx_export._query(0)).fetchall()
    rendered = b"".join(r[3] for r in rows if r[3] is not None)
    assert b' usagecount="7" lastusagedate="20250101T000000Z">' in rendered
    assert b'<prop type="x-silkterm-attr:{http://example.com/ns}flag">a&lt;b"c</prop>' in rendered
    assert b'<prop type="x-silkterm-attr:segtype">Bogus</prop>' in rendered
    assert b'<tuv xml:lang="en" usagecount="2" creationtool="T &amp; T">' in rendered
    assert b'tuid="a&quot;1"' in rendered and b'<note xml:lang="en" o-encoding="utf-8">' in rendered
    assert any(r[3] is None for r in rows)  # the variant with notes
    assert any(tmx_export._needs_escape(r[4]) for r in rows if r[3] is not None)


@pytest.mark.parametrize("path", ALL_TMX, ids=lambda p: str(p.relative_to(INTEROP_TMX)))
def test_third_party_files_byte_identical_to_the_record_writer(path: Path, tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "t.db"))
    try:
        import_files(db, [path], author="tester")
        fast, slow, n_fast, n_slow = _both(db, [])
    finally:
        db.dispose()
    assert (n_fast, fast) == (n_slow, slow)


def test_export_tm_uses_it_and_stays_dtd_valid(rich_db, tmp_path) -> None:
    out = tmp_path / "out.tmx"
    report = export_tm(rich_db, out, langs=["en", "zh", "ru"])
    assert xmllint(out).returncode == 0
    with rich_db.read() as s:
        slow = io.StringIO()
        n_slow = write_tmx(slow, iter_units(s, resolve_languages(s, ["en", "zh", "ru"])), srclang="en",
                           tool_version=_tool_version())
    assert report.units == n_slow
    assert out.read_bytes() == slow.getvalue().encode("utf-8")


def test_an_empty_tm_is_an_empty_document(tmp_path) -> None:
    db = open_database(str(tmp_path / "empty.db"))
    try:
        fast, slow, n_fast, n_slow = _both(db, [])
        with db.read() as s:
            none = io.BytesIO()
            assert write_tmx_from_db(none, s, set(), srclang="en", tool_version="t") == 0
    finally:
        db.dispose()
    assert (n_fast, fast) == (n_slow, slow) == (0, slow)
    assert none.getvalue() == slow


@pytest.mark.parametrize(("char", "code"), [("\x01", "U+0001"), ("\x0b", "U+000B"), ("\ufffe", "U+FFFE"),
                                            ("\uffff", "U+FFFF")])
@pytest.mark.parametrize("where", ["tm_variant", "tm_note"])
def test_a_character_xml_cannot_hold_is_the_record_writers_error(rich_db, tmp_path, char, code, where) -> None:
    with rich_db.write() as s:
        conn = s.connection()
        row_id, unit_id = conn.exec_driver_sql(f"SELECT id, unit_id FROM {where} ORDER BY unit_id DESC LIMIT 1").one()
        conn.exec_driver_sql(f"UPDATE {where} SET text = text || ? WHERE id = ?", (f"bad{char}char", row_id))
    with rich_db.read() as s, pytest.raises(SilktermError) as slow:
        write_tmx(io.StringIO(), iter_units(s), srclang="en", tool_version="t")
    out = tmp_path / "out.tmx"
    with pytest.raises(SilktermError) as fast:
        export_tm(rich_db, out)
    assert str(fast.value) == str(slow.value) == f"unit {unit_id}: character {code} cannot be written to XML"
    assert not out.exists() and not list(tmp_path.glob(".out.tmx.*"))


def _header_children(path: Path) -> list[tuple]:
    """(kind, attributes the DTD allows, text, map attributes) of a TMX file's header children."""
    from lxml import etree

    allowed = {"note": ("{http://www.w3.org/XML/1998/namespace}lang", "o-encoding"),
               "prop": ("type", "{http://www.w3.org/XML/1998/namespace}lang", "o-encoding"), "ude": ("name", "base")}
    header = next(el for _e, el in etree.iterparse(str(path), load_dtd=False, no_network=True,
                                                   resolve_entities=False) if etree.QName(el).localname == "header")
    out = []
    for child in (c for c in header if isinstance(c.tag, str)):  # comments left out
        kind = etree.QName(child).localname
        out.append((kind, {k: child.get(k) for k in allowed[kind] if child.get(k) is not None},
                    (child.text or "").strip() if kind != "ude" else "",
                    [dict(m.attrib) for m in child] if kind == "ude" else []))
    return out


HEADED = [p for p in ALL_TMX if p.name in ("ImportTest1L.tmx", "tmx14b_appendixA_sample.tmx", "standard.tmx",
                                           "namespaces.tmx")]


@pytest.mark.parametrize("path", HEADED, ids=lambda p: p.name)
def test_header_notes_props_and_udes_come_back_dtd_valid(path: Path, tmp_path: Path) -> None:
    assert _header_children(path)  # the file has some
    first, again = open_database(str(tmp_path / "a.db")), open_database(str(tmp_path / "b.db"))
    try:
        import_files(first, [path], author="tester")
        out = tmp_path / "out.tmx"
        export_tm(first, out)
        assert xmllint(out).returncode == 0, xmllint(out).stderr
        assert _header_children(out) == _header_children(path)
        import_files(first, [out], author="tester")  # its own export again: nothing written twice
        twice = tmp_path / "twice.tmx"
        export_tm(first, twice)
        import_files(again, [out], author="tester")
        third = tmp_path / "third.tmx"
        export_tm(again, third)
        assert twice.read_bytes() == out.read_bytes() == third.read_bytes()
    finally:
        first.dispose()
        again.dispose()
