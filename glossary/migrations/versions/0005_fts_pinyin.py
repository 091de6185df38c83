"""Put pinyin keys into the trigram index too, so misspelled pinyin gets a fuzzy fallback.

Revision ID: 0005_fts_pinyin
Revises: 0004_fts_vocab
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005_fts_pinyin"
down_revision = "0004_fts_vocab"
branch_labels = None
depends_on = None

_KINDS = {"old": "'norm'", "new": "'norm', 'pinyin'"}


def _triggers(kinds: str) -> None:
    op.execute("DROP TRIGGER IF EXISTS term_key_fts_ai")
    op.execute("DROP TRIGGER IF EXISTS term_key_fts_ad")
    op.execute(
        f"CREATE TRIGGER term_key_fts_ai AFTER INSERT ON term_key WHEN new.kind IN ({kinds}) BEGIN "
        "INSERT INTO term_key_fts (rowid, key) VALUES (new.id, new.key); END"
    )
    op.execute(
        f"CREATE TRIGGER term_key_fts_ad AFTER DELETE ON term_key WHEN old.kind IN ({kinds}) BEGIN "
        "INSERT INTO term_key_fts (term_key_fts, rowid, key) VALUES ('delete', old.id, old.key); END"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _triggers(_KINDS["new"])
    op.execute("INSERT INTO term_key_fts (rowid, key) SELECT id, key FROM term_key WHERE kind = 'pinyin'")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "INSERT INTO term_key_fts (term_key_fts, rowid, key) "
        "SELECT 'delete', id, key FROM term_key WHERE kind = 'pinyin'"
    )
    _triggers(_KINDS["old"])
