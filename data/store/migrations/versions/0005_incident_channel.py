"""incidents carry the channel they came in by (citizen report, hotline, camera AI, sensor, operator, other)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The same mapping as data.domains.incidents.records.SOURCE_CHANNELS at the time of this revision (migrations stay frozen).
SOURCE_CHANNELS = {"open311": "citizen_report", "citizen_app": "citizen_report", "hotline": "hotline",
                   "camera_ai": "camera_ai", "rules": "sensor", "sensor": "sensor", "operator": "operator"}


def upgrade() -> None:
    op.add_column("incidents", sa.Column("channel", sa.String(16), nullable=False, server_default="other"))
    incidents = sa.table("incidents", sa.column("source", sa.String), sa.column("channel", sa.String))
    for source, channel in SOURCE_CHANNELS.items():
        op.execute(incidents.update().where(incidents.c.source == source).values(channel=channel))
    op.create_index("ix_incidents_channel", "incidents", ["channel"])


def downgrade() -> None:
    op.drop_index("ix_incidents_channel", "incidents")
    with op.batch_alter_table("incidents") as batch_op:
        batch_op.drop_column("channel")
