"""the per-ward hourly traffic rollup counts its segment-hours and the slow ones (mean speed under half of free
flow, the congestion KPI's): the board's congestion (the city's and its ward table) reads a row per ward and hour
instead of one per segment. Counted from the per-segment hours.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SLOW_RATIO = 0.5  # data.domains.traffic.models.SLOW_RATIO when this was written


def upgrade() -> None:
    with op.batch_alter_table("traffic_ward_hourly") as table:
        table.add_column(sa.Column("segment_hours", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("slow_hours", sa.Integer(), nullable=False, server_default="0"))
    op.execute("DELETE FROM traffic_ward_hourly")
    op.execute("INSERT INTO traffic_ward_hourly (ward_code, hour, n, speed_sum, ratio_sum, volume_sum, volume_n, "
               "segment_hours, slow_hours) "
               "SELECT COALESCE(h.ward_code, ''), h.hour, SUM(h.n), SUM(h.speed_sum), "
               "SUM(h.speed_sum / s.free_flow_kmh), SUM(h.volume_sum), SUM(h.volume_n), COUNT(*), "
               f"SUM(CASE WHEN h.speed_sum < {SLOW_RATIO} * s.free_flow_kmh * h.n THEN 1 ELSE 0 END) "
               "FROM traffic_hourly h JOIN road_segments s ON s.code = h.segment_code "
               "GROUP BY COALESCE(h.ward_code, ''), h.hour")


def downgrade() -> None:
    with op.batch_alter_table("traffic_ward_hourly") as table:
        table.drop_column("slow_hours")
        table.drop_column("segment_hours")
