"""The silkterm command: every command has help, errors are one line with the right exit code."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from alembic.script import ScriptDirectory

from glossary.cli import cli, main
from glossary.db import _alembic_config


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(capsys, path) -> None:
    code, out, _ = run(capsys, *path, "--help")
    assert code == 0 and "Usage: silkterm" in out
    cmd = dict(_commands(cli))[path]
    if not isinstance(cmd, click.Group):
        assert "Example" in out


def test_headless_commands_do_not_load_textual() -> None:
    code = "import sys, glossary.cli; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_first_use_creates_default_database_from_the_bundled_pack(capsys, isolated_user_dirs: Path) -> None:
    code, out, err = run(capsys, "lookup", "Шанхайской организации сотрудничества", "--json")
    assert code == 0
    assert "created" in err and "bundled glossary" in err
    assert (isolated_user_dirs / "silkterm" / "silkterm.db").exists()
    hits = json.loads(out)
    assert hits[0]["matched_by"] == "lemma"
    assert "ШОС" in [t["text"] for t in hits[0]["terms"]["ru"]]
    code, _out, err = run(capsys, "lookup", "SCO")
    assert code == 0 and "created" not in err  # second use: no re-creation


def test_lookup_table_shows_three_languages(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert main(["--db", db, "term", "add", "Ashgabat", "--lang", "en", "--category", "place",
                 "--also", "zh-Hans=阿什哈巴德", "--also", "ru=Ашхабад"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", db, "lookup", "в", "Ашхабаде")
    assert code == 0
    for text in ("English", "中文", "Русский", "Ashgabat", "阿什哈巴德", "Ашхабад", "lemma"):
        assert text in out


def test_term_editing_flow_and_undo(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    code, out, _ = run(capsys, "--db", db, "term", "add", "Sadyr Japarov", "--lang", "en", "--category", "person",
                       "--also", "ru=Садыр Жапаров", "--json")
    assert code == 0
    concept = json.loads(out)
    cid = concept["concept_id"]
    code, _, err = run(capsys, "--db", db, "term", "add-variant", str(cid), "en", "Zaparov",
                       "--status", "deprecated", "--type", "erroneous", "--note", "Ж is J, not Z")
    assert code == 0 and "deprecated" in err
    code, out, _ = run(capsys, "--db", db, "lookup", "Zaparov", "--json")
    hit = json.loads(out)[0]
    assert hit["concept_id"] == cid and hit["matched_by"] == "exact"
    ru_id = next(t["id"] for t in concept["terms"] if t["lang"] == "ru")
    assert run(capsys, "--db", db, "term", "edit", str(ru_id), "--gender", "masculine")[0] == 0
    code, out, _ = run(capsys, "--db", db, "term", "show", str(cid), "--json", "--history")
    shown = json.loads(out)
    assert next(t for t in shown["terms"] if t["lang"] == "ru")["gender"] == "masculine"
    assert len(shown["history"]) >= 4
    assert run(capsys, "--db", db, "term", "undo")[0] == 0
    code, out, _ = run(capsys, "--db", db, "term", "show", str(cid), "--json")
    assert next(t for t in json.loads(out)["terms"] if t["lang"] == "ru")["gender"] is None


@pytest.mark.parametrize(("args", "message"), [
    (("lookup", " "), "query must not be empty"),
    (("lookup", "SCO", "--lang", "xx-qq"), "unknown language tag"),
    (("term", "add", "X", "--lang", "en"), "--category is required"),
    (("term", "add", "X", "--lang", "english", "--category", "place"), "unknown language tag"),
    (("term", "show", "424242"), "concept 424242 does not exist"),
    (("term", "set-status", "424242", "admitted"), "term 424242 does not exist"),
    (("term", "merge", "1", "1"), "cannot be merged into itself"),
    (("term", "undo"), "nothing to undo"),
    (("term", "edit", "1"), "nothing to change"),
])
def test_bad_input_is_one_line_exit_2(capsys, tmp_path: Path, args, message: str) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "t.db"), *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_foreign_file_exit_2_and_untouched(capsys, tmp_path: Path) -> None:
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"PK\x03\x04 not a database")
    code, _, err = run(capsys, "--db", str(path), "lookup", "SCO")
    assert code == 2 and "not a silkterm database" in err
    assert path.read_bytes() == b"PK\x03\x04 not a database"


def test_busy_database_exit_3_and_unchanged(capsys, tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "t.db"
    assert main(["--db", str(db), "term", "add", "Astana", "--lang", "en", "--category", "place"]) == 0
    monkeypatch.setenv("SILKTERM_BUSY_TIMEOUT", "0.2")
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = run(capsys, "--db", str(db), "term", "add", "Almaty", "--lang", "en", "--category", "place")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert code == 3 and "locked" in err and len(err.strip().splitlines()) == 1
    count = sqlite3.connect(db).execute("SELECT count(*) FROM concept").fetchone()[0]
    assert count == 1


def test_integrity_conflict_and_override(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    base = ("--db", db, "term", "add", "Astana", "--lang", "en", "--category", "place")
    assert run(capsys, *base)[0] == 0
    code, _, err = run(capsys, *base)
    assert code == 2 and "--allow-duplicate" in err
    assert run(capsys, *base, "--allow-duplicate")[0] == 0


def test_db_upgrade_and_info(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    code, out, _ = run(capsys, "--db", db, "db", "upgrade")
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert code == 0 and f"(none) → {head}" in out
    code, out, _ = run(capsys, "--db", db, "db", "upgrade")
    assert "up to date" in out
    code, out, _ = run(capsys, "--db", db, "db", "info")
    assert "concepts: 0" in out


def test_a_command_on_an_older_database_says_it_upgrades_it(capsys, tmp_path: Path) -> None:
    from glossary.db import open_database, upgrade_schema

    db = str(tmp_path / "t.db")
    old = open_database(db, migrate=False)
    upgrade_schema(old, "0015_posting_rowid")
    old.dispose()
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    code, _, err = run(capsys, "--db", db, "lookup", "Astana")
    assert code == 0 and err.splitlines()[0].startswith(f"silkterm: upgrading {db} to schema {head} (")
    code, _, err = run(capsys, "--db", db, "lookup", "Astana")
    assert code == 0 and "upgrading" not in err


def test_console_script_entry_point(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("silkterm")
    result = subprocess.run([str(exe), "--db", str(tmp_path / "t.db"), "lookup", ""], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == "silkterm: error: query must not be empty"
