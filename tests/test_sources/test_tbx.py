"""TBX import and export against real files: every interop TBX round-tripped, exports valid against the
TBX v3 RELAX NG and the TBX-Basic DCA Schematron, undo, hostile files refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, isoschematron

from glossary.db import Database, open_database
from glossary.errors import SourceFormatError
from glossary.records import ConceptDraft, TermDraft
from glossary.service import TermbaseService
from sources.exporter import export_glossary
from sources.glossary_exchange import iter_concept_rows
from sources.importer import import_files
from tests.conftest import SHARED

INTEROP_TBX = SHARED / "interop" / "tbx"
SCHEMAS = SHARED / "schemas" / "tbx"
ALL_TBX = sorted(INTEROP_TBX.rglob("*.tbx"))
#: Files refused on purpose, with the reason the error names.
REFUSED = {
    "poorly_formed_xml.tbx": "not well-formed XML",
    "v2_Good-Basic1.tbx": "unknown language tag '---'",
    "v3_Good-Basic1.tbx": "unknown language tag '---'",
}
VALID_TBX = [p for p in ALL_TBX if p.name not in REFUSED]


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


def content(db: Database) -> list:
    """Everything the termbase holds about its concepts, without ids (concepts in order, terms by language
    and text: an export groups a concept's terms by language)."""
    drop = {"id", "concept_id"}
    with db.read() as s:
        return [({k: v for k, v in c.items() if k not in drop | {"terms"}},
                 sorted(({k: v for k, v in t.items() if k not in drop} for t in c["terms"]),
                        key=lambda t: (t["lang"], t["text"]))) for c in iter_concept_rows(s)]


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        conn = s.connection()
        return tuple(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar() for t in ("concept", "term", "change"))


def rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))


def basic_schematron() -> isoschematron.Schematron:
    """TBX-Basic_DCA.sch run by lxml: its three XPath 2 expressions rewritten to XPath 1 equivalents."""
    src = (SCHEMAS / "TBX-Basic_DCA.sch").read_text(encoding="utf-8-sig")
    src = src.replace('queryBinding="xslt2"', 'queryBinding="xslt"').replace("./local-name()", "local-name(.)")
    src = src.replace("matches(@target,'https?://.+')", "(starts-with(@target,'http://') or "
                                                         "starts-with(@target,'https://'))")
    return isoschematron.Schematron(etree.fromstring(src.encode("utf-8")))


def test_schematron_rewrite_still_judges() -> None:
    """The rewritten Schematron accepts the official valid example and rejects the official bad file."""
    sch = basic_schematron()
    assert sch.validate(etree.parse(str(INTEROP_TBX / "ltac_examples/TBX-Basic_Example_Astronomy_DCA_VALID.tbx")))
    assert not sch.validate(etree.parse(str(INTEROP_TBX / "ltac_test_files/basic_bad.tbx")))


@pytest.mark.parametrize("path", VALID_TBX, ids=lambda p: p.name)
def test_round_trip(path: Path, fresh_db, tmp_path: Path) -> None:
    """import → TBX export (valid RNG + Schematron) → import is equal; a second import adds nothing."""
    first = fresh_db("first")
    (report,) = import_files(first, [path], author="tester")
    assert report.result.added > 0
    before = counts(first)
    (again,) = import_files(first, [path], author="tester")
    assert again.result.added == 0 and again.result.unchanged == report.result.added
    assert counts(first) == before
    out = tmp_path / "out.tbx"
    assert export_glossary(first, out, fmt="tbx").units == report.result.added
    doc = etree.parse(str(out))
    schema = rng()
    assert schema.validate(doc), schema.error_log.last_error
    sch = basic_schematron()
    assert sch.validate(doc), str(sch.error_log)[:500]
    second = fresh_db("second")
    import_files(second, [out], author="someone else")
    assert content(second) == content(first)
    (back,) = import_files(first, [out], author="tester")  # its own export, under another name
    assert back.result.added == 0 and counts(first) == before
    v2 = tmp_path / "out-v2.tbx"
    export_glossary(first, v2, fmt="tbx2")
    dtd = etree.DTD(str(SCHEMAS / "v2" / "TBXcoreStructV02.dtd"))
    assert dtd.validate(etree.parse(str(v2))), dtd.error_log.last_error
    third = fresh_db("third")
    import_files(third, [v2], author="someone else")
    assert content(third) == content(first)


def test_translate_toolkit_reads_v2_export(fresh_db, tmp_path: Path) -> None:
    """translate-toolkit's tbxfile (it reads only v2 martif) reads our tbx2 export with equal content."""
    from translate.storage.tbx import tbxfile

    db = fresh_db("a")
    import_files(db, [INTEROP_TBX / "weblate/cs.tbx"], author="tester")
    out = tmp_path / "cs.tbx"
    export_glossary(db, out, fmt="tbx2", langs=["en", "cs"])
    store = tbxfile(out.read_bytes())
    ours = [({t["lang"]: t["text"] for t in terms}) for _c, terms in content(db)]
    assert [(u.source, u.target) for u in store.units] == [(c["en"], c["cs"]) for c in ours]
    assert len(ours) == 4


def test_statuses_types_and_history_survive(fresh_db, tmp_path: Path) -> None:
    """Our vocabularies TBX-Basic lacks (forbidden, erroneous, transliteration, number) come back."""
    db = fresh_db("a")
    TermbaseService(db, author="ann").add_concepts([ConceptDraft("person", (
        TermDraft("en", "Sadyr Japarov"), TermDraft("en", "Zaparov", "forbidden", "erroneous", note="Ж as Z"),
        TermDraft("ru", "Садыр Жапаров", gender="masculine", number="singular"),
        TermDraft("zh-Hans", "萨德尔·扎帕罗夫"), TermDraft("en", "Sadyr Zhaparov", "admitted", "transliteration"),
    ), subject="Kyrgyzstan", definition="President of Kyrgyzstan", code="KG-1", sources=("MFA",))])
    out = tmp_path / "p.tbx"
    export_glossary(db, out, fmt="tbx", langs=["en", "zh", "ru"])
    assert rng().validate(etree.parse(str(out)))
    text = out.read_text(encoding="utf-8")
    assert "deprecatedTerm-admn-sts" in text and "[silkterm status] forbidden" in text
    other = fresh_db("b")
    import_files(other, [out], author="tester")
    assert content(other) == content(db)
    (c,) = TermbaseService(other).list_concepts()
    assert {t.text: (t.status, t.type) for t in c.terms}["Zaparov"] == ("forbidden", "erroneous")
    assert (c.category, c.subject, c.code, c.created_by) == ("person", "Kyrgyzstan", "KG-1", "ann")


def test_unknown_data_categories_kept(fresh_db, tmp_path: Path) -> None:
    """Weblate's 'Usage note' descrip and an unknown status are kept and exported back."""
    db = fresh_db("a")
    import_files(db, [INTEROP_TBX / "weblate/fr-extended-metadata.tbx"], author="tester")
    (first, _second) = [c for c, _ in content(db)]
    kept = first["attrs"]["items"]
    assert {"el": "descrip", "attrs": {"type": "Usage note"}, "text": "Avoid using this term in any documentation."} \
        in kept
    out = tmp_path / "w.tbx"
    export_glossary(db, out, fmt="tbx")
    assert "Usage note" in out.read_text(encoding="utf-8")


def test_langs_filter(fresh_db, tmp_path: Path) -> None:
    db = fresh_db("a")
    import_files(db, [INTEROP_TBX / "lisa_samples/medtronic_TBX.tbx"], author="tester")
    out = tmp_path / "da.tbx"
    report = export_glossary(db, out, fmt="tbx", langs=["da", "en"])
    assert set(report.languages) == {"da", "en"}
    langs = {el.get("{http://www.w3.org/XML/1998/namespace}lang") for el in etree.parse(str(out)).iter("{*}langSec")}
    assert langs == {"da", "en"}


def test_undo_reverts_an_import(fresh_db) -> None:
    db = fresh_db("a")
    import_files(db, [INTEROP_TBX / "ltac_examples/TBX-Basic_Example_Astronomy_DCA_VALID.tbx"], author="tester")
    assert counts(db)[0] == 45
    result = TermbaseService(db).undo()
    assert result.changes == 45
    with db.read() as s:
        conn = s.connection()
        left = [conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()
                for t in ("concept", "term", "term_key", "concept_origin")]
    assert left == [0, 0, 0, 0]
    (report,) = import_files(db, [INTEROP_TBX / "ltac_examples/TBX-Basic_Example_Astronomy_DCA_VALID.tbx"],
                             author="tester")
    assert report.result.added == 45  # the origin went with the concepts


HOSTILE = {
    "xxe.tbx": ('<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                '<tbx><text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&x;</term>'
                '</termSec></langSec></conceptEntry></body></text></tbx>', 2, "entity declarations"),
    "bomb.tbx": ('<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY a "aaaa">\n<!ENTITY b "&a;&a;&a;">]>\n<tbx/>',
                 3, "entity declarations"),
    "truncated.tbx": ('<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
                      '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>x</term>', 3,
                      "not well-formed XML"),
    "nbsp.tbx": ('<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
                 '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>a&nbsp;b</term></termSec></langSec>'
                 '</conceptEntry></body></text></tbx>', 3, "Entity 'nbsp' not defined"),
    "named.tbx": ('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>', 2, "TMX"),
    "noterm.tbx": ('<?xml version="1.0"?>\n<martif><text><body>\n<termEntry id="a"><langSet xml:lang="en">\n'
                   '<tig><termNote type="termType">fullForm</termNote></tig></langSet></termEntry></body></text>'
                   '</martif>', 4, "has no <term>"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_refused(name: str, fresh_db, tmp_path: Path) -> None:
    text, line, reason = HOSTILE[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    db = fresh_db("a")
    good = INTEROP_TBX / "weblate/cs.tbx"
    with pytest.raises(SourceFormatError) as err:
        import_files(db, [good, path], author="tester")
    assert f"{name}:{line}:" in str(err.value) and reason in str(err.value)
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_interop_files(name: str, fresh_db) -> None:
    path = next(p for p in ALL_TBX if p.name == name)
    with pytest.raises(SourceFormatError) as err:
        import_files(fresh_db("a"), [path], author="tester")
    assert REFUSED[name] in str(err.value) and str(path) in str(err.value)


def test_console_script_one_line_error(tmp_path: Path) -> None:
    """Through the installed command: one line naming file:line, exit 2, nothing imported."""
    exe = shutil.which("silkterm", path=str(Path(sys.executable).parent))
    assert exe
    bad = tmp_path / "bad.tbx"
    bad.write_text(HOSTILE["xxe.tbx"][0], encoding="utf-8")
    env = {"SILKTERM_DB": str(tmp_path / "t.db"), "PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)}
    run = subprocess.run([exe, "import", str(INTEROP_TBX / "weblate/cs.tbx"), str(bad)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and f"{bad}:2:" in run.stderr and "Traceback" not in run.stderr
    ok = subprocess.run([exe, "export", "--format", "tbx", "-o", str(tmp_path / "x.tbx")], capture_output=True,
                        text=True, env=env, timeout=120)
    assert ok.returncode == 0 and "exported 0 concepts" in ok.stderr
