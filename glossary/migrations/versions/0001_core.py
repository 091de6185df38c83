"""Core termbase: concepts, terms, change history, owner marker.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

def _stamp() -> list[sa.Column]:
    """Created/modified time and author columns (new objects for each table)."""
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_by", sa.String(100), nullable=False),
    ]


def upgrade() -> None:
    meta = op.create_table(
        "silkterm_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.bulk_insert(meta, [{"key": "owner", "value": "silkterm"}, {"key": "revision", "value": "0"}])
    op.create_table(
        "concept",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(200)),
        sa.Column("definition", sa.Text()),
        sa.Column("note", sa.Text()),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("code", sa.String(32)),
        *_stamp(),
        sqlite_autoincrement=True,  # ids are never reused: history, undo and packs refer to them
    )
    op.create_index("ix_concept_category", "concept", ["category"])
    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("concept_id", sa.Integer(), sa.ForeignKey("concept.id", ondelete="CASCADE"), nullable=False),
        sa.Column("lang", sa.String(35), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("gender", sa.String(10)),
        sa.Column("number", sa.String(10)),
        *_stamp(),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_term_concept_id", "term", ["concept_id"])
    op.create_index("ix_term_text", "term", ["text"])
    op.create_index(
        "uq_term_one_preferred", "term", ["concept_id", "lang"], unique=True,
        sqlite_where=sa.text("status = 'preferred'"), postgresql_where=sa.text("status = 'preferred'"),
    )
    op.create_table(
        "change_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("undo_of", sa.Integer()),
    )
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("change_batch.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("entity", sa.String(8), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON()),
        sa.Column("after", sa.JSON()),
    )
    op.create_index("ix_change_batch_id", "change", ["batch_id"])
    op.create_index("ix_change_concept_id", "change", ["concept_id"])


def downgrade() -> None:
    for table in ("change", "change_batch", "term", "concept", "silkterm_meta"):
        op.drop_table(table)
