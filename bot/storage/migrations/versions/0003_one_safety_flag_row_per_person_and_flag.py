"""One safety flag row per person and flag: a unique constraint, so two simultaneous turns that
notice the same risk keep one row (bot/storage/repository.py upserts against it).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CONSTRAINT = "uq_safety_flags_person_id_flag"


def _merge_duplicates() -> None:
    """Rows the old check-then-insert doubled: the oldest stays, in force if any copy was."""
    op.execute(
        sa.text(
            "UPDATE safety_flags SET lifted_at = NULL WHERE id IN ("
            " SELECT MIN(id) FROM safety_flags GROUP BY person_id, flag"
            " HAVING COUNT(*) > 1 AND COUNT(lifted_at) < COUNT(*))"
        )
    )
    op.execute(
        sa.text(
            "DELETE FROM safety_flags WHERE id NOT IN ("
            " SELECT kept.id FROM (SELECT MIN(id) AS id FROM safety_flags GROUP BY person_id, flag) AS kept)"
        )
    )


def upgrade() -> None:
    _merge_duplicates()
    with op.batch_alter_table("safety_flags") as table:
        table.create_unique_constraint(CONSTRAINT, ["person_id", "flag"])


def downgrade() -> None:
    with op.batch_alter_table("safety_flags") as table:
        table.drop_constraint(CONSTRAINT, type_="unique")
