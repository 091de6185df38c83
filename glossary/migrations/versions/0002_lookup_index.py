"""Lookup index: matching keys per term, and an FTS5 trigram index for substring search on SQLite.

The keys are filled by the application (``glossary.indexing``), which re-indexes whenever the stored
``key_version`` differs from the code's, so this migration only creates the structures.

Revision ID: 0002_lookup_index
Revises: 0001_core
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_lookup_index"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("term_id", sa.Integer(), sa.ForeignKey("term.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
    )
    op.create_index("ix_term_key_term_id", "term_key", ["term_id"])
    op.create_index("ix_term_key_key", "term_key", ["key", "kind"])
    op.execute("INSERT INTO silkterm_meta (key, value) VALUES ('key_version', '0')")
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 over the normalized keys only; triggers keep it in step.
        op.execute(
            "CREATE VIRTUAL TABLE term_key_fts USING fts5("
            "key, content='term_key', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER term_key_fts_ai AFTER INSERT ON term_key WHEN new.kind = 'norm' BEGIN "
            "INSERT INTO term_key_fts (rowid, key) VALUES (new.id, new.key); END"
        )
        op.execute(
            "CREATE TRIGGER term_key_fts_ad AFTER DELETE ON term_key WHEN old.kind = 'norm' BEGIN "
            "INSERT INTO term_key_fts (term_key_fts, rowid, key) VALUES ('delete', old.id, old.key); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS term_key_fts_ad")
        op.execute("DROP TRIGGER IF EXISTS term_key_fts_ai")
        op.execute("DROP TABLE IF EXISTS term_key_fts")
    op.execute("DELETE FROM silkterm_meta WHERE key = 'key_version'")
    op.drop_table("term_key")
