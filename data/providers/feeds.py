"""Feed health provider: every feed's cadence, last seen, 24-hour counts and state (ok / late / stale)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from data.store.frames import as_of, read_frame
from data.store.models import FeedHealth, FeedHourly

# A feed is late after this many expected intervals without data, and stale after the second figure.
LATE_AFTER, STALE_AFTER = 2.0, 5.0


class FeedsProvider:
    """Frame from `status()`: feed, domain, expected_every_s, last_seen, last_data_ts, received_total,
    rejected_total (since the feed first reported), age_s, received_24h, rejected_24h,
    state (ok / late / stale; "import" for one-off loads such as the seeded history, which have no cadence)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def status(self, at: datetime | None = None) -> pd.DataFrame:
        at = as_of(at)
        fh, hourly = FeedHealth, FeedHourly
        counts = (select(hourly.feed, func.sum(hourly.received).label("received_24h"),
                         func.sum(hourly.rejected).label("rejected_24h"))
                  .where(hourly.hour > at - timedelta(hours=24), hourly.hour <= at).group_by(hourly.feed).subquery())
        stmt = (select(fh.feed, fh.domain, fh.expected_every_s, fh.last_seen, fh.last_data_ts, fh.received_total,
                       fh.rejected_total,
                       func.coalesce(counts.c.received_24h, 0).label("received_24h"),
                       func.coalesce(counts.c.rejected_24h, 0).label("rejected_24h"))
                .outerjoin(counts, counts.c.feed == fh.feed).order_by(fh.domain, fh.feed))
        frame = read_frame(self.engine, stmt, utc_columns=("last_seen", "last_data_ts"))
        frame["age_s"] = (pd.Timestamp(at) - frame["last_seen"]).dt.total_seconds()
        one_off = frame["expected_every_s"] <= 0
        intervals = frame["age_s"] / frame["expected_every_s"].where(~one_off)
        frame["state"] = np.select([one_off, intervals <= LATE_AFTER, intervals <= STALE_AFTER],
                                   ["import", "ok", "late"], "stale")
        return frame

    def dead_letters(self, since: datetime | None = None, channel: str | None = None,
                     limit: int = 200) -> pd.DataFrame:
        """Messages no write path could take: id, channel, source, received_at, reason, payload."""
        from data.ingest.dead_letters import DeadLetters

        return DeadLetters(self.engine).recent(since, channel, limit)
