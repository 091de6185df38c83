"""Migration 0016: plain units are hashed by their length-prefixed fields instead of JSON; the
upgrade and the downgrade rehash exactly the plain units, and a re-import still adds nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from glossary.db import downgrade_schema, open_database, upgrade_schema
from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write

PLAIN = [tu(("en", f"The parties welcomed the {i}th meeting."), ("zh-CN", f"双方欢迎第{i}次会议。"),
            ("ru", f"Стороны приветствовали {i}-е заседание.")) for i in range(12)]
PLAIN += ['<tu><prop type="x-doc">astana.docx</prop><note>checked</note><tuv xml:lang="en"><seg>say "hi"\ttab</seg>'
          '</tuv><tuv xml:lang="ru"><seg>Ёлка «в кавычках»</seg></tuv></tu>\n']
OTHER = ['<tu><tuv xml:lang="en"><seg>With <ph>x</ph> code</seg></tuv></tu>\n',  # markup
         '<tu><tuv xml:lang="en"><note>n</note><seg>Noted</seg></tuv></tu>\n',  # a variant note
         '<tu><note xml:lang="en">attributed</note><tuv xml:lang="en"><seg>Attributed note</seg></tuv></tu>\n']


def _hashes(path: Path) -> dict[str, str]:
    """First variant's text → unit hash."""
    with closing(sqlite3.connect(path)) as raw:
        return dict(raw.execute("SELECT v.text, u.hash FROM tm_unit u JOIN tm_variant v ON v.unit_id = u.id "
                                "AND v.position = 0").fetchall())


def _json_hash(path: Path, first_text: str) -> str:
    """The pre-0016 hash of a plain unit, from its stored rows, written out independently."""
    with closing(sqlite3.connect(path)) as raw:
        (uid,) = raw.execute("SELECT unit_id FROM tm_variant WHERE text = ? AND position = 0", (first_text,)).fetchone()
        variants = sorted([lang, "t", text, []] for lang, text in raw.execute(
            "SELECT lang, text FROM tm_variant WHERE unit_id = ?", (uid,)))
        notes = [[kind, type_, text, []] for kind, type_, text in raw.execute(
            "SELECT kind, type, text FROM tm_note WHERE unit_id = ? ORDER BY position", (uid,))]
    payload = json.dumps([variants, notes], ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def test_the_migration_rehashes_exactly_the_plain_units(tmp_path: Path) -> None:
    source = write(tmp_path / "decl.tmx", tmx(*PLAIN, *OTHER))
    path = tmp_path / "tm.db"
    db = open_database(str(path))
    import_files(db, [source], author="test")
    db.dispose()
    head = _hashes(path)
    assert len(head) == len(PLAIN) + len(OTHER)
    plain_texts = [t for t in head if t not in ("With  code", "Noted", "Attributed note")]
    assert len(plain_texts) == len(PLAIN)

    old = open_database(str(path), migrate=False)
    downgrade_schema(old, "0015_posting_rowid")
    old.dispose()
    before = _hashes(path)
    assert {t: before[t] for t in plain_texts} == {t: _json_hash(path, t) for t in plain_texts}
    assert {t: before[t] for t in head if t not in plain_texts} == {t: head[t] for t in head if t not in plain_texts}
    assert all(before[t] != head[t] for t in plain_texts)

    again = open_database(str(path), migrate=False)
    upgrade_schema(again)
    assert _hashes(path) == head
    (report,) = import_files(again, [source], author="test")
    assert (report.added, report.merged) == (0, len(PLAIN) + len(OTHER))
    again.dispose()
