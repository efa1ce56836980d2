"""Indicators in open data: the values of one indicator (or all) over a window, per period."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from data.domains.indicators.models import CITY


def series(indicators, start, end, _bucket: str, ward: str | None, entity: str | None, _parameter: str):
    """bucket (the period's first day), indicator, value, simulated: the periods beginning in [start, end)
    (local days), city-wide or of one ward."""
    offset = timedelta(hours=indicators.offset)
    first, last = (start + offset).date(), (end - timedelta(microseconds=1) + offset).date()
    frame = indicators.values(first, last, entity, ward or CITY)
    return pd.DataFrame({"bucket": frame["period_start"], "indicator": frame["indicator_code"], "value": frame["value"],
                         "simulated": frame["simulated"]})
