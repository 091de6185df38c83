"""silkterm import / export / tm match / tm search from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.cli import main
from tests.tmxfiles import INTEROP_TMX, dump, tmx, tu, write, xmllint


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tmx_file(tmp_path: Path) -> Path:
    return write(tmp_path / "statements.tmx", tmx(
        tu(("en", "The parties agreed to deepen cooperation in Ashgabat."), ("zh-CN", "双方同意在阿什哈巴德深化合作。"),
           ("ru", "Стороны договорились углублять сотрудничество в Ашхабаде.")),
        tu(("en", "The summit was held on 17 June 2025."), ("ru", "Саммит состоялся 17 июня 2025 года."))))


def test_import_prints_a_summary_and_twice_adds_nothing(capsys, tmp_path, tmx_file) -> None:
    db = str(tmp_path / "t.db")
    code, out, _ = run(capsys, "--db", db, "import", str(tmx_file))
    assert code == 0 and out.strip() == f"{tmx_file}: 2 units added, 0 merged, 0 skipped (TMX; en, ru, zh-Hans)"
    code, out, _ = run(capsys, "--db", db, "import", str(tmx_file))
    assert code == 0 and out.strip() == f"{tmx_file}: 0 units added, 2 merged, 0 skipped (TMX)"


def test_format_comes_from_the_content_not_the_name(capsys, tmp_path, tmx_file) -> None:
    renamed = tmp_path / "memory.xml"
    renamed.write_bytes(tmx_file.read_bytes())
    code, out, _ = run(capsys, "--db", str(tmp_path / "t.db"), "import", str(renamed))
    assert code == 0 and "2 units added" in out


@pytest.mark.parametrize(("content", "message"), [
    ('<?xml version="1.0"?>\n<martif type="TBX"><text><body/></text></martif>\n', "this is a TBX file, not TMX"),
    ("\x00\x01binary", "NUL character"),
    ('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>\n',
     "without a language"),
])
def test_bad_file_is_one_line_exit_2_and_db_unchanged(capsys, tmp_path, tmx_file, content, message) -> None:
    db = tmp_path / "t.db"
    assert run(capsys, "--db", str(db), "import", str(tmx_file))[0] == 0
    before = dump(db)
    bad = tmp_path / "bad.tmx"
    bad.write_text(content)
    code, out, err = run(capsys, "--db", str(db), "import", str(tmx_file), str(bad))
    assert code == 2 and message in err and f"{bad}:" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and out == ""
    assert dump(db) == before


def test_export_subset_validates(capsys, tmp_path, tmx_file) -> None:
    db = str(tmp_path / "t.db")
    run(capsys, "--db", db, "import", str(tmx_file), str(INTEROP_TMX / "omegat" / "test-level2.tmx"))
    out_file = tmp_path / "out.tmx"
    code, _, err = run(capsys, "--db", db, "export", "--format", "tmx", "--langs", "en,zh-Hans,ru", "-o", str(out_file))
    assert code == 0 and f"exported 6 units (en, ru, zh-Hans) to {out_file}" in err
    assert xmllint(out_file).returncode == 0
    text = out_file.read_text(encoding="utf-8")
    assert 'xml:lang="zh-CN"' in text and 'xml:lang="be"' not in text


@pytest.mark.parametrize(("args", "message"), [
    (("export", "--langs", "xx-qq", "-o", "x.tmx"), "unknown language tag"),
    (("export", "--langs", "de", "-o", "x.tmx"), "no units in de"),
    (("export", "--format", "docx", "-o", "x.tmx"), "Invalid value"),
    (("tm", "match", "text", "--from", "en", "--to", "english"), "unknown language tag"),
    (("tm", "match", " ", "--from", "en", "--to", "ru"), "must not be empty"),
    (("tm", "match", "<ph>", "--from", "en", "--to", "ru", "--markup"), "inline markup"),
    (("import", "nope.tmx"), "nope.tmx: no such file"),
])
def test_bad_arguments_are_one_line_exit_2(capsys, tmp_path, tmx_file, monkeypatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "t.db")
    run(capsys, "--db", db, "import", str(tmx_file))
    code, _out, err = run(capsys, "--db", db, *args)
    assert code == 2 and message in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.tmx").exists()


def test_tm_match_json_and_table(capsys, tmp_path, tmx_file) -> None:
    db = str(tmp_path / "t.db")
    run(capsys, "--db", db, "term", "add", "Ashgabat", "--lang", "en", "--category", "place", "--also", "ru=Ашхабад")
    run(capsys, "--db", db, "import", str(tmx_file))
    code, out, _ = run(capsys, "--db", db, "tm", "match", "The summit was held on 18 June 2025.", "--from", "en",
                       "--to", "ru", "--json")
    assert code == 0
    (m,) = json.loads(out)
    assert set(m) == {"unit_id", "score", "penalties", "source", "target", "terms"}
    assert m["score"] == 97.2 and m["penalties"] == [{"reason": "numbers", "points": 2.8}]  # 2 digits of 72
    assert m["target"] == "Саммит состоялся 17 июня 2025 года."
    code, out, _ = run(capsys, "--db", db, "tm", "match", "The parties agreed to deepen cooperation in Ashgabat",
                       "--from", "en", "--to", "ru")
    assert code == 0 and "99%" in out and "punctuation" in out and "Ashgabat → Ашхабад" in out
    code, out, err = run(capsys, "--db", db, "tm", "match", "Nothing like it", "--from", "en", "--to", "ru")
    assert code == 0 and out == "" and "no unit matches" in err


def test_tm_search_json_and_table(capsys, tmp_path, tmx_file) -> None:
    db = str(tmp_path / "t.db")
    run(capsys, "--db", db, "import", str(tmx_file))
    code, out, _ = run(capsys, "--db", db, "tm", "search", "阿什", "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert hit["lang"] == "zh-Hans" and {v["lang"] for v in hit["variants"]} == {"en", "ru"}
    code, out, _ = run(capsys, "--db", db, "tm", "search", "JUNE 2025")
    assert code == 0 and "The summit was held on 17 June 2025." in out


def test_text_may_begin_with_a_dash_but_a_mistyped_option_is_an_error(capsys, tmp_path) -> None:
    db = str(tmp_path / "t.db")
    run(capsys, "--db", db, "import", str(write(tmp_path / "m.tmx", tmx(
        tu(("en", "Exports fell by -5% in Astana."), ("ru", "Экспорт снизился на -5% в Астане."))))))
    code, out, _ = run(capsys, "--db", db, "tm", "search", "-5%", "--lang", "ru", "--json")
    assert code == 0 and [h["text"] for h in json.loads(out)] == ["Экспорт снизился на -5% в Астане."]
    code, out, _ = run(capsys, "--db", db, "tm", "match", "Exports", "fell", "by", "-5%", "in", "Astana.",
                       "--from", "en", "--to", "ru", "--json")
    assert code == 0 and json.loads(out)[0]["score"] == 100.0
    code, out, err = run(capsys, "--db", db, "tm", "search", "Astana", "--limt", "3")
    assert code == 2 and out == "" and "No such option '--limt'" in err


# ---- PO and XLIFF ------------------------------------------------------------------------------------

_PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'


def test_po_import_and_export_from_the_command_line(capsys, tmp_path) -> None:
    import subprocess

    import polib

    db = str(tmp_path / "t.db")
    po_file = write(tmp_path / "statement.po", _PO + '#, fuzzy\nmsgctxt "title"\nmsgid "Astana"\nmsgstr "Астана"\n')
    code, out, _ = run(capsys, "--db", db, "import", str(po_file))
    assert code == 0 and out.strip() == f"{po_file}: 1 units added, 0 merged, 0 skipped (PO; en, ru)"
    out_po = tmp_path / "x.po"
    code, _, err = run(capsys, "--db", db, "export", "--format", "po", "--langs", "en,ru", "-o", str(out_po))
    assert code == 0 and "exported 1 units (en, ru)" in err
    [entry] = polib.pofile(str(out_po))
    assert (entry.msgctxt, entry.msgid, entry.msgstr, entry.flags) == ("title", "Astana", "Астана", ["fuzzy"])
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out_po)]).returncode == 0
    code, _, err = run(capsys, "--db", db, "export", "--format", "po", "--langs", "en,zh,ru", "-o", str(out_po))
    assert code == 2 and "exactly two languages" in err and len(err.strip().splitlines()) == 1


def test_termbase_export_as_po_from_the_command_line(capsys, fixture_tb, tmp_path) -> None:
    import polib

    out_po = tmp_path / "glossary.po"
    db = str(tmp_path / "fixture.db")  # the fixture_tb copy
    code, _, err = run(capsys, "--db", db, "export", "--format", "po", "--data", "glossary", "--langs", "en,zh-Hans",
                       "-o", str(out_po))
    assert code == 0 and "concepts" in err
    assert {e.msgid: e.msgstr for e in polib.pofile(str(out_po))}["Ashgabat"] == "阿什哈巴德"


def test_help_names_the_formats_with_examples(capsys) -> None:
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0 and "PO" in out and "XLIFF" in out and "silkterm import po/ru.po" in out
    code, out, _ = run(capsys, "export", "--help")
    assert code == 0 and "silkterm export --format po --langs en,ru" in out and "--data glossary" in out


@pytest.mark.parametrize(("name", "content", "message"), [
    ("cut.po", _PO + 'msgid "Astana"\n', "cut.po:6: the file ends after msgid"),
    ("xxe.xlf", '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                '<xliff version="1.2"><file source-language="en" target-language="ru"><body><trans-unit id="1">'
                '<source>&x;</source></trans-unit></body></file></xliff>\n', "xxe.xlf:2: entity declarations"),
    ("tbx.xlf", '<?xml version="1.0"?>\n<martif type="TBX"><text><body/></text></martif>\n',
     "tbx.xlf:2: this is a TBX file, not XLIFF"),
])
def test_bad_po_or_xliff_through_the_console_script(tmp_path, tmx_file, name, content, message) -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("silkterm")
    db = tmp_path / "t.db"
    assert subprocess.run([str(exe), "--db", str(db), "import", str(tmx_file)], capture_output=True).returncode == 0
    before = dump(db)
    bad = write(tmp_path / name, content)
    result = subprocess.run([str(exe), "--db", str(db), "import", str(tmx_file), str(bad)], capture_output=True,
                            text=True)
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert dump(db) == before
