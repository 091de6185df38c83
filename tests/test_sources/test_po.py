"""PO import and export against real files: round trips checked by polib and msgfmt, translate-toolkit
reading our PO back, plural rules, the termbase as PO, malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage.pypo import pofile as ttk_pofile

from glossary.db import Database, open_database
from glossary.errors import SourceFormatError, ValidationError
from sources import po
from sources.exporter import export_glossary, export_tm
from sources.importer import import_files
from sources.po import PoReader
from sources.po_write import nplurals, plural_forms
from tests.exchangefiles import ALL_PO, INTEROP_PO, catalog, charset, entries, header_changes, msgfmt, require_msgfmt
from tests.tmxfiles import INTEROP_TMX, content, dump, tmx, tu, write, xmllint
from tm.units import iter_units

#: Interop PO files refused on purpose, with the reason the user is given.
REFUSED = {"omegat/file-POFilter-be-utf8.po": "declares charset CP1251 but the file is UTF-8",
           "symfony/missing-plurals.po": r"msgstr\[3\] where msgstr\[0\] was expected"}
VALID = [p for p in ALL_PO if str(p.relative_to(INTEROP_PO)) not in REFUSED]
RUSSIAN = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


def _rel(path: Path) -> str:
    return str(path.relative_to(INTEROP_PO))


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


def _pair(path: Path) -> list[str]:
    reader = PoReader(path)
    list(reader.units())
    assert reader.header is not None
    source = reader.header[po.HEADER_SOURCE]
    return [source, reader.header.get(po.HEADER_TARGET, source)]


def test_every_interop_po_is_covered() -> None:
    assert len(ALL_PO) == 26 and len(VALID) == 24


@pytest.mark.parametrize("path", VALID, ids=_rel)
def test_round_trip_of_third_party_po(path: Path, fresh_db, tmp_path: Path) -> None:
    require_msgfmt()
    first = fresh_db("first")
    report = _import(first, path)[0]
    assert report.format == "po" and report.skipped == 0 and report.added > 0
    exported = tmp_path / "export.po"
    assert export_tm(first, exported, fmt="po", langs=_pair(path)).units == report.added
    check = msgfmt(exported)
    assert check.returncode == 0, check.stderr
    original, again = catalog(path, PoReader(path).text()), catalog(exported)
    assert entries(again) == entries(original)  # msgctxt, plurals, flags, comments, references, previous, obsolete
    assert again.header == original.header and bool(again.metadata_is_fuzzy) == bool(original.metadata_is_fuzzy)
    changed = header_changes(original, again)
    assert charset(again.metadata["Content-Type"]) == "UTF-8"  # what is written; everything else is kept
    assert {k for k, (before, _) in changed.items()
            if k != "Content-Type" and not (k == "Plural-Forms" and nplurals(before) is None)} == set()
    second = fresh_db("second")
    again_report = _import(second, exported)[0]
    assert (again_report.added, again_report.skipped) == (report.added, 0)
    assert sorted(map(repr, content(second))) == sorted(map(repr, content(first)))  # obsolete entries move last
    assert _import(first, path)[0].added == 0  # importing twice adds nothing


@pytest.mark.parametrize(("name", "reason"), REFUSED.items())
def test_refused_interop_po(name: str, reason: str, fresh_db) -> None:
    db = fresh_db("t")
    with pytest.raises(SourceFormatError, match=reason) as caught:
        _import(db, INTEROP_PO / name)
    assert str(caught.value).startswith(f"{INTEROP_PO / name}:")


def test_entry_parts_become_props_and_notes() -> None:
    units = list(PoReader(INTEROP_PO / "gnome-calculator" / "ru.po").units())
    contexts = [u for u in units if any(a.type == po.MSGCTXT for a in u.annotations)]
    assert contexts and all(len(u.variants) == 2 for u in contexts if not _is_obsolete(u))
    plural = next(u for u in units if any(a.type == po.MSGID_PLURAL for a in u.variants[0].annotations))
    assert [v.lang for v in plural.variants] == ["en", "ru"]
    assert [a.type for a in plural.variants[1].annotations] == [po.msgstr_prop(1), po.msgstr_prop(2)]
    assert len([u for u in units if _is_obsolete(u)]) == 228


def _is_obsolete(unit) -> bool:
    return any(a.type == po.OBSOLETE for a in unit.annotations)


def test_fuzzy_is_a_status_and_previous_strings_are_kept() -> None:
    units = list(PoReader(INTEROP_PO / "omegat" / "file-POFilter-fuzzyCtx.po").units())
    second = units[1]
    props = {a.type: a.text for a in second.annotations}
    assert props[po.FLAGS] == "fuzzy" and second.variants[1].attrs == {"state": "fuzzy"}
    assert props[po.PREVIOUS["previous_msgctxt"]] == "context"
    assert props[po.PREVIOUS["previous_msgid"]] == "old message ID"
    assert props[po.REFERENCES] == "path"


def test_languages_from_header_file_name_or_und(tmp_path: Path) -> None:
    src = write(tmp_path / "x.po", 'msgid ""\nmsgstr ""\n"X-Source-Language: ru\\n"\n"Language: zh_CN\\n"\n\n'
                                   'msgid "Ашхабад"\nmsgstr "阿什哈巴德"\n')
    [unit] = PoReader(src).units()
    assert [(v.lang, v.lang_tag) for v in unit.variants] == [("ru", "ru"), ("zh-Hans", "zh_CN")]
    folder = tmp_path / "kk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    named = write(folder / "django.po", 'msgid "Astana"\nmsgstr "Астана"\n')
    assert [v.lang for v in next(iter(PoReader(named).units())).variants] == ["en", "kk"]
    nameless = write(tmp_path / "non-valid.po", 'msgid "Astana"\nmsgstr "Астана"\n\nmsgid "Bishkek"\nmsgstr ""\n')
    translated, untranslated = PoReader(nameless).units()
    assert [v.lang for v in translated.variants] == ["en", "und"]
    assert [v.text for v in untranslated.variants] == ["Bishkek"]  # untranslated: the source only


def test_translate_toolkit_reads_our_po_back(fresh_db, tmp_path: Path) -> None:
    path = INTEROP_PO / "gnome-calculator" / "ru.po"
    db = fresh_db("t")
    _import(db, path)
    exported = tmp_path / "ru.po"
    export_tm(db, exported, fmt="po", langs=["en", "ru"])
    theirs = [u for u in ttk_pofile.parsefile(str(exported)).units if not u.isheader()]
    ours = [e for e in catalog(path)]
    assert len(theirs) == len(ours) == 1019

    def ttk(u) -> tuple:
        return (u.getcontext(), [str(s) for s in getattr(u.source, "strings", [u.source])],
                [str(s) for s in getattr(u.target, "strings", [u.target])], u.isfuzzy(), u.isobsolete())

    def polib_(e) -> tuple:
        targets = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)] if e.msgid_plural else [e.msgstr]
        return (e.msgctxt or "", [e.msgid, e.msgid_plural] if e.msgid_plural else [e.msgid], targets,
                e.fuzzy, e.obsolete)

    assert sorted(map(ttk, theirs)) == sorted(map(polib_, ours))


def test_plural_forms_per_language() -> None:
    assert plural_forms("ru") == RUSSIAN and plural_forms("uk") == RUSSIAN
    assert plural_forms("zh-Hans") == plural_forms("zh-Hant") == "nplurals=1; plural=0;"
    assert plural_forms("en") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("kk") == "nplurals=2; plural=(n != 1);"  # from CLDR through Babel
    assert plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    assert nplurals("nplurals=INTEGER; plural=EXPRESSION;") is None and nplurals(RUSSIAN) == 3


def test_mixed_sources_get_the_target_language_plural_rule(fresh_db, tmp_path: Path) -> None:
    require_msgfmt()
    db = fresh_db("t")  # a 4-form Transifex header and a 3-form GNOME one: the export uses gettext's ru rule
    _import(db, INTEROP_PO / "django-rangefilter" / "ru" / "django.po", INTEROP_PO / "gnome-software" / "ru.po")
    out = tmp_path / "ru.po"
    export_tm(db, out, fmt="po", langs=["en", "ru"])
    assert msgfmt(out).returncode == 0
    written = catalog(out)
    assert written.metadata["Plural-Forms"] == RUSSIAN and written.metadata["Language"] == "ru"
    plurals = [e for e in written if e.msgid_plural]
    assert plurals and all(sorted(e.msgstr_plural) == [0, 1, 2] for e in plurals)


def test_tmx_units_get_unit_ids_and_duplicates_never_occur(fresh_db, tmp_path: Path) -> None:
    require_msgfmt()
    db = fresh_db("t")
    memory = write(tmp_path / "m.tmx", tmx(
        tu(("en", "The summit was held in Astana."), ("ru", "Саммит прошёл в Астане.")),
        tu(("en", "The summit was held in Astana."), ("ru", "Саммит состоялся в Астане.")),
        tu(("en", "Only English."))))
    _import(db, memory)
    out = tmp_path / "x.po"
    assert export_tm(db, out, fmt="po", langs=["en", "ru"]).units == 3
    assert msgfmt(out).returncode == 0
    with db.read() as s:
        ids = [u.id for u in iter_units(s)]
    written = catalog(out)
    assert [e.msgctxt for e in written] == [f"silkterm:unit:{i}" for i in ids]
    assert [e.msgstr for e in written] == ["Саммит прошёл в Астане.", "Саммит состоялся в Астане.", ""]
    assert _import(db, out)[0].added == 0  # the unit-id msgctxt is read back as no msgctxt: same units


def _bilingual_tmx() -> list[Path]:
    return [p for p in sorted(INTEROP_TMX.rglob("*.tmx")) if p.name not in ("empty.tmx", "minimal.tmx")]


@pytest.mark.parametrize("path", _bilingual_tmx(), ids=lambda p: str(p.relative_to(INTEROP_TMX)))
def test_every_interop_tmx_exports_as_a_po_msgfmt_accepts(path: Path, fresh_db, tmp_path: Path) -> None:
    require_msgfmt()
    db = fresh_db("t")
    languages = _import(db, path)[0].languages
    source = "en" if "en" in languages else languages[0]
    target = next(lang for lang in languages if lang != source)
    out = tmp_path / "x.po"
    assert export_tm(db, out, fmt="po", langs=[source, target]).units > 0
    check = msgfmt(out)
    assert check.returncode == 0, check.stderr


def test_newline_mismatch_is_written_fuzzy_with_the_text_unchanged(fresh_db, tmp_path: Path) -> None:
    require_msgfmt()
    db = fresh_db("t")
    _import(db, write(tmp_path / "m.tmx", tmx(tu(("en", "Astana\n"), ("ru", "Астана")), tu(("en", "a"), ("ru", "б")))))
    out = tmp_path / "x.po"
    export_tm(db, out, fmt="po", langs=["en", "ru"])
    assert msgfmt(out).returncode == 0
    first, second = catalog(out)
    assert (first.msgid, first.msgstr, first.flags, second.flags) == ("Astana\n", "Астана", ["fuzzy"], [])


def test_same_msgid_from_two_po_files_gets_distinct_contexts(fresh_db, tmp_path: Path) -> None:
    require_msgfmt()
    db = fresh_db("t")
    one = write(tmp_path / "a.po", 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Astana"\nmsgstr "Астана"\n')
    two = write(tmp_path / "b.po", 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Astana"\nmsgstr "Нур-Султан"\n')
    _import(db, one, two)
    out = tmp_path / "x.po"
    export_tm(db, out, fmt="po", langs=["en", "ru"])
    assert msgfmt(out).returncode == 0
    assert len({(e.msgctxt, e.msgid) for e in catalog(out)}) == 2


def test_po_export_needs_exactly_two_languages(fresh_db, tmp_path: Path) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_PO / "symfony" / "resources.po")
    for langs in (["en"], ["en", "ru", "zh"], []):
        with pytest.raises(ValidationError, match="exactly two languages"):
            export_tm(db, tmp_path / "x.po", fmt="po", langs=langs)
    with pytest.raises(ValidationError, match="no units in ru"):
        export_tm(db, tmp_path / "x.po", fmt="po", langs=["ru", "en"])
    assert not (tmp_path / "x.po").exists()


def test_termbase_as_po(fixture_tb, tmp_path: Path) -> None:
    require_msgfmt()
    _lookup, service, ids = fixture_tb
    out = tmp_path / "glossary.po"
    report = export_glossary(service.db, out, fmt="po", langs=["en", "ru"])
    assert report.units == len(ids)
    check = msgfmt(out)
    assert check.returncode == 0, check.stderr
    written = {e.msgctxt: e for e in catalog(out)}
    japarov = written[f"concept:{ids['japarov']}"]
    assert (japarov.msgid, japarov.msgstr) == ("Sadyr Japarov", "Садыр Жапаров")
    assert "category: person" in japarov.comment and "status: preferred (en), preferred (ru)" in japarov.comment
    assert "deprecated term (en, erroneous): Zaparov" in japarov.comment
    assert "admitted term (ru, short): Жапаров" in japarov.comment
    assert "definition: President of the Republic of Kazakhstan" in written[f"concept:{ids['tokayev']}"].comment
    assert catalog(out).metadata["Plural-Forms"] == RUSSIAN
    zh = tmp_path / "zh.po"
    export_glossary(service.db, zh, fmt="po", langs=["en", "zh"])
    assert {e.msgstr for e in catalog(zh)} >= {"上海合作组织", "阿什哈巴德"}
    assert msgfmt(zh).returncode == 0


_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'


@pytest.mark.parametrize(("data", "line", "message"), [
    ((_HEADER + 'msgid "Astana"\n').encode(), 6, "the file ends after msgid (no msgstr): truncated?"),
    ((_HEADER + 'msgid "Astana\nmsgstr "Астана"\n').encode(), 6, "unterminated string"),
    ((_HEADER + 'msgid "Astana\\q"\nmsgstr "Астана"\n').encode(), 6, "unsupported escape sequence \\q"),
    ((_HEADER + 'msgid "Astana"\nmsgstr "Астана"\nАстана\n').encode(), 8, "not PO syntax"),
    ((_HEADER + 'msgstr "Астана"\n').encode(), 6, "msgstr where msgctxt or msgid was expected"),
    ((_HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[2] "d"\n').encode(), 9,
     "msgstr[2] where msgstr[1] was expected"),
    ((_HEADER + 'msgid "Astana"\nmsgstr "Аст\x00ана"\n').encode(), 7, "NUL character"),
    (_HEADER.replace("UTF-8", "UTF-7").encode(), 3, "charset 'UTF-7' is not accepted"),
    (_HEADER.replace("UTF-8", "EBCDIC-XYZ").encode(), 3, "charset 'EBCDIC-XYZ' is not accepted"),
    (b"\xff\xfe" + (_HEADER + 'msgid "a"\nmsgstr "b"\n').encode("utf-16-le"), 1, "UTF-16 is not accepted"),
    ((_HEADER.replace("UTF-8", "CP1251") + 'msgid "a"\nmsgstr "Астана"\n').encode(), 3,
     "declares charset CP1251 but the file is UTF-8"),
    ((_HEADER.replace("UTF-8", "KOI8-R") + 'msgid "a"\nmsgstr "\xff"\n').encode("latin-1"), None, None),
    (_HEADER.replace("ru", "no such language").encode(), None, "header Language: unknown language tag"),
])
def test_malformed_po_is_one_error_with_file_and_line(tmp_path: Path, data: bytes, line: int | None,
                                                       message: str | None) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(data)
    if message is None:  # KOI8-R maps every byte: a legacy file that is not UTF-8 reads fine
        assert [v.text for v in next(iter(PoReader(path).units())).variants] == ["a", "Ъ"]
        return
    with pytest.raises(SourceFormatError) as caught:
        list(PoReader(path).units())
    where = f"{path}:{line}: " if line else f"{path}: "
    assert str(caught.value).startswith(where) and message in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_file_leaves_the_database_unchanged(fresh_db, tmp_path: Path) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_PO / "gnome-calculator" / "zh_CN.po")
    before = dump(tmp_path / "t.db")
    bad = write(tmp_path / "bad.po", _HEADER + 'msgid "Astana"\n')
    with pytest.raises(SourceFormatError):
        _import(db, INTEROP_PO / "gnome-software" / "ru.po", bad)
    assert dump(tmp_path / "t.db") == before


def test_escapes_polib_reads_back_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.po", _HEADER + 'msgid "C:\\\\q\\t\\"x\\"\\n"\nmsgstr "Д:\\\\q"\n')
    [unit] = PoReader(path).units()
    assert [v.text for v in unit.variants] == ['C:\\q\t"x"\n', "Д:\\q"]


@pytest.mark.parametrize("name", ["gnome-calculator/ru.po", "omegat/file-POFilter-fuzzyCtx.po", "symfony/resources.po"])
def test_po_units_survive_a_tmx_round_trip(name: str, fresh_db, tmp_path: Path) -> None:
    first = fresh_db("first")
    _import(first, INTEROP_PO / name)
    exported = tmp_path / "x.tmx"
    export_tm(first, exported)
    lint = xmllint(exported)
    assert lint.returncode == 0, lint.stderr
    second = fresh_db("second")
    _import(second, exported)
    assert content(second) == content(first)  # plurals, msgctxt, flags, comments as props: DTD-valid and equal


def test_a_pot_template_gives_source_only_units(fresh_db, tmp_path: Path) -> None:
    template = write(tmp_path / "messages.pot", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n'
                                                '"Language: \\n"\n\n#: summit.py:3\nmsgid "Astana"\nmsgstr ""\n')
    [report] = _import(fresh_db("t"), template)
    assert (report.format, report.added, report.languages) == ("po", 1, ("en",))


TRILINGUAL = tmx(
    tu(("en", 'The parties signed the <bpt i="1">&lt;b&gt;</bpt>treaty<ept i="1">&lt;/b&gt;</ept>.'),
       ("zh-CN", "双方签署了条约。"), ("ru", "Стороны подписали договор.")),
    tu(("en", "The summit opened in Astana."), ("zh-CN", "峰会在阿斯塔纳开幕。"), ("ru", "Саммит открылся в Астане.")),
    tu(("en", "Only English and Chinese here."), ("zh-CN", "这里只有英文和中文。")))


def test_our_po_export_imported_back_is_the_units_it_came_from(fresh_db, tmp_path: Path, monkeypatch) -> None:
    """A PO file is one language pair of units that may have three languages and inline codes: its
    entries (msgctxt silkterm:unit:N) are those units again while their texts are unchanged."""
    from sources import unit_pipe

    monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)  # the lookup keeps the reading in this process
    db = fresh_db("tm")
    _import(db, write(tmp_path / "tri.tmx", TRILINGUAL))
    exported = tmp_path / "ru.po"
    export_tm(db, exported, fmt="po", langs=["en", "ru"])
    before = dump_units(db)
    (back,) = _import(db, exported)
    assert (back.added, back.merged) == (0, 3) and dump_units(db) == before
    reviewed = exported.read_text(encoding="utf-8").replace('msgstr "Саммит открылся в Астане."',
                                                             'msgstr "Саммит открылся в столице."')
    (changed,) = _import(db, write(tmp_path / "reviewed.po", reviewed))
    assert (changed.added, changed.merged) == (1, 2)  # the new translation is a unit of its own
    assert [u for u in dump_units(db) if u not in before] == [[("en", "The summit opened in Astana."),
                                                               ("ru", "Саммит открылся в столице.")]]
    # in another TM, unit 2 is some other unit: the entries are added as they are
    other = fresh_db("other")
    _import(other, write(tmp_path / "other.tmx", tmx(tu(("en", "A"), ("ru", "А")), tu(("en", "B"), ("ru", "Б")))))
    (elsewhere,) = _import(other, exported)
    assert (elsewhere.added, elsewhere.merged) == (3, 0)


def dump_units(db: Database) -> list[list[tuple[str, str]]]:
    with db.read() as s:
        return [[(v.lang, v.text) for v in u.variants] for u in iter_units(s, None)]
