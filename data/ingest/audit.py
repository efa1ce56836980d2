"""The audit trail: who did what, when, and the state before → after. Recorded by the write paths and the
admin commands; read by the admin page with filters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, select

from data.store.db import utcnow
from data.store.frames import read_frame
from data.store.models_access import AuditEntry


def to_json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(conn: Connection, actor: str, action: str, target: str, before: Mapping | None = None,
           after: Mapping | None = None, ts: datetime | None = None) -> None:
    """Add one entry inside the caller's transaction (so the entry exists exactly when the change does)."""
    conn.execute(AuditEntry.__table__.insert(), {
        "ts": ts or utcnow(), "actor": actor, "action": action, "target": target,
        "before": to_json(before), "after": to_json(after)})


def record_many(engine: Engine, entries: list[dict]) -> None:
    """Entries for changes committed in another database (e.g. incidents kept apart from the main one)."""
    if entries:
        with engine.begin() as conn:
            conn.execute(AuditEntry.__table__.insert(), [
                {**e, "before": to_json(e.get("before")), "after": to_json(e.get("after"))} for e in entries])


class AuditProvider:
    """Frame from `entries()`: ts, actor, action, target, before, after (JSON text), newest first."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def entries(self, start: datetime | None = None, end: datetime | None = None, actor: str | None = None,
                action: str | None = None, target: str | None = None, limit: int = 500) -> pd.DataFrame:
        a = AuditEntry
        stmt = select(a.ts, a.actor, a.action, a.target, a.before, a.after).order_by(a.ts.desc(), a.id.desc())
        if start is not None:
            stmt = stmt.where(a.ts >= start)
        if end is not None:
            stmt = stmt.where(a.ts < end)
        if actor:
            stmt = stmt.where(a.actor == actor)
        if action:
            stmt = stmt.where(a.action.like(f"{action}%"))
        if target:
            stmt = stmt.where(a.target == target)
        return read_frame(self.engine, stmt.limit(limit), utc_columns=("ts",))

    def actions(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(conn.execute(select(AuditEntry.action).distinct()).scalars())
