"""Migration 0015: ``tm_posting`` becomes a rowid table; every posting row and every match survives
the upgrade and the downgrade."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from glossary.db import downgrade_schema, open_database, upgrade_schema
from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write
from tm.service import TmService

UNITS = [tu(("en", f"The parties reaffirmed their commitment to the Treaty of {i} on good-neighbourliness."),
            ("zh-CN", f"双方重申恪守第{i}号睦邻友好合作条约。"),
            ("ru", f"Стороны подтвердили приверженность Договору № {i} о добрососедстве."))
         for i in range(40)]


def _table(path: Path) -> tuple[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as raw:
        sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'tm_posting'").fetchone()[0]
        rows = raw.execute("SELECT segment, gram, part, ids FROM tm_posting ORDER BY segment, gram, part").fetchall()
        return sql, rows


def _best(path: Path) -> list[tuple[str, float]]:
    db = open_database(str(path), migrate=False)
    try:
        service = TmService(db)
        return [(m.target.text, m.score) for q, src, dst in (
            ("The parties reaffirmed their commitment to the Treaty of 17 on good neighbourliness.", "en", "ru"),
            ("双方重申恪守第17号睦邻友好条约", "zh-Hans", "en"),
            ("Стороны подтвердили приверженность Договору № 17", "ru", "en"))
            for m in service.match(q, source_lang=src, target_lang=dst, limit=1)]
    finally:
        db.dispose()


def test_the_migration_keeps_every_posting_and_every_match(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = open_database(str(path), migrate=False)
    upgrade_schema(old, "0014_unit_hash_index")
    import_files(old, [write(tmp_path / "a.tmx", tmx(*UNITS[:25])), write(tmp_path / "b.tmx", tmx(*UNITS[20:]))],
                 author="test")
    old.dispose()
    sql, rows = _table(path)
    assert "WITHOUT ROWID" in sql and len(rows) > 100
    before = _best(path)
    assert len(before) == 3 and all("17" in text for text, _score in before)

    db = open_database(str(path))  # 0014 → head
    try:
        sql, after = _table(path)
        assert "WITHOUT ROWID" not in sql and "PRIMARY KEY (segment, gram, part)" in sql
        assert after == rows
        assert _best(path) == before
        downgrade_schema(db, "0014_unit_hash_index")
        sql, after = _table(path)
        assert "WITHOUT ROWID" in sql and after == rows
    finally:
        db.dispose()
    assert _best(path) == before
