"""``tm_unit.hash`` is unique through a named index (``ix_tm_unit_hash``) instead of a table constraint.

A constraint's index cannot be dropped; a named one can. An import into an empty translation
memory drops it, inserts, and builds it again at the end (one sort, about half a second per
million units) instead of inserting every content hash at a random place of the index, which
cost a large import more than its hash lookups and the units themselves.

On SQLite the table is rebuilt (a constraint cannot be removed in place) with foreign keys off,
as ``glossary.db`` runs every migration, under the names-only rename of ``legacy_alter_table``:
``tm_variant`` and ``tm_note`` keep pointing at ``tm_unit`` and dropping the old table deletes
nothing through ``ON DELETE CASCADE``. The AUTOINCREMENT counter is kept, so unit ids are still
never reused.

Revision ID: 0014_unit_hash_index
Revises: 0013_posting_parts
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_unit_hash_index"
down_revision = "0013_posting_parts"
branch_labels = None
depends_on = None

_COLUMNS = ("id, hash, origin_id, tuid, srclang, datatype, segtype, creationdate, creationid, changedate, "
            "changeid, attrs")


def _unit_table(name: str, *, unique_hash: bool) -> None:
    """``tm_unit`` as 0007 made it, with or without the UNIQUE constraint on ``hash``."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hash", sa.String(32), nullable=False, unique=unique_hash),
        sa.Column("origin_id", sa.Integer(), sa.ForeignKey("tm_origin.id", ondelete="SET NULL")),
        sa.Column("tuid", sa.Text()),
        sa.Column("srclang", sa.String(64)),
        sa.Column("datatype", sa.String(64)),
        sa.Column("segtype", sa.String(16)),
        sa.Column("creationdate", sa.String(32)),
        sa.Column("creationid", sa.Text()),
        sa.Column("changedate", sa.String(32)),
        sa.Column("changeid", sa.Text()),
        sa.Column("attrs", sa.JSON()),
        sqlite_autoincrement=True,
    )


def _rebuild_sqlite(*, unique_hash: bool) -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():  # dropping the old table would cascade
        raise RuntimeError("0014 rebuilds tm_unit: run it with foreign keys off (glossary.db migrates so)")
    seq = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'tm_unit'").scalar()
    _unit_table("tm_unit_new", unique_hash=unique_hash)
    bind.exec_driver_sql(f"INSERT INTO tm_unit_new ({_COLUMNS}) SELECT {_COLUMNS} FROM tm_unit ORDER BY id")
    bind.exec_driver_sql("PRAGMA legacy_alter_table = ON")  # rename the table, not the references to it
    try:
        bind.exec_driver_sql("ALTER TABLE tm_unit RENAME TO tm_unit_old")
        bind.exec_driver_sql("ALTER TABLE tm_unit_new RENAME TO tm_unit")
    finally:
        bind.exec_driver_sql("PRAGMA legacy_alter_table = OFF")
    bind.exec_driver_sql("DROP TABLE tm_unit_old")
    if seq is not None:
        bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'tm_unit'")
        bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES ('tm_unit', ?)", (seq,))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(unique_hash=False)
    else:
        op.drop_constraint("tm_unit_hash_key", "tm_unit", type_="unique")
    op.create_index("ix_tm_unit_hash", "tm_unit", ["hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_tm_unit_hash", table_name="tm_unit")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(unique_hash=True)
    else:
        op.create_unique_constraint("tm_unit_hash_key", "tm_unit", ["hash"])
