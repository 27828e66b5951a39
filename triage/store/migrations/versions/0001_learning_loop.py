"""The learning loop: kept triage outcomes and feedback.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "triage_outcomes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("ticket", sa.Text(), nullable=False),
        sa.Column("finding_ids", sa.String(2000), nullable=False),
        sa.Column("top_confidence", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
    )
    op.create_index("ix_triage_outcomes_created_at", "triage_outcomes", ["created_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome_id", sa.Integer(), sa.ForeignKey("triage_outcomes.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("vote", sa.Integer(), nullable=False),
    )
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.create_index("ix_feedback_outcome_id", "feedback", ["outcome_id"])


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("triage_outcomes")
