"""TMX import and export against real files: round trips, DTD validity, translate-toolkit, hostile input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from translate.misc.xml_helpers import getXMLlang
from translate.storage.tmx import tmxfile

from glossary.db import Database, open_database
from glossary.errors import SourceFormatError
from sources.exporter import export_tm
from sources.importer import import_files
from sources.tmx import TmxReader
from tests.tmxfiles import DECL, INTEROP_TMX, content, dump, full_text, tmx, tu, write, xmllint
from tm.records import UnitDraft
from tm.store import REPEATED, prepare
from tm.units import iter_units

ALL_TMX = sorted(INTEROP_TMX.rglob("*.tmx"))


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


def test_xmllint_is_installed() -> None:
    assert shutil.which("xmllint"), "install xmllint (apt-get install libxml2-utils): exports are validated with it"


@pytest.mark.parametrize("path", ALL_TMX, ids=lambda p: str(p.relative_to(INTEROP_TMX)))
def test_round_trip_of_third_party_file(path: Path, fresh_db, tmp_path: Path) -> None:
    first = fresh_db("first")
    report = _import(first, path)[0]
    assert report.format == "tmx"
    exported = tmp_path / "export.tmx"
    result = export_tm(first, exported)
    assert result.units == report.added
    lint = xmllint(exported)
    assert lint.returncode == 0, lint.stderr
    second = fresh_db("second")
    again = _import(second, exported)[0]
    assert (again.added, again.skipped) == (report.added, 0)
    assert content(second) == content(first)  # segments, languages, attributes, props, notes, inline codes
    twice = _import(second, exported)[0]
    assert (twice.added, twice.merged) == (0, report.added)  # importing twice adds nothing
    assert content(second) == content(first)
    # translate-toolkit reads our export back with the same segments, languages and order
    with exported.open("rb") as fh:
        store = tmxfile(fh)
    theirs = [[(getXMLlang(node), unit.getNodeText(node)) for node in unit.getlanguageNodes()] for unit in store.units]
    with first.read() as s:
        ours = [[(v.lang_tag, full_text(v.markup_xml)) for v in u.variants] for u in iter_units(s)]
    assert theirs == ours


@pytest.mark.parametrize("path", ALL_TMX, ids=lambda p: str(p.relative_to(INTEROP_TMX)))
def test_fast_preparation_equals_the_general_one(path: Path) -> None:
    """TmxReader takes a shortcut for plain units: it must give what preparing every draft gives
    (same hashes, rows, keys), repeats within the file included, whatever the batch size."""
    try:
        drafts = list(TmxReader(path).units())
    except SourceFormatError:
        pytest.skip("a file meant to be refused")
    expected = _prepared_one_by_one(drafts)
    assert _flat(TmxReader(path).prepared_batches(1000)) == expected
    assert _flat(TmxReader(path).prepared_batches(7)) == expected


def _prepared_one_by_one(drafts: list[UnitDraft]) -> list[object]:
    """The reference: each draft prepared alone, a hash seen before marked as a repeat."""
    seen: set[str] = set()
    out: list[object] = []
    for unit in drafts:
        prepared = prepare(unit)
        if prepared is not None and prepared[0] in seen:
            prepared = REPEATED
        elif prepared is not None:
            seen.add(prepared[0])
        out.append(prepared)
    return out


def _flat(batches: Iterable[list[object]]) -> list[object]:
    return [p for batch in batches for p in batch]


@pytest.mark.parametrize("doubt", ["everything", "every other"])
def test_units_the_repeat_filter_doubts_come_out_the_same(doubt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit the quick filter cannot call new is prepared at the batch's end and its texts put back
    in their place: with the filter doubting every unit (or every other), the batches are the same."""
    from tm.repeats import RepeatFilter

    path = INTEROP_TMX / "omegat-l10n" / "ru_project_save.tmx"
    expected = _prepared_one_by_one(list(TmxReader(path).units()))
    original = RepeatFilter.is_new
    calls = iter(range(10**9))
    if doubt == "everything":
        monkeypatch.setattr(RepeatFilter, "is_new", lambda self, digest: False)
    else:
        monkeypatch.setattr(RepeatFilter, "is_new",
                            lambda self, digest: original(self, digest) and next(calls) % 2 == 0)
    assert _flat(TmxReader(path).prepared_batches(7)) == expected
    assert _flat(TmxReader(path).prepared_batches(1000)) == expected


def test_fast_preparation_covers_plain_units_and_leaves_the_rest(tmp_path: Path) -> None:
    units = [tu(("en", "Joint statement"), ("ru", "Совместное  заявление")),  # plain, doubled space
             tu(("en", "Joint statement"), ("ru", "Совместное  заявление")),  # a repeat
             '<tu tuid="7"><prop type="x-doc">a.doc</prop><note>checked</note>'
             '<tuv xml:lang="zh-CN"><seg>联合声明，“一带一路”</seg></tuv></tu>\n',  # plain with prop and note
             '<tu><tuv xml:lang="en" creationid="ann"><seg>With <ph>x</ph> code</seg></tuv></tu>\n',  # not plain
             '<tu><tuv xml:lang="en"><note>n</note><seg>Noted</seg></tuv></tu>\n']  # not plain
    path = write(tmp_path / "mixed.tmx", tmx(*units))
    reader = TmxReader(path)
    plain: list[object] = []
    original = reader._plain
    reader._plain = lambda el: plain.append(original(el)) or plain[-1]  # type: ignore[method-assign]
    got = _flat(reader.prepared_batches(2))
    assert [p is not None for p in plain] == [True, True, True, False, False]
    assert got[1] == REPEATED
    assert got == _prepared_one_by_one(list(TmxReader(path).units()))


def test_importing_the_same_file_twice_adds_nothing(fresh_db) -> None:
    db = fresh_db("t")
    path = INTEROP_TMX / "omegat-l10n" / "ru_project_save.tmx"
    first = _import(db, path)[0]
    assert first.added > 3000
    before = content(db)
    second = _import(db, path)[0]
    assert (second.added, second.merged, second.skipped) == (0, first.added, 0)
    assert content(db) == before


def test_appendix_a_sample_keeps_everything(fresh_db) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_TMX / "spec" / "tmx14b_appendixA_sample.tmx")
    with db.read() as s:
        first, second = list(iter_units(s))
    assert first.attrs == {"tuid": "0001", "datatype": "Text", "usagecount": "2", "lastusagedate": "19970314T023401Z"}
    assert [(a.kind, a.type, a.text) for a in first.annotations] == [
        ("note", None, "Text of a note at the TU level."), ("prop", "x-Domain", "Computing"),
        ("prop", "x-Project", "Pægasus")]
    en, fr = first.variants
    assert (en.lang, en.lang_tag, en.text) == ("en", "EN", "data (with a non-standard character: \uf8ff).")
    assert (fr.lang, fr.lang_tag) == ("fr-CA", "FR-CA")
    assert fr.attrs == {"creationdate": "19970309T021145Z", "creationid": "BobW", "changedate": "19970314T023401Z",
                        "changeid": "ManonD"}
    assert [(a.type, a.text) for a in fr.annotations] == [("Origin", "MT")]
    assert second.attrs == {"tuid": "0002", "srclang": "*all*"}
    assert [v.lang_tag for v in second.variants] == ["EN", "FR-CA", "FR-FR"]


def test_inline_codes_are_kept_as_markup_and_left_out_of_the_text(fresh_db) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_TMX / "lisa_compliance_kit" / "ImportTest2A.tmx")
    with db.read() as s:
        units = list(iter_units(s))
    en = units[0].variants[0]
    assert en.text == "The big black cat sleeps."
    assert en.markup == ('The big <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>black<ept i="1">&lt;/b&gt;</ept> '
                         '<bpt i="2" x="2" type="ulined">&lt;u&gt;</bpt>cat<ept i="2">&lt;/u&gt;</ept> sleeps.')
    texts = {v.text for u in units for v in u.variants}
    assert "Picture: " in texts  # <ph> content is a code, not text
    assert "Some text with a part highlighted." in texts  # <hi> content is text


def test_several_variants_in_one_language_are_all_kept(fresh_db) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_TMX / "omegat" / "test-multiple-tuv14.tmx")
    with db.read() as s:
        tags = [[v.lang_tag for v in u.variants] for u in iter_units(s)]
    assert any(tags_of_unit.count("FR-CA") + tags_of_unit.count("fr-CA") >= 2 for tags_of_unit in tags), tags


@pytest.mark.parametrize(("written", "canonical"), [
    ("zh-CN", "zh-Hans"), ("zh_CN", "zh-Hans"), ("ZH-cn", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"),
    ("ru-RU", "ru"), ("RU", "ru"), ("en-US", "en"), ("en-GB", "en-GB"),
])
def test_language_tags_are_canonical_and_the_original_is_written_back(fresh_db, tmp_path, written, canonical) -> None:
    db = fresh_db("t")
    path = write(tmp_path / "in.tmx", tmx(tu((written, "text"), ("fr", "texte"))))
    _import(db, path)
    with db.read() as s:
        unit = next(iter_units(s))
    assert (unit.variants[0].lang, unit.variants[0].lang_tag) == (canonical, written)
    out = tmp_path / "out.tmx"
    export_tm(db, out)
    assert f'<tuv xml:lang="{written}">' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_utf8_and_utf16_with_or_without_bom(fresh_db, tmp_path, encoding) -> None:
    db = fresh_db("t")
    declared = "UTF-16" if encoding == "utf-16" else None
    prolog = f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else '<?xml version="1.0"?>\n'
    path = write(tmp_path / "in.tmx", tmx(tu(("en", "Good-neighbourliness"), ("zh-CN", "睦邻友好"),
                                              ("ru", "Добрососедство «навеки»")), prolog=prolog), encoding)
    _import(db, path)
    with db.read() as s:
        unit = next(iter_units(s))
    assert [v.text for v in unit.variants] == ["Good-neighbourliness", "睦邻友好", "Добрососедство «навеки»"]


def test_real_utf16_trados_export(fresh_db) -> None:
    db = fresh_db("t")
    report = _import(db, INTEROP_TMX / "okapi" / "html_test_tw4win_utf16.tmx")[0]
    assert report.added == 11 and report.languages == ("en", "fr")


def test_export_of_a_subset_of_languages(fresh_db, tmp_path) -> None:
    db = fresh_db("t")
    path = write(tmp_path / "in.tmx", tmx(
        tu(("en", "Joint statement"), ("zh-CN", "联合声明"), ("ru", "Совместное заявление"), ("fr", "Déclaration")),
        tu(("fr", "Seulement en français"), ("de", "Nur auf Deutsch")),
        tu(("en", "Summit"), ("zh-TW", "峰會"))))
    _import(db, path)
    out = tmp_path / "out.tmx"
    report = export_tm(db, out, langs=["en", "zh", "ru"])
    assert report.units == 2 and report.languages == ("en", "ru", "zh-Hans", "zh-Hant")
    assert xmllint(out).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "Déclaration" not in text and "Nur auf Deutsch" not in text and "峰會" in text
    assert 'srclang="en"' in text
    only_hans = tmp_path / "hans.tmx"
    assert export_tm(db, only_hans, langs=["zh-Hans"]).units == 1
    assert "峰會" not in only_hans.read_text(encoding="utf-8")


def test_foreign_attributes_travel_as_reserved_props_and_come_back(fresh_db, tmp_path) -> None:
    db = fresh_db("t")
    _import(db, INTEROP_TMX / "python-tmx" / "namespaces.tmx")
    out = tmp_path / "out.tmx"
    export_tm(db, out)
    assert xmllint(out).returncode == 0
    assert '<prop type="x-silkterm-attr:{http://example.com/ns}status">draft</prop>' in out.read_text("utf-8")
    again = fresh_db("again")
    _import(again, out)
    with again.read() as s:
        fr = next(iter_units(s)).variants[1]
    assert fr.attrs == {"{http://example.com/ns}status": "draft"} and fr.annotations == ()


def test_a_segtype_outside_the_dtd_list_is_carried_not_written_as_attribute(fresh_db, tmp_path) -> None:
    db = fresh_db("t")
    _import(db, write(tmp_path / "in.tmx", tmx(tu(("en", "a"), ("ru", "б"), attrs=' segtype="Sentence"'))))
    out = tmp_path / "out.tmx"
    export_tm(db, out)
    assert xmllint(out).returncode == 0
    again = fresh_db("again")
    _import(again, out)
    assert content(again) == content(db)


def test_a_tuv_with_both_xml_lang_and_old_lang_exports_valid_and_comes_back(fresh_db, tmp_path) -> None:
    """TMX 1.4b has no ``lang`` on ``tuv`` (1.1–1.3 had): it travels as a reserved prop."""
    db = fresh_db("t")
    doc = tmx(tu(("en", "Joint Statement"), ("ru", "Совместное заявление"))).replace(
        '<tuv xml:lang="ru">', '<tuv xml:lang="ru" lang="RU-RU">')
    _import(db, write(tmp_path / "in.tmx", doc))
    out = tmp_path / "out.tmx"
    export_tm(db, out)
    assert xmllint(out).returncode == 0
    assert '<prop type="x-silkterm-attr:lang">RU-RU</prop>' in out.read_text("utf-8")
    again = fresh_db("again")
    _import(again, out)
    assert content(again) == content(db)
    assert content(db)[0][2][1][4] == {"lang": "RU-RU"}


# ---- bad and hostile input ------------------------------------------------------------------------

SECRET = "TOP-SECRET-7f3a"


def _hostile(tmp_path: Path) -> dict[str, tuple[bytes, int, str]]:
    """name → (file bytes, line of the fault, words of the reason)."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    ok = tmx(tu(("en", "{en}"), ("ru", "Привет")))
    bomb = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return {
        "xxe": (ok.replace(DECL, DECL + f'<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n')
                .replace("{en}", "&xxe;").encode(), 3, "entity"),
        "billion laughs": (ok.replace(DECL, DECL + '<!DOCTYPE tmx [\n<!ENTITY lol0 "lol">\n' + bomb + "]>\n")
                           .replace("{en}", "&lol9;").encode(), 3, "entity"),
        "utf-7": (ok.replace("UTF-8", "UTF-7").replace("{en}", "<script>").encode("utf-7"), 1, "UTF-7"),
        "nul": (ok.replace("{en}", "Hel\x00lo").encode(), 6, "NUL"),
        "tuv without xml:lang": (ok.replace('<tuv xml:lang="ru">', "<tuv>").replace("{en}", "a").encode(), 7,
                                 "without a language"),
        "tbx named tmx": (b'<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
                          b'xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader/><text><body/></text></tbx>\n', 2, "TBX"),
        "truncated": (ok.replace("{en}", "Hello").encode()[:-40], 7, "well-formed"),
        "unknown language": (ok.replace('xml:lang="ru"', 'xml:lang="Russian"').replace("{en}", "a").encode(), 7,
                             "language tag"),
        "bad inline code": (ok.replace("{en}", "a <x>b</x>").encode(), 6, "not allowed"),
        # libxml2 logs it and stops later with "no element found" and no line: the log names it
        "undefined entity": (ok.replace("{en}", "a&nbsp;b").encode(), 6, "Entity 'nbsp' not defined"),
    }


HOSTILE = ["xxe", "billion laughs", "utf-7", "nul", "tuv without xml:lang", "tbx named tmx", "truncated",
           "unknown language", "bad inline code", "undefined entity"]


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_or_broken_file_is_one_error_with_file_and_line_and_db_unchanged(case, db, db_path, tmp_path) -> None:
    _import(db, INTEROP_TMX / "spec" / "tmx14b_appendixA_sample.tmx")  # something to keep
    before = dump(db_path)
    data, line, reason = _hostile(tmp_path)[case]
    bad = tmp_path / "memory.tmx"
    bad.write_bytes(data)
    with pytest.raises(SourceFormatError) as err:
        _import(db, bad)
    assert err.value.path == str(bad) and err.value.line == line, str(err.value)
    assert reason in err.value.detail
    assert str(err.value).startswith(f"{bad}:{line}: ") and "\n" not in str(err.value)
    assert dump(db_path) == before
    assert SECRET not in "\n".join(dump(db_path))


def test_an_error_in_the_second_file_rolls_back_the_first(db, db_path, tmp_path) -> None:
    before = dump(db_path)
    good = INTEROP_TMX / "okapi" / "mytm.tmx"
    bad = write(tmp_path / "bad.tmx", tmx(tu(("en", "a"), ("ru", "б")), '<tu><tuv><seg>c</seg></tuv></tu>\n'))
    with pytest.raises(SourceFormatError):
        _import(db, good, bad)
    assert dump(db_path) == before


def test_an_error_after_many_units_leaves_nothing_behind(db, db_path, tmp_path) -> None:
    before = dump(db_path)
    units = [tu(("en", f"Sentence number {i}."), ("ru", f"Предложение номер {i}.")) for i in range(2500)]
    units.append('<tu><tuv xml:lang="en"><seg>broken</seg></tuv><tuv xml:lang="ru"></tuv></tu>\n')
    with pytest.raises(SourceFormatError) as err:
        _import(db, write(tmp_path / "big.tmx", tmx(*units)))
    assert "without <seg>" in str(err.value)
    assert dump(db_path) == before


def test_missing_file_and_folder_are_one_line_errors(db, tmp_path) -> None:
    with pytest.raises(SourceFormatError, match="no such file"):
        _import(db, tmp_path / "nope.tmx")
    with pytest.raises(SourceFormatError, match="directory"):
        _import(db, tmp_path)


# VmHWM, not ru_maxrss: after fork + exec, ru_maxrss can report the parent's (pytest's) peak.
_RSS_SCRIPT = """
import re, sys
from collections.abc import Iterable
from pathlib import Path
from sources.tmx import TmxReader
n = sum(1 for _ in TmxReader(Path(sys.argv[1])).units())
print(n, re.search(r"VmHWM:\\s*(\\d+)", Path("/proc/self/status").read_text()).group(1))
"""


def _peak_rss_kb(path: Path) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(path)], capture_output=True, text=True, check=True)
    units, rss = out.stdout.split()
    return int(units), int(rss)


def test_reading_is_streamed_memory_stays_flat_as_the_file_grows(tmp_path) -> None:
    def make(n: int) -> Path:
        body = "".join(tu(("en", f"Paragraph {i}: " + "the parties reaffirmed their commitment " * 12),
                          ("ru", f"Абзац {i}: " + "стороны подтвердили свою приверженность " * 12)) for i in range(n))
        return write(tmp_path / f"tm{n}.tmx", tmx(body))

    small, large = make(1000), make(20000)
    assert large.stat().st_size > 20 * small.stat().st_size * 0.9 > 15_000_000
    (n_small, rss_small), (n_large, rss_large) = _peak_rss_kb(small), _peak_rss_kb(large)
    assert (n_small, n_large) == (1000, 20000)
    assert rss_large - rss_small < 20_000, (rss_small, rss_large)  # a kept tree would add > 100 MB


def test_reader_exposes_the_header(tmp_path) -> None:
    path = INTEROP_TMX / "spec" / "tmx14b_appendixA_sample.tmx"
    reader = TmxReader(path)
    assert len(list(reader.units())) == 2
    assert reader.header["creationtool"] == "XYZTool" and "<ude" in reader.header_xml
