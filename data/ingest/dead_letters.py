"""Dead letters: messages that could not be taken (unparseable, wrong shape, every record invalid), with the reason.

Nothing a feed sends is silently dropped: what the write path cannot use lands here for admins to see.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, select

from data.store.db import dialect_insert, utcnow
from data.store.frames import as_of, read_frame
from data.store.models_feeds import DeadLetter

MAX_PAYLOAD = 64_000  # characters kept of a payload (the digest covers all of it)


class DeadLetters:
    """Frame from `recent()`: id, channel, source, received_at, reason, payload (truncated to 64 000 chars)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, channel: str, source: str, payload: bytes | str, reason: str,
            at: datetime | None = None) -> bool:
        """Keep one message; the same message again (a redelivery) is not stored twice. True if new."""
        raw = payload if isinstance(payload, bytes) else payload.encode("utf-8", "replace")
        digest = hashlib.sha256(b"\0".join([channel.encode(), source.encode(), raw])).hexdigest()
        text = raw.decode("utf-8", "replace")[:MAX_PAYLOAD]
        table = DeadLetter.__table__
        with self.engine.begin() as conn:
            stmt = dialect_insert(conn, table).values(
                channel=channel[:16], source=source[:200], received_at=at or utcnow(), reason=reason[:4000],
                payload=text, digest=digest).on_conflict_do_nothing(index_elements=["digest"])
            return conn.execute(stmt.returning(table.c.id)).first() is not None

    def recent(self, since: datetime | None = None, channel: str | None = None, limit: int = 200) -> pd.DataFrame:
        since = as_of(since) if since else utcnow() - timedelta(days=7)
        stmt = (select(DeadLetter.id, DeadLetter.channel, DeadLetter.source, DeadLetter.received_at,
                       DeadLetter.reason, DeadLetter.payload)
                .where(DeadLetter.received_at >= since).order_by(DeadLetter.received_at.desc(), DeadLetter.id.desc())
                .limit(limit))
        if channel:
            stmt = stmt.where(DeadLetter.channel == channel)
        return read_frame(self.engine, stmt, utc_columns=("received_at",))
