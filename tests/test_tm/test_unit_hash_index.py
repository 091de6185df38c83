"""Migration 0014: the unit hash becomes a named unique index; no unit, variant or note is lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from glossary.db import downgrade_schema, open_database, upgrade_schema


def _index_sql(path: Path) -> tuple[str | None, str]:
    with closing(sqlite3.connect(path)) as raw:
        index = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_tm_unit_hash'").fetchone()
        table = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'tm_unit'").fetchone()[0]
        return (index[0] if index else None), table


def _counts(path: Path) -> tuple[int, ...]:
    with closing(sqlite3.connect(path)) as raw:
        counts = [raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("tm_unit", "tm_variant", "tm_note")]
        return (*counts, raw.execute("SELECT seq FROM sqlite_sequence WHERE name = 'tm_unit'").fetchone()[0])


def test_the_migration_keeps_every_row_and_the_id_counter(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = open_database(str(path), migrate=False)
    upgrade_schema(old, "0013_posting_parts")
    with old.write() as s:
        conn = s.connection()
        conn.exec_driver_sql("INSERT INTO tm_unit (id, hash) VALUES (1, 'a'), (2, 'b'), (9, 'c')")
        conn.exec_driver_sql("DELETE FROM tm_unit WHERE id = 9")  # the counter stays at 9: ids never reused
        conn.exec_driver_sql("INSERT INTO tm_variant (id, unit_id, position, lang, lang_tag, text) VALUES "
                             "(1, 1, 0, 'en', 'en', 'Joint statement'), (2, 2, 0, 'ru', 'ru', 'Совместное заявление')")
        conn.exec_driver_sql("INSERT INTO tm_note (id, unit_id, variant_id, position, kind, text) VALUES "
                             "(1, 1, NULL, 0, 'note', 'checked'), (2, 2, 2, 0, 'prop', '联合声明')")
    old.dispose()
    assert _index_sql(path)[0] is None
    db = open_database(str(path))  # 0013 → head
    try:
        index, table = _index_sql(path)
        assert index is not None and "UNIQUE" in index and "UNIQUE" not in table
        assert _counts(path) == (2, 2, 2, 9)
        with db.write() as s:  # still unique, and the foreign keys still lead to tm_unit
            conn = s.connection()
            with pytest.raises(Exception, match="UNIQUE"):  # unit 2 has a variant note: 0016 keeps its hash
                conn.exec_driver_sql("INSERT INTO tm_unit (hash) VALUES ('b')")
        with db.write() as s:
            s.connection().exec_driver_sql("DELETE FROM tm_unit WHERE id = 2")  # cascades to its variant and note
        assert _counts(path) == (1, 1, 1, 9)
        downgrade_schema(db, "0013_posting_parts")
        index, table = _index_sql(path)
        assert index is None and "UNIQUE (hash)" in table
        assert _counts(path) == (1, 1, 1, 9)
    finally:
        db.dispose()
