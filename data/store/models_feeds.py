"""Tables of the feed interfaces: feed tokens (hashed), dead letters and the NGSI entity mapping."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base


class FeedToken(Base):
    """A bearer token of one feed; only its SHA-256 is kept. `domain` limits it to one domain when set."""

    __tablename__ = "feed_tokens"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    domain: Mapped[str | None] = mapped_column(String(16))
    expected_every_s: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeadLetter(Base):
    """A message no write path could take (unparseable, wrong shape, unknown entity), kept with the reason.

    `digest` (SHA-256 of channel, source and payload) makes a redelivered message one row, not two.
    """

    __tablename__ = "dead_letters"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # mqtt / ingest / ngsi / csv
    source: Mapped[str] = mapped_column(String(200))  # topic, feed or file
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("digest", name="uq_dead_letter_digest"),
                      Index("ix_dead_letters_received", "received_at"))


class NgsiEntity(Base):
    """An NGSI entity id (or a refDevice / refPointOfInterest id) mapped to a registered station/segment/camera."""

    __tablename__ = "ngsi_entities"
    entity_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    domain: Mapped[str] = mapped_column(String(16))  # traffic / environment / cameras
    code: Mapped[str] = mapped_column(String(32))
