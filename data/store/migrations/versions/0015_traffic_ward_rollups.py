"""traffic rollups per ward (hourly and daily), filled from the per-segment rollups: the city's and a ward's
questions read one row per ward and hour (or day) instead of one per segment (3,532 segments in the province).
Segments outside every ward count under ward_code "".

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

import data.store.db

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SUMS = ("n", "speed_sum", "ratio_sum", "volume_sum", "volume_n")


def _columns(time_column: sa.Column) -> list[sa.Column]:
    return [sa.Column("ward_code", sa.String(24), primary_key=True), time_column,
            sa.Column("n", sa.Integer(), nullable=False), sa.Column("speed_sum", sa.Double(), nullable=False),
            sa.Column("ratio_sum", sa.Double(), nullable=False), sa.Column("volume_sum", sa.Double(), nullable=False),
            sa.Column("volume_n", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table("traffic_ward_hourly",
                    *_columns(sa.Column("hour", data.store.db.UTCDateTime(timezone=True), primary_key=True)))
    op.create_index("ix_traffic_ward_hourly_hour", "traffic_ward_hourly", ["hour"])
    op.create_table("traffic_ward_daily", *_columns(sa.Column("day", sa.Date(), primary_key=True)))
    op.create_index("ix_traffic_ward_daily_day", "traffic_ward_daily", ["day"])
    op.execute("INSERT INTO traffic_ward_hourly (ward_code, hour, n, speed_sum, ratio_sum, volume_sum, volume_n) "
               "SELECT COALESCE(h.ward_code, ''), h.hour, SUM(h.n), SUM(h.speed_sum), "
               "SUM(h.speed_sum / s.free_flow_kmh), SUM(h.volume_sum), SUM(h.volume_n) "
               "FROM traffic_hourly h JOIN road_segments s ON s.code = h.segment_code "
               "GROUP BY COALESCE(h.ward_code, ''), h.hour")
    op.execute(f"INSERT INTO traffic_ward_daily (ward_code, day, {', '.join(SUMS)}) "
               f"SELECT COALESCE(ward_code, ''), day, {', '.join(f'SUM({c})' for c in SUMS)} "
               "FROM traffic_daily GROUP BY COALESCE(ward_code, ''), day")


def downgrade() -> None:
    op.drop_table("traffic_ward_daily")
    op.drop_table("traffic_ward_hourly")
