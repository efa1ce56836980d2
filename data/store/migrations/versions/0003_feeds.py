"""feeds: feed tokens, dead letters, NGSI entity mapping

Revision ID: 0003
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import data.store.db

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_tokens",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=16), nullable=True),
        sa.Column("expected_every_s", sa.Integer(), nullable=True),
        sa.Column("created_at", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", data.store.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("received_at", data.store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest", name="uq_dead_letter_digest"),
    )
    op.create_index("ix_dead_letters_received", "dead_letters", ["received_at"], unique=False)
    op.create_table(
        "ngsi_entities",
        sa.Column("entity_id", sa.String(length=256), nullable=False),
        sa.Column("domain", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("entity_id"),
    )


def downgrade() -> None:
    op.drop_table("ngsi_entities")
    op.drop_index("ix_dead_letters_received", table_name="dead_letters")
    op.drop_table("dead_letters")
    op.drop_table("feed_tokens")
