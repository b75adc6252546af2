"""Safety flags that the person can correct (kept for review), and private safety plans.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safety_flags") as table:
        # "plain": said in words the rules know; "model": noticed by the learned model only.
        table.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="plain"))
        table.add_column(sa.Column("noticed", sa.String(160), nullable=False, server_default=""))
        # Set when the person corrected it; the row stays for review.
        table.add_column(sa.Column("lifted_at", sa.DateTime, nullable=True))
    op.create_table(
        "safety_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sections", sa.Text, nullable=False),  # JSON: the six parts, in order
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_safety_plans_person_id", "safety_plans", ["person_id"], unique=True)


def downgrade() -> None:
    op.drop_table("safety_plans")
    with op.batch_alter_table("safety_flags") as table:
        table.drop_column("lifted_at")
        table.drop_column("noticed")
        table.drop_column("source")
