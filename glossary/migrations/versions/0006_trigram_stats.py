"""Persisted trigram document frequencies, so lookup finds rare grams with primary-key reads.

``fts5vocab`` computes a document count by walking the gram's whole doclist (about 1 ms for a
common gram on 400,000 terms); lookup needs a dozen or two of them per query. The table is filled
from ``fts5vocab`` in bulk (re-index, pack loads, large imports); grams it lacks are still looked
up one by one, so single edits need no refresh.

Revision ID: 0006_trigram_stats
Revises: 0005_fts_pinyin
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_trigram_stats"
down_revision = "0005_fts_pinyin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        "trigram_df",
        sa.Column("gram", sa.Text(), primary_key=True),
        sa.Column("doc", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO trigram_df (gram, doc) SELECT term, doc FROM term_key_fts_vocab")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_table("trigram_df")
