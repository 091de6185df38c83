"""``silkterm db …``: schema migrations, database facts and the bundled term pack."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.cli.context import AppContext
from glossary.db import open_database, schema_revisions, upgrade_schema
from glossary.indexing import ensure_index


@click.group("db")
def db_group() -> None:
    """Database maintenance: upgrade the schema, show facts, load the bundled glossary."""


@db_group.command("upgrade")
@click.pass_obj
def db_upgrade(app: AppContext) -> None:
    """Migrate the database schema in place to this version of silkterm (SQLite files are backed up first).

    \b
    Example:
      silkterm --db team.db db upgrade
    """
    db = open_database(app.db_target, migrate=False)
    try:
        before, after = upgrade_schema(db)
        ensure_index(db)
    finally:
        db.dispose()
    click.echo(f"schema {before or '(none)'} → {after}" if before != after else f"schema is up to date ({after})")


@db_group.command("info")
@click.pass_obj
def db_info(app: AppContext) -> None:
    """Show where the database is, its schema revision and what it holds.

    \b
    Example:
      silkterm db info
    """
    db = app.db
    current, head = schema_revisions(db.engine)
    concepts, terms = app.service.count()
    click.echo(f"database: {db.url}\nschema:   {current} (this silkterm: {head})\n"
               f"concepts: {concepts}\nterms:    {terms}")


@db_group.command("load-pack")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def db_load_pack(app: AppContext, folder: Path | None) -> None:
    """Load or update a term pack (default: the bundled China–Central Asia glossary).

    Loading twice changes nothing; a newer pack updates concepts you have not edited and
    keeps your edits where you have (conflicts are listed).

    \b
    Example:
      silkterm --db work.db db load-pack
    """
    from sources.packs import DEFAULT_PACK
    from sources.packs.loader import load_pack
    from sources.packs.sync import sync_pack

    report = sync_pack(app.service, load_pack(folder or DEFAULT_PACK))
    click.echo(report.summary())
    for label, keys in (("conflict (your version kept)", report.conflicts),
                        ("deleted by you, not re-created", report.deleted_by_user)):
        for key in keys:
            click.echo(f"  {label}: {key}")
