"""How times and numbers read on every page: local times in the city's zone."""

from __future__ import annotations

from datetime import datetime

import pandas as pd


def local_time(ts, zone, fmt: str = "%H:%M", missing: str = "–") -> str:
    """A UTC timestamp in the city's zone (`missing` when there is none)."""
    if ts is None or ts is pd.NaT or (not isinstance(ts, datetime) and pd.isna(ts)):
        return missing
    return pd.Timestamp(ts).tz_convert(zone).strftime(fmt)
