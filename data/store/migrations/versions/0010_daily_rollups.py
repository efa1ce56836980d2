"""daily rollups (traffic per segment, environment per station and parameter, the daily VN_AQI, camera events
per kind) and each incident's milestones on its row, with the index the "state at a moment" reads need

Revision ID: 0010
Revises: 0007

The daily tables start empty: `cityops migrate` (data.wiring.setup) fills them from the stored rows when a
database has readings but no daily rollups, since a local day needs the city pack's UTC offset.
"""

import sqlalchemy as sa
from alembic import op

import data.store.db

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen copies of data.rules.lifecycle at the time of this revision.
ACKNOWLEDGED, RESOLVED, ENDED = "acknowledged", "resolved", ("resolved", "rejected", "duplicate")


def upgrade() -> None:
    op.create_table(
        "traffic_daily",
        sa.Column("segment_code", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("ward_code", sa.String(24)),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("speed_sum", sa.Double(), nullable=False),
        sa.Column("ratio_sum", sa.Double(), nullable=False),
        sa.Column("volume_sum", sa.Double(), nullable=False),
        sa.Column("volume_n", sa.Integer(), nullable=False),
    )
    op.create_index("ix_traffic_daily_day_ward", "traffic_daily", ["day", "ward_code"])
    op.create_table(
        "env_daily",
        sa.Column("station_code", sa.String(32), primary_key=True),
        sa.Column("parameter", sa.String(24), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("ward_code", sa.String(24)),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("value_sum", sa.Double(), nullable=False),
        sa.Column("value_min", sa.Double(), nullable=False),
        sa.Column("value_max", sa.Double(), nullable=False),
    )
    op.create_index("ix_env_daily_day", "env_daily", ["day", "parameter"])
    op.create_table(
        "env_daily_aqi",
        sa.Column("station_code", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("ward_code", sa.String(24)),
        sa.Column("aqi", sa.Integer()),
        sa.Column("dominant", sa.String(8)),
        *[sa.Column(f"aqi_{p}", sa.Integer()) for p in ("pm25", "pm10", "o3", "co", "so2", "no2")],
    )
    op.create_index("ix_env_daily_aqi_day", "env_daily_aqi", ["day"])
    op.create_table(
        "camera_events_daily",
        sa.Column("camera_code", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("ward_code", sa.String(24)),
        sa.Column("events", sa.Integer(), nullable=False),
    )
    op.create_index("ix_camera_events_daily_day", "camera_events_daily", ["day", "kind"])

    with op.batch_alter_table("incidents") as batch_op:
        for name in ("acknowledged_at", "resolved_at", "ended_at"):
            batch_op.add_column(sa.Column(name, data.store.db.UTCDateTime(), nullable=True))
    op.create_index("ix_incidents_updated_at", "incidents", ["updated_at"])
    ended = ", ".join(f"'{s}'" for s in ENDED)
    for column, condition in (("acknowledged_at", f"= '{ACKNOWLEDGED}'"), ("resolved_at", f"= '{RESOLVED}'"),
                              ("ended_at", f"IN ({ended})")):
        op.execute(f"UPDATE incidents SET {column} = (SELECT min(e.ts) FROM incident_events e "
                   f"WHERE e.incident_id = incidents.id AND e.to_status {condition})")


def downgrade() -> None:
    op.drop_index("ix_incidents_updated_at", "incidents")
    with op.batch_alter_table("incidents") as batch_op:
        for name in ("ended_at", "resolved_at", "acknowledged_at"):
            batch_op.drop_column(name)
    for table in ("camera_events_daily", "env_daily_aqi", "env_daily", "traffic_daily"):
        op.drop_table(table)
