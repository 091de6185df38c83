"""Term packs: which concept each bundled-pack entry became and the entry hash last applied.

Revision ID: 0003_packs
Revises: 0002_lookup_index
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_packs"
down_revision = "0002_lookup_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_entry",
        sa.Column("pack", sa.String(64), primary_key=True),
        sa.Column("entry_key", sa.String(128), primary_key=True),
        sa.Column("concept_id", sa.Integer(), nullable=False),
        sa.Column("applied_hash", sa.String(64), nullable=False),
        sa.Column("applied_version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_pack_entry_concept_id", "pack_entry", ["concept_id"])


def downgrade() -> None:
    op.drop_table("pack_entry")
