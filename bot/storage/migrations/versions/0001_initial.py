"""People, exercise assignments, feedback, plans and safety flags.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _person_fk() -> sa.Column:
    return sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_people_person_key", "people", ["person_key"], unique=True)
    op.create_index("ix_people_last_seen_at", "people", ["last_seen_at"])

    op.create_table(
        "exercise_assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("stage", sa.String(32)),
        sa.Column("offered_at", sa.DateTime, nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
    )
    op.create_index("ix_exercise_assignments_person_id", "exercise_assignments", ["person_id"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("helpfulness", sa.SmallInteger),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_feedback_person_id", "feedback", ["person_id"])
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("frequency", sa.String(80), nullable=False),
        sa.Column("check_in_on", sa.Date, nullable=False),
        sa.Column("success_signs", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_plans_person_id", "plans", ["person_id"])
    op.create_index("ix_plans_active", "plans", ["active"])

    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("done_on", sa.Date),
    )
    op.create_index("ix_plan_items_plan_id", "plan_items", ["plan_id"])

    op.create_table(
        "safety_flags",
        sa.Column("id", sa.Integer, primary_key=True),
        _person_fk(),
        sa.Column("flag", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_safety_flags_person_id", "safety_flags", ["person_id"])


def downgrade() -> None:
    for table in ("safety_flags", "plan_items", "plans", "feedback", "exercise_assignments", "people"):
        op.drop_table(table)
