"""drop seed_runs: never written (seeding is idempotent and needs no bookkeeping)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("seed_runs")


def downgrade() -> None:
    op.create_table("seed_runs", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
                    sa.Column("city", sa.String(32), nullable=False), sa.Column("start", sa.DateTime(), nullable=False),
                    sa.Column("end", sa.DateTime(), nullable=False), sa.Column("finished", sa.Boolean(), nullable=False))
