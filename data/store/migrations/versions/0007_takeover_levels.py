"""alert thresholds carry the level from which a rule's alerts take over the wall (admin-editable)

Revision ID: 0007
Revises: 0006 (after 0002)
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = "0002"  # alert_thresholds comes from the access-control branch


def upgrade() -> None:
    with op.batch_alter_table("alert_thresholds") as batch_op:
        batch_op.add_column(sa.Column("takeover", sa.Float(), nullable=True))
        # NULL: the rule's default; true: takes over from `takeover`; false: never takes over.
        batch_op.add_column(sa.Column("takeover_on", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_thresholds") as batch_op:
        batch_op.drop_column("takeover_on")
        batch_op.drop_column("takeover")
