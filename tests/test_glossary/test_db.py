"""Opening databases: migrations in place, foreign and newer files, locks, URLs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from glossary.db import open_database, schema_revisions, upgrade_schema
from glossary.errors import DatabaseBusyError, DatabaseError
from glossary.indexing import ensure_index
from glossary.lookup import Lookup
from glossary.records import ConceptDraft
from glossary.service import TermbaseService
from tests.conftest import T


def test_new_database_uses_wal_and_foreign_keys(db) -> None:
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    current, head = schema_revisions(db.engine)
    assert current == head


def test_old_database_upgrades_in_place_keeping_data(db_path: Path) -> None:
    old = open_database(str(db_path), migrate=False) if db_path.exists() else None
    assert old is None
    # make a database at the first schema revision, with data written by "an older silkterm"
    raw = sqlite3.connect(db_path)
    raw.close()
    from glossary.db import Database, _make_engine
    first = Database(url=f"sqlite:///{db_path}", engine=_make_engine(f"sqlite:///{db_path}"))
    upgrade_schema(first, "0001_core")
    with first.write() as s:
        s.execute(text("INSERT INTO concept (id, category, sources, created_at, created_by, modified_at, modified_by) "
                       "VALUES (7, 'place', '[]', '2025-01-01', 'old', '2025-01-01', 'old')"))
        s.execute(text("INSERT INTO term (concept_id, lang, text, status, type, created_at, created_by, modified_at, "
                       "modified_by) VALUES (7, 'ru', 'Ашхабад', 'preferred', 'full', '2025-01-01', 'old', "
                       "'2025-01-01', 'old')"))
    first.dispose()

    db = open_database(str(db_path))
    current, head = schema_revisions(db.engine)
    assert current == head != "0001_core"
    assert Path(f"{db_path}.before-{head}").exists()  # backed up before migrating
    ensure_index(db)
    hit = Lookup(db).search("в Ашхабаде")[0]
    assert hit.concept.id == 7 and hit.matched_by == "lemma"
    db.dispose()


def test_not_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes\n")
    with pytest.raises(DatabaseError, match="not a silkterm database"):
        open_database(str(path))
    assert path.read_bytes() == b"these are my notes\n"


def test_other_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="not a silkterm database"):
        open_database(str(path))
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_newer_schema_is_refused(db_path: Path) -> None:
    open_database(str(db_path)).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="newer than this silkterm"):
        open_database(str(db_path))


def test_locked_database_raises_busy_and_changes_nothing(db_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SILKTERM_BUSY_TIMEOUT", "0.2")
    db = open_database(str(db_path))
    svc = TermbaseService(db)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError):
            svc.add_concept(ConceptDraft("place", (T("en", "Astana"),)))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert svc.count() == (0, 0)
    db.dispose()


def test_sqlalchemy_url_and_bad_url(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'url.db'}")
    assert db.is_sqlite
    db.dispose()
    with pytest.raises(DatabaseError, match="not a valid database URL"):
        open_database("foo bar://x")
    with pytest.raises(DatabaseError, match="no database driver"):
        open_database("mssql+pymssql://user@host/db")


def _journal(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        raw.close()


def test_bulk_write_uses_a_rollback_journal_then_wal_again(db_path: Path) -> None:
    db = open_database(str(db_path))
    with db.write(bulk=True) as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "delete"
        s.execute(text("INSERT INTO tm_lang (id, tag) VALUES (1, 'en')"))
    assert _journal(db_path) == "wal"
    with pytest.raises(RuntimeError), db.write(bulk=True) as s:  # a failed bulk write changes nothing
        s.execute(text("INSERT INTO tm_lang (id, tag) VALUES (2, 'ru')"))
        raise RuntimeError("the import failed")
    with db.read() as s:
        assert s.execute(text("SELECT tag FROM tm_lang")).scalars().all() == ["en"]
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_bulk_write_stays_in_wal_beside_another_connection(db_path: Path) -> None:
    db = open_database(str(db_path))
    other = sqlite3.connect(db_path)  # another process's open connection, idle
    other.execute("SELECT count(*) FROM tm_lang").fetchone()
    try:
        with db.write(bulk=True) as s:  # not refused, not kept waiting for the busy timeout
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            s.execute(text("INSERT INTO tm_lang (id, tag) VALUES (1, 'en')"))
        assert other.execute("SELECT tag FROM tm_lang").fetchall() == [("en",)]
    finally:
        other.close()
