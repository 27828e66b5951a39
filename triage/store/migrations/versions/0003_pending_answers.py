"""Answers awaiting a rating or a "Share in channel" click, in the store so that any worker takes any click.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_answers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered", sa.Text(), nullable=False),
        sa.Column("shared", sa.Text(), nullable=True),
        sa.Column("rated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_pending_answers_expires_at", "pending_answers", ["expires_at"])


def downgrade() -> None:
    op.drop_table("pending_answers")
