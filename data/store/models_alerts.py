"""Tables of the alert rules: alert episodes, the rules' thresholds and what operators did with alerts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base


class Alert(Base):
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    severity: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # open / acknowledged / cleared / escalated
    ward_code: Mapped[str | None] = mapped_column(String(24))
    __table_args__ = (UniqueConstraint("rule", "entity", "opened_at", name="uq_alert_episode"),)


class AlertThreshold(Base):
    """One row per alert rule: its threshold value, how long the condition must hold, on/off."""

    __tablename__ = "alert_thresholds"
    rule: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float]
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    takeover: Mapped[float | None] = mapped_column(Float)  # the level from which the rule's alerts take over the wall
    takeover_on: Mapped[bool | None] = mapped_column(Boolean)  # None: the rule's default; False: never
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(80))


class AlertAction(Base):
    """What an operator did with an alert (acknowledge with a comment, escalate into an incident)."""

    __tablename__ = "alert_actions"
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(BigInteger)
