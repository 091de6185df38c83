"""``silkterm check`` from the command line: tables, JSON, HTML, exit codes, one-line errors."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from glossary.cli import main
from tests.test_checks.conftest import write_tmx


@pytest.fixture
def db(_fixture_db_file, tmp_path: Path) -> str:
    src, _ids = _fixture_db_file
    path = tmp_path / "tb.db"
    shutil.copy(src, path)
    return str(path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "memo.txt"
    path.write_text("President Zaparov met <b>[red]Tokayev[/red]</b>.\nMirziyoyev spoke.\n", encoding="utf-8")
    return path


def test_json_findings_have_the_documented_keys(capsys, db, doc) -> None:
    code, out, _err = run(capsys, "--db", db, "check", str(doc), "--json", "--fail-on", "never")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"findings", "summary"}
    (f,) = [f for f in data["findings"] if f["check"] == "forbidden-term"]
    assert {"check", "severity", "file", "line", "text", "concept_id", "expected", "message", "id",
            "state", "context"} <= set(f)
    assert (f["file"], f["line"], f["text"], f["expected"]) == (str(doc), 1, "Zaparov", "Sadyr Japarov")
    assert data["summary"]["by_check"]["forbidden-term"] == 1


def test_fail_on_sets_the_exit_code(capsys, db, doc, tmp_path: Path) -> None:
    assert run(capsys, "--db", db, "check", str(doc))[0] == 1  # an error-level finding
    assert run(capsys, "--db", db, "check", str(doc), "--fail-on", "never")[0] == 0
    clean = tmp_path / "clean.txt"
    clean.write_text("President Tokayev met Sadyr Japarov.\n", encoding="utf-8")
    assert run(capsys, "--db", db, "check", str(clean), "--fail-on", "warning")[0] == 0
    drift = tmp_path / "drift.txt"
    drift.write_text("Talks with President Mirziyoev today.\nShavkat Mirziyoyev spoke.\n", encoding="utf-8")
    assert run(capsys, "--db", db, "check", str(drift), "--fail-on", "error")[0] == 0  # only a warning
    assert run(capsys, "--db", db, "check", str(drift), "--fail-on", "warning")[0] == 1


def test_table_shows_user_text_literally(capsys, db, doc) -> None:
    code, out, err = run(capsys, "--db", db, "check", str(doc), "--fail-on", "never")
    assert code == 0 and "forbidden-term" in out and "Sadyr Japarov" in out
    assert "[red]Tokayev[/red]" in out  # never parsed as rich markup
    assert "checked 1 input(s)" in err


def test_html_report_is_self_contained_and_escaped(capsys, db, doc, tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    code, _out, _err = run(capsys, "--db", db, "check", str(doc), "--html", str(report), "--fail-on", "never")
    html = report.read_text(encoding="utf-8")
    assert code == 0 and "<b>[red]" not in html and "&lt;b&gt;[red]Tokayev[/red]&lt;/b&gt;" in html
    assert "<script" not in html and "http" not in html.split("<body>", 1)[1]
    HTMLParser().feed(html)  # parses
    assert "forbidden-term" in html and "Zaparov" in html


def test_unreadable_input_one_line_exit_2(capsys, db, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body>", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "check", str(bad))
    assert code == 2 and out == "" and err.count("\n") == 1 and str(bad) in err
    code, _out, err = run(capsys, "--db", db, "check", str(tmp_path / "none.txt"), str(tmp_path / "none2.md"))
    assert code == 2 and "nothing could be checked" in err
    assert run(capsys, "--db", db, "check")[0] == 2


def test_one_bad_file_in_a_set(capsys, db, doc, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Café Zaparov".encode("latin-1"))
    code, out, err = run(capsys, "--db", db, "check", str(bad), str(doc), "--json", "--fail-on", "never")
    assert code == 0 and str(bad) in err and json.loads(out)["summary"]["files"] == 1


def test_ignored_findings_stay_ignored_from_the_cli(capsys, db, doc) -> None:
    from glossary.db import open_database
    from sources.bilingual import review_service

    code, out, _ = run(capsys, "--db", db, "check", str(doc), "--json", "--fail-on", "never")
    fid = next(f["id"] for f in json.loads(out)["findings"] if f["check"] == "forbidden-term")
    database = open_database(db)
    review_service(database).set_state(fid, "ignored")
    database.dispose()
    code, out, _ = run(capsys, "--db", db, "check", str(doc), "--json")
    data = json.loads(out)
    assert code == 0 and data["summary"]["suppressed"] == 1
    assert [f for f in data["findings"] if f["check"] == "forbidden-term"] == []


def test_bilingual_tmx_from_the_cli(capsys, db, tmp_path: Path) -> None:
    tmx = write_tmx(tmp_path / "p.tmx", [("Tokayev met the SCO.", "Встреча прошла.")])
    code, out, _ = run(capsys, "--db", db, "check", str(tmx), "--json")
    keyterm = [f for f in json.loads(out)["findings"] if f["check"] == "keyterm"]
    assert code == 1 and {f["text"] for f in keyterm} == {"Tokayev", "SCO"}
