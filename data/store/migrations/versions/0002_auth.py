"""access control, audit trail, alert rules, dispatch units and merges

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import data.store.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", data.store.db.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "display_tokens",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", data.store.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", ID, primary_key=True),
        sa.Column("ts", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
    )
    op.create_index("ix_audit_log_ts", "audit_log", ["ts"])
    op.create_index("ix_audit_log_actor_ts", "audit_log", ["actor", "ts"])
    op.create_table(
        "alert_thresholds",
        sa.Column("rule", sa.String(40), primary_key=True),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
    )
    op.create_table(
        "alert_actions",
        sa.Column("alert_id", ID, sa.ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("action", sa.String(16), primary_key=True),
        sa.Column("ts", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("incident_id", sa.BigInteger(), nullable=True),
    )
    op.create_table(
        "incident_event_units",
        sa.Column("event_id", ID, sa.ForeignKey("incident_events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("unit_code", sa.String(32), primary_key=True),
    )
    op.create_table(
        "incident_merges",
        sa.Column("duplicate_id", ID, sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("into_id", ID, sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ts", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
    )
    op.create_index("ix_incident_merges_into_id", "incident_merges", ["into_id"])


def downgrade() -> None:
    for table in ("incident_merges", "incident_event_units", "alert_actions", "alert_thresholds", "audit_log",
                  "display_tokens", "users"):
        op.drop_table(table)
