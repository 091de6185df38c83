"""Opening a silkterm database: URL resolution, SQLite pragmas, schema checks and migrations.

SQLite runs in WAL mode with foreign keys on and a busy timeout; write transactions start with
``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way; read transactions stay deferred.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from glossary.errors import DatabaseBusyError, DatabaseError

log = logging.getLogger(__name__)

ENV_DB = "SILKTERM_DB"
ENV_BUSY = "SILKTERM_BUSY_TIMEOUT"  # seconds a writer waits for a lock before giving up
_SQLITE_MAGIC = b"SQLite format 3\x00"


def default_db_path() -> Path:
    """The per-user default database file (platformdirs user data directory)."""
    return platformdirs.user_data_path("silkterm", appauthor=False) / "silkterm.db"


def resolve_target(target: str | None) -> tuple[str, bool]:
    """Turn ``--db`` / ``SILKTERM_DB`` / the default into an SQLAlchemy URL; also say if it is the default."""
    target = target or os.environ.get(ENV_DB) or None
    if target is None:
        return f"sqlite:///{default_db_path()}", True
    if "://" in target:
        try:
            make_url(target)
        except ArgumentError:
            raise DatabaseError(f"--db: {target!r} is not a valid database URL or path") from None
        return target, False
    return f"sqlite:///{Path(target).expanduser().resolve()}", False


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "glossary:migrations")
    return cfg


def _is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower()


@dataclass
class Database:
    """An open silkterm database: read sessions (deferred) and write sessions (``BEGIN IMMEDIATE``)."""

    url: str
    engine: Engine
    is_default: bool = False
    created: bool = False

    def __post_init__(self) -> None:
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write = sessionmaker(bind=self.engine.execution_options(silkterm_write=True), expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        """Whether the backend is SQLite (FTS5 substring index available)."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; nothing it does is committed."""
        with self._read() as session:
            try:
                yield session
            except OperationalError as exc:
                raise _translate(exc) from None
            finally:
                session.rollback()

    @contextmanager
    def write(self, *, bulk: bool = False) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back entirely on any error.

        ``bulk`` (a large import): on SQLite, when no other connection has the file open, the
        transaction keeps its undo information in a rollback journal instead of writing every page
        to the write-ahead log and copying it into the file at commit: each page is written once,
        with the same atomicity. Readers that connect meanwhile wait for the commit. The file is
        back in WAL mode afterwards.
        """
        if not (bulk and self.is_sqlite):
            with self._write_session(self._write) as session:
                yield session
            return
        with self.engine.connect() as conn:  # the journal switches and the transaction on one connection
            raw = conn.connection.driver_connection
            switched = _rollback_journal(raw)
            try:
                with self._write_session(sessionmaker(bind=conn.execution_options(silkterm_write=True),
                                                      expire_on_commit=False)) as session:
                    yield session
            finally:
                if switched:
                    _wal_journal(raw)

    @staticmethod
    @contextmanager
    def _write_session(factory: sessionmaker[Session]) -> Iterator[Session]:
        try:
            with factory.begin() as session:
                yield session
        except OperationalError as exc:
            raise _translate(exc) from None

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _rollback_journal(raw: sqlite3.Connection) -> bool:
    """Switch an idle SQLite connection to a rollback journal; False (still WAL) when another
    connection has the file open, which is found at once instead of after the busy timeout."""
    timeout = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        return raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _wal_journal(raw: sqlite3.Connection) -> None:
    try:
        raw.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:  # another connection in the way: the next one to connect switches
        log.debug("could not switch back to WAL", exc_info=True)


def _translate(exc: OperationalError) -> Exception:
    if _is_busy(exc):
        return DatabaseBusyError("database is locked by another silkterm process; try again when it has finished")
    return DatabaseError(f"database error: {exc.orig}")


def _make_engine(url: str) -> Engine:
    is_sqlite = url.startswith("sqlite")
    connect_args = {}
    if is_sqlite:
        connect_args = {"timeout": float(os.environ.get(ENV_BUSY, "10")), "check_same_thread": False}
    try:
        engine = create_engine(url, connect_args=connect_args)
    except ModuleNotFoundError as exc:
        driver = make_url(url).drivername
        raise DatabaseError(f"--db: no database driver for {driver} (missing Python module {exc.name})") from None
    except ArgumentError as exc:
        raise DatabaseError(f"--db: {exc}") from None
    if is_sqlite:
        _install_sqlite_hooks(engine)
    return engine


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        # Lookups touch pages all over a large termbase or TM: map the whole file (up to the build's
        # limit, 2 GB by default; 1 GB left a 1.2 GB TM's last pages to read calls: match p95 −4–8 %)
        # and keep more pages cached.
        cur.execute("PRAGMA mmap_size = 4294967296")
        cur.execute("PRAGMA cache_size = -65536")
        try:
            cur.execute("PRAGMA journal_mode = WAL")
        except Exception:  # a read-only or locked file keeps its journal mode; reads still work
            log.debug("could not switch to WAL", exc_info=True)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        write = conn.get_execution_options().get("silkterm_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _check_sqlite_file(url: str) -> None:
    """Refuse a path that is not an SQLite file (or an empty/new one); create missing folders."""
    path = make_url(url).database
    if not path or path == ":memory:":
        return
    p = Path(path)
    if p.is_dir():
        raise DatabaseError(f"{p}: is a directory, not a database file")
    if not p.exists() or p.stat().st_size == 0:
        p.parent.mkdir(parents=True, exist_ok=True)
        return
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"{p}: cannot read ({exc.strerror})") from None
    if head != _SQLITE_MAGIC:
        raise DatabaseError(f"{p}: not a silkterm database (not an SQLite file)")


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(current revision of the database, head revision of this silkterm)."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head or ""


def _check_ours(engine: Engine, where: str) -> str | None:
    """Raise unless the database is empty or silkterm's at a known revision; return its revision."""
    try:
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        raise _translate(exc) from None
    except SADatabaseError as exc:
        raise DatabaseError(f"{where}: not a silkterm database ({exc.orig})") from None
    if not tables:
        return None
    if "silkterm_meta" not in tables or "alembic_version" not in tables:
        raise DatabaseError(f"{where}: not a silkterm database (it has other tables: {', '.join(sorted(tables)[:5])})")
    current, _head = schema_revisions(engine)
    scripts = ScriptDirectory.from_config(_alembic_config())
    known = {rev.revision for rev in scripts.walk_revisions()}
    if current not in known:
        raise DatabaseError(
            f"{where}: database schema {current!r} is newer than this silkterm knows; upgrade silkterm"
        )
    return current


def upgrade_schema(db: Database, revision: str = "head",
                   announce: Callable[[Database, str], None] | None = None) -> tuple[str | None, str]:
    """Migrate the schema in place (SQLite files are backed up first); return (before, after).
    ``announce`` is called with the database and the target revision before an existing database
    is migrated."""
    current, head = schema_revisions(db.engine)
    target = head if revision == "head" else revision
    if current == target:
        return current, target
    if current is not None and announce is not None:
        announce(db, target)
    path = make_url(db.url).database if db.is_sqlite else None
    if current is not None and path and Path(path).exists():
        backup = Path(f"{path}.before-{target}")
        with db.engine.connect() as conn:  # a consistent copy even in WAL mode
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup)
        log.info("backed up %s to %s before migrating", path, backup)
    _migrate(db, lambda cfg: command.upgrade(cfg, target))
    return current, target


def downgrade_schema(db: Database, revision: str) -> None:
    """Migrate the schema back to ``revision`` (for tests and for going back to an older silkterm)."""
    _migrate(db, lambda cfg: command.downgrade(cfg, revision))


def _migrate(db: Database, run: Callable[[Config], None]) -> None:
    """Run Alembic in one write transaction. On SQLite, foreign keys are off meanwhile (they can
    only be switched outside a transaction): a migration that rebuilds a table must not cascade
    deletes to the rows that refer to it. They are checked before the commit."""
    cfg = _alembic_config()
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.execution_options(silkterm_write=True).begin():
                cfg.attributes["connection"] = conn
                run(cfg)
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseError("migration left rows pointing at missing rows; nothing was changed")
        except OperationalError as exc:
            raise _translate(exc) from None
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def open_database(target: str | None = None, *, migrate: bool = True,
                  announce: Callable[[Database, str], None] | None = None) -> Database:
    """Open (and create or upgrade when ``migrate``) the database named by ``target``; ``announce``
    is called (see :func:`upgrade_schema`) before an existing database is upgraded.

    Raises :class:`DatabaseError` for a file that is not ours or has a newer schema, and
    :class:`DatabaseBusyError` when it stays locked.
    """
    url, is_default = resolve_target(target)
    where = make_url(url).database if url.startswith("sqlite") else make_url(url).render_as_string(hide_password=True)
    if url.startswith("sqlite"):
        _check_sqlite_file(url)
    engine = _make_engine(url)
    try:
        current = _check_ours(engine, str(where))
    except Exception:
        engine.dispose()
        raise
    db = Database(url=url, engine=engine, is_default=is_default, created=current is None)
    if migrate:
        upgrade_schema(db, announce=announce)
    return db


def param_mark(conn: Connection) -> str:
    """The positional placeholder of the connection's DB-API driver (``?`` for SQLite, ``%s`` otherwise)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def bump_revision(session: Session) -> None:
    """Advance the data revision counter (in-memory caches compare it to know they are stale)."""
    session.execute(text(
        "UPDATE silkterm_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision'"))


def data_revision(session: Session) -> int:
    """The current data revision counter."""
    return int(session.execute(text("SELECT value FROM silkterm_meta WHERE key = 'revision'")).scalar_one())
