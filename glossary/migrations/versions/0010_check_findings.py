"""Stored consistency-check findings: one row per stable fingerprint, with its review state.

Revision ID: 0010_check_findings
Revises: 0009_candidates
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_check_findings"
down_revision = "0009_candidates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_finding",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("check_id", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer()),
        sa.Column("lang", sa.String(35)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("concept_id", sa.Integer()),
        sa.Column("expected", sa.Text()),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("context", sa.Text()),
        sa.Column("places", sa.JSON()),
        sa.Column("state", sa.String(8), nullable=False, server_default="open"),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state_by", sa.String(100)),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_check_finding_state", "check_finding", ["state", "check_id"])
    op.create_index("ix_check_finding_scope", "check_finding", ["scope"])


def downgrade() -> None:
    op.drop_index("ix_check_finding_scope", "check_finding")
    op.drop_index("ix_check_finding_state", "check_finding")
    op.drop_table("check_finding")
