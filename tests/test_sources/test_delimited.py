"""CSV/TSV glossaries: encodings and delimiters sniffed, header languages named any common way, round trips,
formula injection, the TM route, refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from glossary.db import Database, open_database
from glossary.errors import SourceFormatError
from sources.delimited import escape_cell, header_language
from sources.exporter import export_glossary
from sources.importer import import_files
from tests.conftest import SHARED
from tests.test_sources.test_tbx import content, counts

GLOSSARIES = SHARED / "interop" / "glossary"
#: Interop tables, the --langs they need (None: a header row names them), concepts expected.
TABLES = {
    "okapi/test01.csv": (["en", "fr"], 3), "okapi/test01.tsv": (["en", "fr"], None),
    "okapi/test02_utf16be.tsv": (["en", "fr"], None), "omegat/test.csv": (["en", "fr"], None),
    "omegat/test.tab": (["en", "fr"], 4), "omegat/testUTF16LE.txt": (["en", "fr"], 2),
    "omegat-l10n/glossary_en-zh_CN.txt": (["en", "zh-CN"], 98), "omegat-l10n/glossary_en-ru.txt": (["en", "ru"], None),
    "symfony/resources.csv": (["en", "fr"], None), "omegat/test-magiccomment.tab": ([], 0),
    "omegat/test-magiccomment-bom.tab": ([], 0),
}


@pytest.fixture
def db(tmp_path: Path):
    d = open_database(str(tmp_path / "t.db"))
    yield d
    d.dispose()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_interop_tables_round_trip(name: str, db: Database, tmp_path: Path) -> None:
    langs, expected = TABLES[name]
    (report,) = import_files(db, [GLOSSARIES / name], author="tester", langs=langs)
    if expected is not None:
        assert report.result.added == expected
    if expected == 0:  # a glossary of comments only: nothing to round-trip
        return
    (again,) = import_files(db, [GLOSSARIES / name], author="tester", langs=langs)
    assert again.result.added == 0
    out = tmp_path / "out.csv"
    export_glossary(db, out, fmt="csv")
    assert out.read_bytes().startswith(codecs.BOM_UTF8)
    other = open_database(str(tmp_path / "o.db"))
    import_files(other, [out], author="tester")
    strip = ("attrs", "created_at", "modified_at", "created_by", "modified_by")

    def essence(d: Database) -> list:
        return [({k: v for k, v in c.items() if k not in strip}, [{k: v for k, v in t.items() if k not in strip}
                                                                  for t in ts]) for c, ts in content(d)]
    assert essence(other) == essence(db)
    other.dispose()


@pytest.mark.parametrize(("cell", "lang"), [
    ("en", "en"), ("English", "en"), ("zh-CN", "zh-Hans"), ("中文", "zh-Hans"), ("Chinese (Simplified)", "zh-Hans"),
    ("Русский", "ru"), ("ru-RU", "ru"), ("ZH_tw", "zh-Hant"), ("note", None), ("source 1", None),
])
def test_header_languages(cell: str, lang: str | None) -> None:
    assert header_language(cell) == lang


def test_header_fields_statuses_and_multiple_terms(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("English,中文,Русский,category,status,note\n"
                    "Sadyr Japarov | Japarov,萨德尔·扎帕罗夫,Садыр Жапаров,person,preferred,President\n"
                    "Zaparov,,,person,forbidden,wrong romanization\n", encoding="utf-8")
    import_files(db, [path], author="tester")
    (first, terms), (second, terms2) = content(db)
    assert first["category"] == "person" and first["note"] == "President"
    assert {(t["lang"], t["text"], t["status"]) for t in terms} == {
        ("en", "Sadyr Japarov", "preferred"), ("en", "Japarov", "admitted"),
        ("zh-Hans", "萨德尔·扎帕罗夫", "preferred"), ("ru", "Садыр Жапаров", "preferred")}
    assert [t["status"] for t in terms2] == ["forbidden"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1251", "gb18030"])
def test_encodings(encoding: str, db: Database, tmp_path: Path) -> None:
    text = "en\tru\tzh\nAshgabat\tАшхабад\t阿什哈巴德\n" if encoding != "cp1251" else "en\tru\nAshgabat\tАшхабад\n"
    if encoding == "gb18030":
        text = "en\tzh\nAshgabat\t阿什哈巴德\nShanghai\t上海\n"
    path = tmp_path / "t.tsv"
    path.write_bytes(text.encode(encoding))
    import_files(db, [path], author="tester")
    texts = {t["text"] for _c, terms in content(db) for t in terms}
    assert {"Ashgabat", "阿什哈巴德" if encoding != "cp1251" else "Ашхабад"} <= texts


def test_legacy_bytes_not_recognized_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"en,de\nstreet,Stra\x98\n")  # 0x98: undefined in cp1251, invalid GB18030
    with pytest.raises(SourceFormatError, match="save the file as UTF-8"):
        import_files(db, [path], author="tester")
    assert counts(db) == (0, 0, 0)


def test_no_header_needs_langs(db: Database) -> None:
    with pytest.raises(SourceFormatError, match=r"glossary_en-ru.txt:1: .*--langs"):
        import_files(db, [GLOSSARIES / "omegat-l10n/glossary_en-ru.txt"], author="tester")


def test_space_separated_refused(db: Database) -> None:
    with pytest.raises(SourceFormatError, match="unrecognized format"):
        import_files(db, [GLOSSARIES / "omegat/glossary_zh_ja.txt"], author="tester")


def test_formula_injection_escaped_and_restored(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('en,ru,note\n"=HYPERLINK(""http://x"")",формула,"@SUM(A1)"\n', encoding="utf-8")
    import_files(db, [path], author="tester")
    out = tmp_path / "out.csv"
    export_glossary(db, out, fmt="csv")
    written = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in written and "'@SUM" in written
    assert escape_cell("-1") == "'-1" and escape_cell("a-b") == "a-b"
    other = open_database(str(tmp_path / "o.db"))
    import_files(other, [out], author="tester")
    assert [t["text"] for t in content(other)[0][1]][0] == '=HYPERLINK("http://x")'
    other.dispose()


def test_into_tm(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("en\tru\nThe summit opened.\tСаммит открылся.\nOnly English\t\n", encoding="utf-8")
    (report,) = import_files(db, [path], author="tester", into="tm")
    assert report.added == 1
    assert counts(db)[0] == 0


def test_multiline_cell_refused_with_line(db: Database) -> None:
    """Symfony's valid.csv has a term with a line break inside quotes: a term is one line."""
    with pytest.raises(SourceFormatError, match=r"valid.csv:3: text: contains control characters"):
        import_files(db, [GLOSSARIES / "symfony/valid.csv"], author="tester", langs=["en", "fr"])
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize(("text", "line", "reason"), [
    ('en,ru\nSummit,саммит\nhello,"unterminated\nnext,row\n', 3, "never closed"),  # truncated
    ('en,ru\nSummit,саммит\nhello,"привет"x\n', 3, "',' expected after '\"'"),
])
def test_broken_quotes_refused_with_line(db: Database, tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError) as err:
        import_files(db, [path], author="tester")
    assert str(err.value).startswith(f"{path}:{line}: ") and reason in str(err.value)
    assert counts(db) == (0, 0, 0)


def test_tm_csv_export(db: Database, tmp_path: Path) -> None:
    """``export --format csv`` of the TM: a column per language, the unit's text, escaped like the termbase's."""
    from sources.exporter import export_tm

    path = tmp_path / "pairs.tsv"
    path.write_text("en\tru\n=1+1 is two\tСаммит открылся.\n", encoding="utf-8")
    import_files(db, [path], author="tester", into="tm")
    out = tmp_path / "tm.csv"
    report = export_tm(db, out, fmt="csv", langs=["ru", "en"])
    assert report.units == 1 and report.languages == ("ru", "en")
    assert out.read_text(encoding="utf-8-sig").splitlines() == ["ru,en", "Саммит открылся.,'=1+1 is two"]


def test_nul_and_utf16_without_bom_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "u.tsv"
    path.write_bytes("en\tru\nx\tу\n".encode("utf-16-le"))
    with pytest.raises(SourceFormatError) as err:
        import_files(db, [path], author="tester")
    assert "u.tsv" in str(err.value)
    assert counts(db) == (0, 0, 0)


def _iso_tc211_rows(limit: int) -> list[list[str]]:
    """Real en/zh/ru terminology (ISO/TC 211 Glossarist YAML) as spreadsheet rows, preferred term first."""
    yaml = pytest.importorskip("yaml")
    rows = []
    for path in sorted((GLOSSARIES / "isotc211_mlgt" / "concepts").glob("*.yaml"))[:limit]:
        docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
        by_lang = {d["data"].get("language_code"): d["data"] for d in docs if "language_code" in d.get("data", {})}
        cells = []
        for code in ("eng", "zho", "rus"):
            terms = sorted(by_lang.get(code, {}).get("terms", []),
                           key=lambda t: t.get("normative_status") != "preferred")
            cells.append(" | ".join(dict.fromkeys(t["designation"].strip() for t in terms if t.get("designation"))))
        definition = (by_lang.get("eng", {}).get("definition") or [{}])[0].get("content", "")
        rows.append([*cells, " ".join(definition.split())])
    return rows


def test_iso_tc211_terminology_via_csv(db: Database, tmp_path: Path) -> None:
    """ISO/TC 211 concepts (the first 60 of 479 files) in English, Chinese and Russian, as a spreadsheet, imported."""
    import csv

    rows = [r for r in _iso_tc211_rows(60) if all(r[:3])]
    path = tmp_path / "iso.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([["English", "中文", "Русский", "definition"], *rows])
    (report,) = import_files(db, [path], author="tester")
    assert report.result.added == len(rows) > 40
    from glossary.lookup import Lookup

    en, zh, ru, _d = rows[0]
    hit = Lookup(db).search(ru.split(" | ")[0], lang="ru", limit=1)[0]
    assert hit.concept.preferred("zh-Hans").text == zh.split(" | ")[0]
    assert hit.concept.preferred("en").text == en.split(" | ")[0]
