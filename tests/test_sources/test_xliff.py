"""XLIFF 1.x / 2.0 import against real files: XLIFF → TMX (DTD-valid) → re-import equal, inline codes
recoverable, what is kept where, hostile and malformed input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from glossary.db import Database, open_database
from glossary.errors import SourceFormatError
from sources.exporter import export_tm
from sources.importer import import_files
from sources.xliff import ELEMENT_PROP, XLIFF2_NS, XliffReader
from sources.xliff_inline import xliff_content
from sources.xmlsafe import PARSER_OPTIONS
from tests.conftest import SHARED
from tests.exchangefiles import ALL_XLIFF, INTEROP_XLIFF
from tests.tmxfiles import content, dump, write, xmllint

INTEROP = SHARED / "interop"
#: Interop XLIFF files refused on purpose, with the reason the user is given.
REFUSED = {
    "xliff/omegat/en-xx.xlf": "unknown language tag 'xx'",  # OmegaT's placeholder language
    "xliff/omegat/file-XLIFFFilter-invalid-content.xlf": "not well-formed XML: PCDATA invalid Char value 8",
    "xliff/symfony/invalid-xml-resources.xlf": "not well-formed XML: Opening and ending tag mismatch",
}
VALID = [p for p in ALL_XLIFF if str(p.relative_to(INTEROP)) not in REFUSED]
_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _rel(path: Path) -> str:
    return str(path.relative_to(INTEROP))


def _import(db: Database, *paths: Path):
    return import_files(db, list(paths), author="tester")


@pytest.fixture
def fresh_db(tmp_path: Path):
    """A factory of new, empty databases in this test's folder."""
    opened: list[Database] = []

    def make(name: str) -> Database:
        opened.append(open_database(str(tmp_path / f"{name}.db")))
        return opened[-1]

    yield make
    for d in opened:
        d.dispose()


def test_every_interop_xliff_is_covered() -> None:
    assert len(ALL_XLIFF) == 28 and len(VALID) == 25


@pytest.mark.parametrize("path", VALID, ids=_rel)
def test_round_trip_through_tmx(path: Path, fresh_db, tmp_path: Path) -> None:
    first = fresh_db("first")
    report = _import(first, path)[0]
    assert report.format == "xliff" and report.skipped == 0 and report.added > 0
    exported = tmp_path / "export.tmx"
    assert export_tm(first, exported).units == report.added
    lint = xmllint(exported)
    assert lint.returncode == 0, lint.stderr
    second = fresh_db("second")
    again = _import(second, exported)[0]
    assert (again.added, again.skipped) == (report.added, 0)
    assert content(second) == content(first)  # segments, languages, attributes, props, notes, inline codes
    assert _import(first, path)[0].added == 0  # importing twice adds nothing


@pytest.mark.parametrize(("name", "reason"), REFUSED.items())
def test_refused_interop_xliff(name: str, reason: str, fresh_db) -> None:
    db = fresh_db("t")
    with pytest.raises(SourceFormatError, match=reason) as caught:
        _import(db, INTEROP / name)
    assert str(caught.value).startswith(f"{INTEROP / name}:") and "\n" not in str(caught.value)


@pytest.mark.parametrize("path", sorted((INTEROP_XLIFF / "qt-ts").glob("*.ts")), ids=lambda p: p.name)
def test_qt_linguist_files_are_refused_with_the_reason(path: Path, fresh_db) -> None:
    with pytest.raises(SourceFormatError, match=r":3: this is a Qt Linguist TS file, which silkterm does not"):
        _import(fresh_db("t"), path)
    with pytest.raises(SourceFormatError, match=r":3: this is a Qt Linguist TS file"):
        list(XliffReader(path).units())


# ---- inline codes ------------------------------------------------------------------------------------

def _segments(path: Path) -> Iterator[tuple[etree._Element, etree._Element | None]]:
    """(source, non-empty target or None) of each trans-unit / segment of the original file, in order."""
    root = etree.parse(str(path), etree.XMLParser(remove_comments=True, remove_pis=True, **PARSER_OPTIONS)).getroot()
    ns = etree.QName(root).namespace
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    holders = root.iter(q("segment")) if ns == XLIFF2_NS else root.iter(q("trans-unit"))
    for holder in holders:
        source, target = holder.find(q("source")), holder.find(q("target"))
        yield source, target if target is not None and (target.text or len(target)) else None


def _canon(el: etree._Element) -> list[Any]:
    return [el.text or "", [(c.tag, sorted(c.attrib.items()), _canon(c), c.tail or "") for c in el]]


def _recovered(markup: str, original: etree._Element) -> etree._Element:
    ns = {k or "": v for k, v in original.nsmap.items()}
    decls = "".join(f' xmlns{":" + k if k else ""}="{v}"' for k, v in ns.items())
    return etree.fromstring(f"<w{decls}>{xliff_content(markup)}</w>".encode())


@pytest.mark.parametrize("path", [p for p in VALID if "<" in "".join(
    v.markup or "" for u in XliffReader(p).units() for v in u.variants)], ids=_rel)
def test_inline_codes_are_recoverable(path: Path) -> None:
    units = list(XliffReader(path).units())
    originals = list(_segments(path))
    assert len(units) == len(originals)
    for unit, (source, target) in zip(units, originals, strict=True):
        for variant, element in zip(unit.variants, (source, target), strict=False):
            assert element is not None
            assert _canon(_recovered(variant.markup_xml, element)) == _canon(element)


def test_inline_codes_map_to_tmx_codes_and_plain_text_is_the_translatable_text() -> None:
    units = list(XliffReader(INTEROP_XLIFF / "omegat" / "file-XLIFFFilter-tags.xlf").units())
    target = units[0].variants[1]
    assert target.text == "Link to http://localhost."
    assert target.markup == ('Link to <bpt i="1" type="x-xliff-mrk">&lt;mrk mtype="protected"&gt;</bpt>'
                             'http://localhost<ept i="1">&lt;/mrk&gt;</ept>.')
    nested = next(u for u in units if "Nested tags" in u.variants[1].text).variants[1]
    assert nested.text == "Nested tags: before  after"
    assert [etree.QName(e).localname for e in etree.fromstring(f"<s>{nested.markup}</s>")] == \
        ["bpt", "bpt", "ph", "ept", "ept"]


# ---- what is kept where ------------------------------------------------------------------------------

def test_xliff_12_ids_languages_attributes_and_other_elements() -> None:
    units = list(XliffReader(INTEROP_XLIFF / "omegat" / "file-XLIFFFilter-tags.xlf").units())
    gandalf = units[1]
    assert gandalf.attrs == {"srclang": "EN-US", "tuid": "7", "resname": "7", "original": "text.txt"}
    assert [(v.lang, v.lang_tag) for v in gandalf.variants] == [("en", "EN-US"), ("fr", "FR-FR")]  # xml:lang wins
    assert units[0].variants[1].lang == "be"  # target-language of <file>
    manual = {u.attrs.get("tuid"): u for u in XliffReader(INTEROP_XLIFF / "okapi" / "Manual-12-AltTrans.xlf").units()}
    assert manual["0"].attrs["translate"] == "no" and manual["3"].attrs["approved"] == "yes"
    [alt] = manual["4"].annotations
    assert alt.type == ELEMENT_PROP + "alt-trans" and "Le texte numéro quatre." in alt.text
    assert len(manual["4"].variants) == 1  # no <target>: the source only
    [symfony] = XliffReader(INTEROP_XLIFF / "symfony" / "resources-target-attributes.xlf").units()
    assert symfony.variants[1].attrs == {"state": "needs-translation"}
    assert symfony.attrs["resname"] == "foo"


def test_xliff_20_segments_notes_and_languages() -> None:
    units = list(XliffReader(INTEROP_XLIFF / "symfony" / "resources-2.0-multi-segment-unit.xlf").units())
    assert [(u.attrs["tuid"], u.attrs["segment"], u.variants[1].text) for u in units] == [
        ("1", "id-foo", "foo (translated)"), ("1", "id-bar", "bar (translated)")]
    assert all([(a.type, a.text) for a in u.annotations] == [("x-xliff-note;category=processed", "true")]
               for u in units)  # the unit's notes go with each of its segments
    first, second = XliffReader(INTEROP_XLIFF / "symfony" / "resources-notes-meta.xlf").units()
    assert [(v.lang, v.lang_tag) for v in first.variants] == [("fr", "fr-FR"), ("en", "en-US")]
    assert [(a.kind, a.type, a.text) for a in first.annotations] == [
        ("prop", "x-xliff-note;category=state", "new"), ("prop", "x-xliff-note;category=approved", "true"),
        ("prop", "x-xliff-note;category=section;priority=1", "user login")]
    assert first.attrs["name"] == "foo"
    plain = [u for u in XliffReader(INTEROP_XLIFF / "okapi" / "JMP-11-Test01.xlf").units() if u.annotations]
    assert plain and plain[0].annotations[0].kind == "note"  # a note with no attributes stays a note


def test_target_without_a_language_takes_the_file_name_or_und(tmp_path: Path) -> None:
    body = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
            'datatype="plaintext" original="x"><body><trans-unit id="1"><source>Astana</source>'
            '<target>Астана</target></trans-unit></body></file></xliff>')
    named = write(tmp_path / "messages.ru.xlf", _DECL + body)
    assert [v.lang for v in next(iter(XliffReader(named).units())).variants] == ["en", "ru"]
    nameless = write(tmp_path / "messages.xlf", _DECL + body)
    assert [v.lang for v in next(iter(XliffReader(nameless).units())).variants] == ["en", "und"]


# ---- hostile and malformed ---------------------------------------------------------------------------

_XLIFF = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
          'target-language="ru" datatype="plaintext" original="x"><body>\n<trans-unit id="1">'
          '<source>{source}</source><target>Астана</target></trans-unit>\n</body></file></xliff>\n')


@pytest.mark.parametrize(("data", "line", "message"), [
    ((_DECL + '<!DOCTYPE xliff [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
      + _XLIFF.format(source="&xxe;")).encode(), 3, "entity declarations are not accepted"),
    ((_DECL + '<!DOCTYPE xliff [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
      + _XLIFF.format(source="&b;")).encode(), 3, "entity declarations are not accepted"),
    ((_DECL + _XLIFF.format(source="&unknown;")).encode(), 3, "not well-formed XML"),
    (('<?xml version="1.0" encoding="UTF-7"?>\n' + _XLIFF.format(source="Astana")).encode(), 1, "UTF-7"),
    ((_DECL + _XLIFF.format(source="Ast\x00ana")).encode(), 3, "NUL character"),
    ((_DECL + _XLIFF.format(source="Astana")[:-40]).encode(), None, "not well-formed XML"),
    ((_DECL + '<martif type="TBX" xml:lang="en"><text><body/></text></martif>\n').encode(), 2,
     "this is a TBX file, not XLIFF"),
    ((_DECL + '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body/>'
      '</text></tbx>\n').encode(), 2, "this is a TBX file, not XLIFF"),
    ((_DECL + _XLIFF.replace('target-language="ru"', 'target-language="no such tag"').format(source="x")).encode(),
     3, "unknown language tag"),
    ((_DECL + _XLIFF.replace("<source>{source}</source>", "")).encode(), 3, "<trans-unit> without <source>"),
    ((_DECL + '<xliff xmlns="urn:example:other" version="9"/>\n').encode(), 2, "unknown XLIFF namespace"),
])
def test_malformed_xliff_is_one_error_with_file_and_line(tmp_path: Path, data: bytes, line: int | None,
                                                         message: str) -> None:
    path = tmp_path / "bad.xlf"
    path.write_bytes(data)
    with pytest.raises(SourceFormatError) as caught:
        list(XliffReader(path).units())
    text = str(caught.value)
    assert message in text and "\n" not in text, text
    assert text.startswith(f"{path}:{line}: " if line else f"{path}:"), text


def test_a_tbx_named_xlf_is_refused_and_the_database_is_unchanged(fresh_db, tmp_path: Path) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_XLIFF / "okapi" / "RB-12-Test02.xlf")
    before = dump(tmp_path / "t.db")
    tbx = write(tmp_path / "glossary.xlf", _DECL + '<martif type="TBX" xml:lang="en"><text><body/></text></martif>\n')
    with pytest.raises(SourceFormatError, match=r"glossary\.xlf:2: this is a TBX file, not XLIFF"):
        _import(db, INTEROP_XLIFF / "okapi" / "Typo3Draft.xlf", tbx)
    assert dump(tmp_path / "t.db") == before
