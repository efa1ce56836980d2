"""Simulated department reports (the demo's stand-in for what departments would send; every value is marked
`simulated`): each daily indicator is reported for a local day at about 16:30 that day (Sơn La's board refreshes
before 17:00), the monthly one on the 3rd of the next month at 09:00. Values are pure functions of (seed,
indicator, period), so a re-seed or an overlapping live tick sends duplicates, never different values."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np

from data.demo.simulation import LOCAL, _normal

# indicator: (period, mean, spread, weekend factor, upper bound)
MODELS = {
    "dvc_toan_trinh": ("day", 76.0, 5.0, 1.0, 100.0),
    "ho_so_dung_han": ("day", 97.6, 1.1, 1.0, 100.0),
    "van_ban_ky_so": ("day", 89.0, 3.5, 1.0, 100.0),
    "wifi_phien": ("day", 24500.0, 2600.0, 1.18, None),
    "wifi_diem_hoat_dong": ("day", 95.5, 1.8, 1.0, 100.0),
    "khach_du_lich": ("day", 7800.0, 1500.0, 1.55, None),
    "doanh_nghiep_moi": ("month", 112.0, 18.0, 1.0, None),
}
# Reported by each ward's one-stop shop as well as for the city (wards run their own since 2025-07-01).
BY_WARD = ("ho_so_dung_han", "dvc_toan_trinh")
DAILY_AT = time(16, 30)
MONTHLY_DAY, MONTHLY_AT = 3, time(9, 0)


def value_of(seed: int, code: str, period: date, ward: str | None = None) -> float:
    kind, mean, spread, weekend, upper = MODELS[code]
    stream = f"indicator.{code}" if ward is None else f"indicator.{code}.{ward}"
    noise = float(_normal(seed, stream, np.array([period.toordinal()]))[0])
    value = (mean + spread * noise) * (weekend if kind == "day" and period.weekday() >= 5 else 1.0)
    value = max(0.0, value if upper is None else min(upper, value))
    return round(value, 1) if upper is not None else float(round(value))


def _moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UTC) - LOCAL


def reports(seed: int, t0: datetime, t1: datetime) -> list[tuple[str, date, datetime]]:
    """(indicator, period start, reported at) of every report sent in [t0, t1)."""
    first, last = (t0 + LOCAL).date() - timedelta(days=1), (t1 + LOCAL).date()
    found = []
    day = first
    while day <= last:
        for code, (kind, *_rest) in MODELS.items():
            if kind == "day":
                found.append((code, day, _moment(day, DAILY_AT)))
            elif day.day == MONTHLY_DAY:
                found.append((code, (day.replace(day=1) - timedelta(days=1)).replace(day=1), _moment(day, MONTHLY_AT)))
        day += timedelta(days=1)
    return sorted((r for r in found if t0 <= r[2] < t1), key=lambda r: (r[2], r[0]))


@lru_cache(maxsize=8)
def _catalogued(path: Path) -> frozenset[str]:
    """The indicator codes of a pack's catalogue, read once per process (every live tick asks)."""
    from data.domains.indicators.writer import catalogue_at

    return frozenset(catalogue_at(path)["code"])


def indicator_records(simulation, t0: datetime, t1: datetime) -> list[dict]:
    """The city's reports, and each ward's of the indicators wards report (`BY_WARD`): only of the indicators
    the pack's catalogue has (a pack without `indicators.csv`, like the province, has no department reports)."""
    catalogued = _catalogued(simulation.pack.file("indicators.csv"))
    wards = [str(code) for code in simulation.pack.wards["code"]]
    records = []
    for code, period, at in reports(simulation.seed, t0, t1):
        if code not in catalogued:
            continue
        for ward in (None, *(wards if code in BY_WARD else ())):
            records.append({"indicator": code, "period": period.isoformat(), "value": value_of(simulation.seed, code,
                                                                                                 period, ward),
                            "reported_at": at.isoformat(), "simulated": True, **({"ward": ward} if ward else {})})
    return records
