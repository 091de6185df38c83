"""TM matching index: n-gram postings in segments instead of the FTS5 trigram and Han indexes.

``tm_segment`` lists a segment's variant ids with their (language id << 20 | key length) codes;
``tm_posting`` holds per (segment, gram) the sorted variant ids (uint32 little-endian) of the
segment's keys containing the gram; ``tm_gram_df`` counts the keys containing each gram. Grams are
integers of code points (see ``tm/postings.py``). The FTS5 tables and their triggers go: an import
no longer pays for them row by row. Existing keys are indexed again here.

Revision ID: 0011_tm_postings
Revises: 0010_check_findings
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_tm_postings"
down_revision = "0010_check_findings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS tm_key_ad")
        op.execute("DROP TRIGGER IF EXISTS tm_key_ai")
        for table in ("tm_key_fts_vocab", "tm_han_fts", "tm_key_fts"):
            op.execute(f"DROP TABLE IF EXISTS {table}")
        op.drop_table("tm_trigram_df")
    op.create_table(
        "tm_segment",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("keys", sa.Integer(), nullable=False),
        sa.Column("vids", sa.LargeBinary(), nullable=False),
        sa.Column("codes", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "tm_posting",
        sa.Column("segment", sa.Integer(), primary_key=True),
        sa.Column("gram", sa.BigInteger(), primary_key=True),
        sa.Column("ids", sa.LargeBinary(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "tm_gram_df",
        sa.Column("gram", sa.Integer(), primary_key=True, autoincrement=False),  # INTEGER: the rowid
        sa.Column("df", sa.Integer(), nullable=False),
    )
    from tm.postings import reindex  # the index is built by the same code as every import

    reindex(op.get_bind())


def downgrade() -> None:
    for table in ("tm_gram_df", "tm_posting", "tm_segment"):
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        "tm_trigram_df",
        sa.Column("gram", sa.Text(), primary_key=True),
        sa.Column("doc", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("CREATE VIRTUAL TABLE tm_key_fts USING fts5(key, content='tm_key', content_rowid='id', "
               "tokenize='trigram', detail=none, columnsize=0)")
    op.execute("CREATE VIRTUAL TABLE tm_han_fts USING fts5(han, content='tm_key', content_rowid='id', "
               "tokenize='unicode61', columnsize=0)")
    op.execute("CREATE VIRTUAL TABLE tm_key_fts_vocab USING fts5vocab(tm_key_fts, 'row')")
    op.execute(
        "CREATE TRIGGER tm_key_ai AFTER INSERT ON tm_key BEGIN "
        "INSERT INTO tm_key_fts (rowid, key) VALUES (new.id, new.key); "
        "INSERT INTO tm_han_fts (rowid, han) SELECT new.id, new.han WHERE new.han IS NOT NULL; END"
    )
    op.execute(
        "CREATE TRIGGER tm_key_ad AFTER DELETE ON tm_key BEGIN "
        "INSERT INTO tm_key_fts (tm_key_fts, rowid, key) VALUES ('delete', old.id, old.key); "
        "INSERT INTO tm_han_fts (tm_han_fts, rowid, han) SELECT 'delete', old.id, old.han "
        "WHERE old.han IS NOT NULL; END"
    )
    from tm.keys import spaced  # keys written since 0011 have no spaced copy: fill it in

    bind = op.get_bind()
    rows = bind.exec_driver_sql("SELECT id, key FROM tm_key WHERE han IS NULL").all()
    bind.exec_driver_sql("UPDATE tm_key SET han = ? WHERE id = ?",
                         [(spaced(key), key_id) for key_id, key in rows if spaced(key)])
    op.execute("INSERT INTO tm_key_fts (tm_key_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO tm_han_fts (tm_han_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO tm_trigram_df (gram, doc) SELECT term, doc FROM tm_key_fts_vocab")
