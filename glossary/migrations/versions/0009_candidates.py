"""Term candidates: names extracted from documents, waiting to be approved, merged or rejected.

Revision ID: 0009_candidates
Revises: 0008_exchange
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_candidates"
down_revision = "0008_exchange"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lang", sa.String(35), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("frequency", sa.Integer(), nullable=False),
        sa.Column("forms", sa.JSON(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("concept_id", sa.Integer(), sa.ForeignKey("concept.id", ondelete="SET NULL")),
        sa.Column("score", sa.Float()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("uq_candidate_lang_key", "candidate", ["lang", "key"], unique=True)
    op.create_index("ix_candidate_state", "candidate", ["state"])


def downgrade() -> None:
    op.drop_index("ix_candidate_state", table_name="candidate")
    op.drop_index("uq_candidate_lang_key", table_name="candidate")
    op.drop_table("candidate")
