"""department indicators (catalogue and reported values) and the targets of the leaders' board

Revision ID: 0011
Revises: 0010

The catalogue and the targets start empty: `cityops migrate` loads them from the city pack (targets only where
none is stored yet, so admins' edits stay).
"""

import sqlalchemy as sa
from alembic import op

import data.store.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicators",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name_vi", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("pillar", sa.String(16), nullable=False),
        sa.Column("unit_vi", sa.String(32), nullable=False),
        sa.Column("unit_en", sa.String(32), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("better", sa.String(8), nullable=False),
        sa.Column("max_value", sa.Double()),
        sa.Column("department_vi", sa.String(200), nullable=False),
        sa.Column("department_en", sa.String(200), nullable=False),
    )
    op.create_table(
        "indicator_values",
        sa.Column("indicator_code", sa.String(32), primary_key=True),
        sa.Column("period_start", sa.Date(), primary_key=True),
        sa.Column("scope", sa.String(24), primary_key=True),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("reported_at", data.store.db.UTCDateTime(), nullable=False),
        sa.Column("simulated", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_index("ix_indicator_values_period", "indicator_values", ["period_start", "indicator_code"])
    op.create_table(
        "kpi_targets",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("target", sa.Double()),
        sa.Column("amber", sa.Double()),
        sa.Column("better", sa.String(8), nullable=False),
        sa.Column("placeholder", sa.Boolean(), nullable=False),
        sa.Column("updated_at", data.store.db.UTCDateTime()),
        sa.Column("updated_by", sa.String(80)),
    )


def downgrade() -> None:
    op.drop_table("kpi_targets")
    op.drop_index("ix_indicator_values_period", table_name="indicator_values")
    op.drop_table("indicator_values")
    op.drop_table("indicators")
