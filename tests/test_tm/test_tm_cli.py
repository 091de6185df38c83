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
    assert code == 0 and "0 units added, 2 merged" in out


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
    (("export", "--format", "csv", "-o", "x.tmx"), "Invalid value"),
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
