"""``tm_posting`` becomes an ordinary (rowid) table; its key (segment, gram, part) stays unique
through the index SQLite makes for the primary key.

A WITHOUT ROWID table is a B-tree of its key with the whole row in it, and such a tree keeps at
most about a quarter of a page of a row in place: a list of 1–4 KB (most of a large import's
lists) put its tail on an overflow page of its own. A million-unit TM took 650 MB of pages for
380 MB of lists, and writing them was a sixth of its import. A rowid table keeps a row of up to
a page in place; the rows of one part are appended side by side. Reading a gram is still one
range, of the key's index, plus one lookup per part.

On PostgreSQL nothing changes (a table there is never clustered on its key).

Revision ID: 0015_posting_rowid
Revises: 0014_unit_hash_index
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_posting_rowid"
down_revision = "0014_unit_hash_index"
branch_labels = None
depends_on = None


def _rebuild_sqlite(*, with_rowid: bool) -> None:
    op.create_table(
        "tm_posting_new",
        sa.Column("segment", sa.Integer(), primary_key=True),
        sa.Column("gram", sa.BigInteger(), primary_key=True),
        sa.Column("part", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("ids", sa.LargeBinary(), nullable=False),
        sqlite_with_rowid=with_rowid,
    )
    op.get_bind().exec_driver_sql("INSERT INTO tm_posting_new (segment, gram, part, ids) "
                                  "SELECT segment, gram, part, ids FROM tm_posting ORDER BY segment, gram, part")
    op.drop_table("tm_posting")
    op.rename_table("tm_posting_new", "tm_posting")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(with_rowid=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(with_rowid=False)
