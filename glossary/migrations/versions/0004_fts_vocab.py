"""Trigram document frequencies for substring and fuzzy lookup (SQLite ``fts5vocab``).

Lookup picks the rarest trigrams of a query to fetch candidates from the FTS5 index instead of
reading the long doclists of common trigrams ("bek", "ion"), and instead of an in-memory pool.

Revision ID: 0004_fts_vocab
Revises: 0003_packs
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004_fts_vocab"
down_revision = "0003_packs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE term_key_fts_vocab USING fts5vocab(term_key_fts, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS term_key_fts_vocab")
