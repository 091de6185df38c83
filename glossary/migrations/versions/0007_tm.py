"""Translation memory: units, variants, notes and props, origins, and the matching index.

``tm_key`` holds one matching key per variant under a packed id (language id << 52 | key length
<< 32 | variant id), so "this language, keys between these lengths" is one rowid range of the
FTS5 trigram index. A second FTS5 index (unicode61 over the key with its characters spaced)
finds one- and two-character Chinese strings, which a trigram index cannot.

Revision ID: 0007_tm
Revises: 0006_trigram_stats
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_tm"
down_revision = "0006_trigram_stats"
branch_labels = None
depends_on = None

_DATES = ("creationdate", "creationid", "changedate", "changeid")


def _admin_columns() -> list[sa.Column]:
    """TMX creation/change date and user columns (new objects for each table)."""
    return [sa.Column(name, sa.String(32) if name.endswith("date") else sa.Text()) for name in _DATES]


def upgrade() -> None:
    op.create_table(
        "tm_lang",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tag", sa.String(35), nullable=False, unique=True),
    )
    op.create_table(
        "tm_origin",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text()),
        sa.Column("header", sa.JSON()),
        sa.Column("header_xml", sa.Text()),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(100), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("merged", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer(), nullable=False, server_default="0"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "tm_unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hash", sa.String(32), nullable=False, unique=True),
        sa.Column("origin_id", sa.Integer(), sa.ForeignKey("tm_origin.id", ondelete="SET NULL")),
        sa.Column("tuid", sa.Text()),
        sa.Column("srclang", sa.String(64)),
        sa.Column("datatype", sa.String(64)),
        sa.Column("segtype", sa.String(16)),
        *_admin_columns(),
        sa.Column("attrs", sa.JSON()),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "tm_variant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("tm_unit.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(35), nullable=False),
        sa.Column("lang_tag", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("markup", sa.Text()),
        *_admin_columns(),
        sa.Column("attrs", sa.JSON()),
    )
    op.create_index("ix_tm_variant_unit_id", "tm_variant", ["unit_id"])
    op.create_table(
        "tm_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("tm_unit.id", ondelete="CASCADE"), nullable=False),
        sa.Column("variant_id", sa.Integer(), sa.ForeignKey("tm_variant.id", ondelete="CASCADE")),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(4), nullable=False),
        sa.Column("type", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attrs", sa.JSON()),
    )
    op.create_index("ix_tm_note_unit_id", "tm_note", ["unit_id"])
    op.create_table(
        "tm_key",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("han", sa.Text()),
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    # Single trigrams are all the trigram index is asked for: no positions (detail=none), no sizes.
    op.execute("CREATE VIRTUAL TABLE tm_key_fts USING fts5(key, content='tm_key', content_rowid='id', "
               "tokenize='trigram', detail=none, columnsize=0)")
    # Two-character phrases need positions here.
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
    op.create_table(
        "tm_trigram_df",
        sa.Column("gram", sa.Text(), primary_key=True),
        sa.Column("doc", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_table("tm_trigram_df")
        op.execute("DROP TRIGGER IF EXISTS tm_key_ad")
        op.execute("DROP TRIGGER IF EXISTS tm_key_ai")
        for table in ("tm_key_fts_vocab", "tm_han_fts", "tm_key_fts"):
            op.execute(f"DROP TABLE IF EXISTS {table}")
    for table in ("tm_key", "tm_note", "tm_variant", "tm_unit", "tm_origin", "tm_lang"):
        op.drop_table(table)
