"""Lazily opened services shared by the commands of one CLI invocation."""

from __future__ import annotations

from functools import cached_property

import click

from glossary.db import Database, open_database
from glossary.indexing import ensure_index
from glossary.lookup import Lookup
from glossary.service import TermbaseService


class AppContext:
    """Opens the database on first use; fills a brand-new default database from the bundled pack."""

    def __init__(self, db_target: str | None) -> None:
        self.db_target = db_target
        self._db: Database | None = None

    @cached_property
    def db(self) -> Database:
        """The open database (created, migrated and indexed as needed)."""
        self._db = open_database(self.db_target, announce=self._announce_upgrade)
        ensure_index(self._db)
        if self._db.created and self._db.is_default:
            self._fill_default(self._db)
        return self._db

    @cached_property
    def service(self) -> TermbaseService:
        """The termbase service."""
        return TermbaseService(self.db)

    @cached_property
    def lookup(self) -> Lookup:
        """The lookup engine."""
        return Lookup(self.db, self.service)

    @staticmethod
    def _announce_upgrade(db: Database, revision: str) -> None:
        """An existing file from an older silkterm is migrated first: say so (it may take a while)."""
        where = db.url.removeprefix("sqlite:///")
        click.echo(f"silkterm: upgrading {where} to schema {revision} (a large translation memory takes "
                   "a while; SQLite files are backed up first)", err=True)

    def _fill_default(self, db: Database) -> None:
        from sources.packs import DEFAULT_PACK
        from sources.packs.loader import load_pack
        from sources.packs.sync import sync_pack

        report = sync_pack(TermbaseService(db, author="silkterm"), load_pack(DEFAULT_PACK))
        where = db.url.removeprefix("sqlite:///")
        click.echo(f"silkterm: created {where} with the bundled glossary ({len(report.added)} concepts)", err=True)

    def close(self) -> None:
        """Release database connections."""
        if self._db is not None:
            self._db.dispose()
