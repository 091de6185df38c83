"""Glossary exchange (TBX, CSV): data categories silkterm does not model, and where concepts came from.

``attrs`` (JSON, on concepts and terms) keeps what an imported file said that has no column of
its own (a TBX ``xref``, a ``descripGrp``, a second ``transacGrp`` ...), so an export writes it
back. ``concept_origin`` remembers which concept each entry of an imported file became (the TBX
concept id, or a CSV row's content hash, per origin), so importing the same file again adds
nothing; it follows its concept on delete.

Revision ID: 0008_exchange
Revises: 0007_tm
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_exchange"
down_revision = "0007_tm"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("concept", sa.Column("attrs", sa.JSON(), nullable=True))
    op.add_column("term", sa.Column("attrs", sa.JSON(), nullable=True))
    op.create_table(
        "concept_origin",
        sa.Column("origin", sa.String(200), primary_key=True),
        sa.Column("entry_id", sa.Text(), primary_key=True),
        sa.Column("concept_id", sa.Integer(), sa.ForeignKey("concept.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_concept_origin_concept_id", "concept_origin", ["concept_id"])


def downgrade() -> None:
    op.drop_index("ix_concept_origin_concept_id", table_name="concept_origin")
    op.drop_table("concept_origin")
    with op.batch_alter_table("term") as batch:
        batch.drop_column("attrs")
    with op.batch_alter_table("concept") as batch:
        batch.drop_column("attrs")
