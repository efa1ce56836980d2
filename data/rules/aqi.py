"""Vietnamese Air Quality Index (VN_AQI), Decision 1459/QĐ-TCMT of 12 Nov 2019.

Pure computation (no I/O); the unit tests reproduce the decision's worked examples.

Conventions chosen where the decision is silent:

* All concentrations are µg/m³ (CO too). Negative, NaN and ``None`` concentrations are treated as
  missing (data is supposed to be QA/QC'd; a negative hourly mean is not a valid input).
* Above the last breakpoint (the "≥" row) a sub-index is capped at 500. The O3 8-h column stops at
  400 µg/m³ → 300; above 400 there is no 8-h sub-index (``None``).
* NowCast uses the normalised weighted mean for both ``w > 1/2`` and ``w = 1/2`` (the decision prints
  an un-normalised sum for ``w = 1/2``, which differs by a factor 1 − 2⁻¹² when nothing is missing and
  is badly biased when values are missing).
* Rounding is "round half up" (42.5 → 43, 109.5 → 110), applied to the AQI values only.
* The dominant pollutant is the one with the largest *unrounded* sub-index; exact ties go to the first
  in :data:`POLLUTANTS` order.
* Daily PM2.5/PM10: mean of the available hourly values of the day (at least one). The decision sets no
  completeness threshold for the 24-h mean.
* Daily O3 8-h running mean: the window of each hour covers that hour and the 7 before it (the first
  windows of a day reach into the previous day, as in the decision's example); a window needs at
  least :data:`MIN_8H_VALID` valid hours.
* Timestamps: ``ts`` is the UTC *start* of the averaging hour. The decision labels hours by their end
  and defines the day as 01:00 … 00:00 (next day); with start labels that is 00:00 … 23:00 local time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

POLLUTANTS = ("pm25", "pm10", "o3", "co", "so2", "no2")
"""Pollutant keys, in tie-break order for the dominant pollutant."""

PM_POLLUTANTS = ("pm25", "pm10")
"""At least one of these is required for an AQI value."""

MIN_8H_VALID = 6
"""Valid hours needed for an O3 8-h running mean (75 %; the decision gives no threshold)."""

# Bảng 2: AQI levels Ii and breakpoints BPi (µg/m³). The last row is "≥" in the decision.
_LEVELS = np.array([0.0, 50.0, 100.0, 150.0, 200.0, 300.0, 400.0, 500.0])
_BREAKPOINTS: dict[str, np.ndarray] = {
    "o3_1h": np.array([0, 160, 200, 300, 400, 800, 1000, 1200], dtype=float),
    "o3_8h": np.array([0, 100, 120, 170, 210, 400], dtype=float),
    "co": np.array([0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000], dtype=float),
    "so2": np.array([0, 125, 350, 550, 800, 1600, 2100, 2630], dtype=float),
    "no2": np.array([0, 100, 200, 700, 1200, 2350, 3100, 3850], dtype=float),
    "pm10": np.array([0, 50, 150, 250, 350, 420, 500, 600], dtype=float),
    "pm25": np.array([0, 25, 50, 80, 150, 250, 350, 500], dtype=float),
}

# Absorbs float noise so that values the decision computes as exact halves (e.g. 109.5) round up.
_ROUND_EPS = 1e-9


@dataclass(frozen=True)
class Category:
    """One row of Bảng 1: its key and VN_AQI range. Its name and health message (Bảng 4/5) are in the string
    catalog (`aqi.<key>`, `aqi.<key>.health`), its official colour in the theme (`layouts.theme.AQI`)."""

    key: str
    lo: int
    hi: int


CATEGORIES: tuple[Category, ...] = (
    Category("good", 0, 50),
    Category("moderate", 51, 100),
    Category("poor", 101, 150),
    Category("bad", 151, 200),
    Category("very_bad", 201, 300),
    Category("hazardous", 301, 500),
)


def round_half_up(x: float) -> int:
    """Round to the nearest integer, halves away from zero for positive values (2.5 → 3, not 2)."""
    return int(math.floor(x + 0.5 + _ROUND_EPS))


def _round_half_up_array(x: np.ndarray) -> np.ndarray:
    return np.floor(x + 0.5 + _ROUND_EPS)


def category(aqi: int | None) -> Category | None:
    """Bảng 1 category of an AQI value; ``None`` for ``None``/NaN/negative, "hazardous" above 500."""
    if aqi is None:
        return None
    aqi_f = float(aqi)
    if math.isnan(aqi_f) or aqi_f < 0:
        return None
    value = round_half_up(aqi_f)
    for cat in CATEGORIES:
        if value <= cat.hi:
            return cat
    return CATEGORIES[-1]


def _table(pollutant: str, column: str) -> np.ndarray:
    if pollutant not in POLLUTANTS:
        raise ValueError(f"unknown pollutant {pollutant!r}; expected one of {POLLUTANTS}")
    if pollutant != "o3":
        return _BREAKPOINTS[pollutant]
    if column not in ("1h", "8h"):
        raise ValueError(f"O3 column must be '1h' or '8h', not {column!r}")
    return _BREAKPOINTS[f"o3_{column}"]


def _clean(values: np.ndarray) -> np.ndarray:
    """Float copy with invalid (NaN, ±inf, negative) entries set to NaN."""
    arr = np.array(values, dtype=float)
    arr[~np.isfinite(arr) | (arr < 0)] = np.nan
    return arr


def _sub_index_array(pollutant: str, conc: np.ndarray, column: str = "1h") -> np.ndarray:
    """Vectorised Formula 1 (unrounded). NaN where the input is missing or out of table."""
    bp = _table(pollutant, column)
    c = _clean(conc)
    # Segment i such that BP[i] <= c < BP[i+1]; shared breakpoints give the same value on both sides.
    i = np.clip(np.searchsorted(bp, np.nan_to_num(c), side="right") - 1, 0, len(bp) - 2)
    lo_bp, hi_bp = bp[i], bp[i + 1]
    lo_i, hi_i = _LEVELS[i], _LEVELS[i + 1]
    out = (hi_i - lo_i) / (hi_bp - lo_bp) * (c - lo_bp) + lo_i
    top = bp[-1]
    if pollutant == "o3" and column == "8h":
        out[c > top] = np.nan  # the 8-h column ends at 400 µg/m³: use the 1-h value only
    else:
        out[c > top] = _LEVELS[-1]
    return out


def sub_index(pollutant: str, conc: float | None, column: str = "1h") -> float | None:
    """Unrounded sub-index AQIx of one concentration (Formula 1 / Formula 2 with a NowCast value).

    ``column`` selects the O3 breakpoints ("1h" or "8h") and is ignored for other pollutants.
    Returns ``None`` for missing/negative input and for O3 8-h above 400 µg/m³; caps at 500 above
    the last breakpoint otherwise.
    """
    if conc is None:
        return None
    value = _sub_index_array(pollutant, np.array([conc], dtype=float), column)[0]
    return None if math.isnan(value) else float(value)


def _nowcast_weights(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (w, cleaned windows) for an (N, 12) array of c1-first windows."""
    c = _clean(windows)
    valid = ~np.isnan(c)
    any_valid = valid.any(axis=1)
    cmin = np.where(any_valid, np.nanmin(np.where(valid, c, np.inf), axis=1), np.nan)
    cmax = np.where(any_valid, np.nanmax(np.where(valid, c, -np.inf), axis=1), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        w_star = cmin / cmax
    w_star = np.where(cmax == 0, 1.0, w_star)  # all zeros: any weight gives 0
    w = np.where(w_star > 0.5, w_star, 0.5)
    w = np.where(any_valid, w, np.nan)
    return w, c


def _nowcast_array(windows: np.ndarray) -> np.ndarray:
    """Vectorised NowCast for an (N, 12) array of c1-first windows; NaN where not computable."""
    w, c = _nowcast_weights(windows)
    valid = ~np.isnan(c)
    n = c.shape[1]
    powers = np.where(valid, np.power(w[:, None], np.arange(n)[None, :]), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (powers * np.nan_to_num(c)).sum(axis=1) / powers.sum(axis=1)
    enough = valid[:, :3].sum(axis=1) >= 2
    return np.where(enough, out, np.nan)


def _window_array(values: Sequence[float | None]) -> np.ndarray:
    if len(values) > 12:
        raise ValueError(f"NowCast takes at most 12 hourly values, got {len(values)}")
    row = np.full((1, 12), np.nan)
    row[0, : len(values)] = [np.nan if v is None else v for v in values]
    return row


def nowcast_weight(values: Sequence[float | None]) -> float | None:
    """NowCast weight ``w`` (Cmin/Cmax over the valid values, floored at 1/2); ``None`` if no data."""
    w = _nowcast_weights(_window_array(values))[0][0]
    return None if math.isnan(w) else float(w)


def nowcast(values: Sequence[float | None]) -> float | None:
    """NowCast of up to 12 hourly means, ``values[0]`` being c1 (current hour).

    Missing values (``None``/NaN/negative) get weight 0. Needs at least 2 valid values among
    c1, c2, c3, else ``None``.
    """
    value = _nowcast_array(_window_array(values))[0]
    return None if math.isnan(value) else float(value)


@dataclass(frozen=True)
class AqiResult:
    """Station AQI: ``aqi`` (rounded, ``None`` without PM data), ``dominant`` pollutant, rounded
    sub-indices ``sub`` for every pollutant that could be computed."""

    aqi: int | None
    dominant: str | None
    sub: dict[str, int] = field(default_factory=dict)

    @property
    def category(self) -> Category | None:
        """Bảng 1 category of :attr:`aqi`."""
        return category(self.aqi)


HourlyResult = AqiResult


def _combine(subs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From unrounded sub-indices (N, len(POLLUTANTS)) return (aqi, dominant index, rounded subs).

    ``aqi`` is NaN and the dominant index -1 when neither PM2.5 nor PM10 is available.
    """
    rounded = _round_half_up_array(subs)
    pm_cols = [POLLUTANTS.index(p) for p in PM_POLLUTANTS]
    has_pm = ~np.isnan(subs[:, pm_cols]).all(axis=1)
    filled = np.where(np.isnan(subs), -np.inf, subs)
    dominant = np.argmax(filled, axis=1)  # first maximum = POLLUTANTS order on ties
    best = filled[np.arange(len(subs)), dominant]
    aqi = np.where(has_pm, _round_half_up_array(best), np.nan)
    dominant = np.where(has_pm, dominant, -1)
    return aqi, dominant, rounded


def _result_from_subs(subs: np.ndarray) -> AqiResult:
    aqi, dom, rounded = _combine(subs[None, :])
    sub = {p: int(rounded[0, k]) for k, p in enumerate(POLLUTANTS) if not np.isnan(rounded[0, k])}
    if np.isnan(aqi[0]):
        return AqiResult(None, None, sub)
    return AqiResult(int(aqi[0]), POLLUTANTS[dom[0]], sub)


def hourly_aqi(last12: Mapping[str, Sequence[float | None]]) -> AqiResult:
    """Hourly AQI (AQI^h) from the last 12 hourly means of each pollutant, c1 (current hour) first.

    PM2.5/PM10 use NowCast (Formula 2); O3 (1-h column), CO, SO2, NO2 use c1 (Formula 1).
    Keys that are not in :data:`POLLUTANTS` are ignored.
    """
    subs = np.full(len(POLLUTANTS), np.nan)
    for k, p in enumerate(POLLUTANTS):
        values = last12.get(p)
        if values is None or len(values) == 0:
            continue
        if p in PM_POLLUTANTS:
            conc = nowcast(values)
        else:
            _window_array(values)  # same length check as for PM
            conc = values[0]
        value = sub_index(p, conc, "1h")
        if value is not None:
            subs[k] = value
    return _result_from_subs(subs)


def _running_mean_8h_array(series: np.ndarray) -> np.ndarray:
    """Trailing 8-h means along the last axis: output position j covers inputs j … j+7.

    NaN entries are missing; a window needs :data:`MIN_8H_VALID` valid hours.
    """
    c = _clean(series)
    valid = ~np.isnan(c)
    zeros = np.zeros(c.shape[:-1] + (1,))
    csum = np.concatenate([zeros, np.cumsum(np.nan_to_num(c), axis=-1)], axis=-1)
    ccount = np.concatenate([zeros, np.cumsum(valid, axis=-1)], axis=-1)
    total = csum[..., 8:] - csum[..., :-8]
    count = ccount[..., 8:] - ccount[..., :-8]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count >= MIN_8H_VALID, total / count, np.nan)


def _as_hours(values: Sequence[float | None] | None, length: int, name: str) -> np.ndarray:
    out = np.full(length, np.nan)
    if values is None:
        return out
    if len(values) > length:
        raise ValueError(f"{name}: expected at most {length} hourly values, got {len(values)}")
    out[: len(values)] = [np.nan if v is None else v for v in values]
    return out


def _prev7(prev: Sequence[float | None] | None) -> np.ndarray:
    """Last 7 hours of the previous day, right-aligned, NaN where absent."""
    out = np.full(7, np.nan)
    if prev is not None and len(prev) > 0:
        tail = list(prev)[-7:]
        out[7 - len(tail) :] = [np.nan if v is None else v for v in tail]
    return out


def running_mean_8h(
    values: Sequence[float | None], prev: Sequence[float | None] | None = None
) -> list[float | None]:
    """8-h running means of a day's hourly values (chronological), one per hour.

    The mean of hour *h* covers hours *h−7 … h*; ``prev`` holds the previous day's hourly values
    (chronological, only the last 7 are used). A window needs :data:`MIN_8H_VALID` valid hours.
    """
    history = _prev7(prev)
    day = np.array([np.nan if v is None else v for v in values], dtype=float)
    means = _running_mean_8h_array(np.concatenate([history, day]))
    return [None if math.isnan(m) else float(m) for m in means]


def _daily_subs(day: np.ndarray, prev7: np.ndarray) -> np.ndarray:
    """Unrounded daily sub-indices from arrays shaped (N, 24, P) and (N, 7, P) in POLLUTANTS order."""
    c = _clean(day)
    valid = ~np.isnan(c)
    count = valid.sum(axis=1)
    has_any = count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean24 = np.nan_to_num(c).sum(axis=1) / count
    max1h = np.where(has_any, np.where(valid, c, -np.inf).max(axis=1), np.nan)

    subs = np.full((c.shape[0], len(POLLUTANTS)), np.nan)
    for k, p in enumerate(POLLUTANTS):
        if p in PM_POLLUTANTS:
            subs[:, k] = _sub_index_array(p, np.where(has_any[:, k], mean24[:, k], np.nan))
        elif p == "o3":
            m8 = _running_mean_8h_array(np.concatenate([prev7[:, :, k], day[:, :, k]], axis=1))
            has_m8 = ~np.isnan(m8).all(axis=1)
            max8 = np.where(has_m8, np.where(np.isnan(m8), -np.inf, m8).max(axis=1), np.nan)
            s1 = _sub_index_array(p, max1h[:, k], "1h")
            s8 = _sub_index_array(p, max8, "8h")
            subs[:, k] = np.fmax(s1, s8)
        else:
            subs[:, k] = _sub_index_array(p, max1h[:, k])
    return subs


def daily_aqi(
    day: Mapping[str, Sequence[float | None]],
    prev: Mapping[str, Sequence[float | None]] | None = None,
) -> AqiResult:
    """Daily AQI (AQI^d) from a day's hourly means, chronological (decision hours 01:00 … 00:00).

    PM2.5/PM10: mean of the available hourly values; SO2/NO2/CO: daily max 1-h; O3: larger of the
    sub-indices of the max 1-h (1h column) and max 8-h running mean (8h column, skipped above 400).
    ``prev`` optionally gives the previous day's hourly values so that the first 8-h windows of the
    day are complete (only used for O3). Keys not in :data:`POLLUTANTS` are ignored.
    """
    day_arr = np.stack([_as_hours(day.get(p), 24, p) for p in POLLUTANTS], axis=-1)[None]
    prev = prev or {}
    prev_arr = np.stack([_prev7(prev.get(p)) for p in POLLUTANTS], axis=-1)[None]
    return _result_from_subs(_daily_subs(day_arr, prev_arr)[0])


# ---------------------------------------------------------------------------------------------
# DataFrame helpers for the data provider
# ---------------------------------------------------------------------------------------------


def _wide(obs: pd.DataFrame) -> pd.DataFrame:
    """Pivot long observations to one row per (station, ts) and one column per pollutant.

    Non-AQI parameters are dropped but their hours are kept (as all-missing rows); duplicates are
    averaged; ``ts`` is converted to UTC (naive = UTC) and floored to the hour.
    """
    missing = {"station", "ts", "parameter", "value"} - set(obs.columns)
    if missing:
        raise ValueError(f"obs is missing columns {sorted(missing)}")
    ts = pd.to_datetime(obs["ts"])
    ts = ts.dt.tz_localize("UTC") if ts.dt.tz is None else ts.dt.tz_convert("UTC")
    df = pd.DataFrame(
        {
            "station": obs["station"].astype(object).to_numpy(),
            "ts": ts.dt.floor("h").to_numpy(),
            "parameter": obs["parameter"].astype(object).str.lower().to_numpy(),
            "value": pd.to_numeric(obs["value"], errors="coerce").to_numpy(dtype=float),
        }
    )
    df["ts"] = pd.to_datetime(df["ts"], utc=True)
    keys = df[["station", "ts"]].drop_duplicates()
    aqi_obs = df[df["parameter"].isin(POLLUTANTS)]
    wide = aqi_obs.groupby(["station", "ts", "parameter"])["value"].mean().unstack("parameter")
    wide = wide.reindex(columns=list(POLLUTANTS)).astype(float)
    index = pd.MultiIndex.from_frame(keys).sort_values()
    return wide.reindex(index)


def _station_grid(wide: pd.DataFrame, station: object, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    hours = pd.date_range(start, end, freq="h")
    block = wide.xs(station, level="station")
    return block.reindex(hours).to_numpy(dtype=float)


def _output_frame(base: pd.DataFrame, subs: np.ndarray) -> pd.DataFrame:
    aqi, dom, rounded = _combine(subs)
    out = base.reset_index(drop=True)
    out["aqi"] = pd.array(np.where(np.isnan(aqi), None, aqi), dtype="Int64")
    dominant = [POLLUTANTS[d] if d >= 0 else None for d in dom]
    his = np.array([c.hi for c in CATEGORIES])
    cat_idx = np.minimum(np.searchsorted(his, np.nan_to_num(aqi), side="left"), len(CATEGORIES) - 1)
    cats = [None if np.isnan(a) else CATEGORIES[i] for a, i in zip(aqi, cat_idx, strict=True)]
    out["dominant"] = pd.Series(dominant, dtype=object)
    out["category"] = pd.Series([c.key if c else None for c in cats], dtype=object)
    for k, p in enumerate(POLLUTANTS):
        out[f"aqi_{p}"] = pd.array(np.where(np.isnan(rounded[:, k]), None, rounded[:, k]), dtype="Int64")
    return out


def _empty_output(first: str, first_dtype: object) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {
        "station": pd.Series(dtype=object),
        first: pd.Series(dtype=first_dtype),
        "aqi": pd.Series(dtype="Int64"),
        "dominant": pd.Series(dtype=object),
        "category": pd.Series(dtype=object),
    }
    cols.update({f"aqi_{p}": pd.Series(dtype="Int64") for p in POLLUTANTS})
    return pd.DataFrame(cols)


def hourly_aqi_frame(obs: pd.DataFrame) -> pd.DataFrame:
    """Hourly AQI for long-format observations.

    Input columns: ``station``, ``ts`` (UTC start of the hour), ``parameter``, ``value`` (µg/m³).
    Output: one row per (station, ts) present in the input, sorted, with columns ``station, ts, aqi,
    dominant, category, aqi_<pollutant>``. Missing hours count as missing values in the NowCast
    windows. Same results as :func:`hourly_aqi` on the corresponding windows.
    """
    wide = _wide(obs)
    if wide.empty:
        return _empty_output("ts", "datetime64[ns, UTC]")
    subs_parts = []
    for station in wide.index.get_level_values("station").unique():
        present = wide.xs(station, level="station").index
        grid = _station_grid(wide, station, present.min(), present.max())
        pos = ((present - present.min()) // pd.Timedelta(hours=1)).to_numpy()
        subs = np.full((len(grid), len(POLLUTANTS)), np.nan)
        padded = np.vstack([np.full((11, len(POLLUTANTS)), np.nan), grid])
        for k, p in enumerate(POLLUTANTS):
            if p in PM_POLLUTANTS:
                # Window of hour t, c1 first: grid[t], grid[t-1], ..., grid[t-11].
                windows = np.lib.stride_tricks.sliding_window_view(padded[:, k], 12)[:, ::-1]
                subs[:, k] = _sub_index_array(p, _nowcast_array(windows))
            else:
                subs[:, k] = _sub_index_array(p, grid[:, k], "1h")
        subs_parts.append(subs[pos])
    base = wide.index.to_frame(index=False)
    return _output_frame(base, np.vstack(subs_parts))


def daily_aqi_frame(obs: pd.DataFrame, tz_offset_hours: int = 7) -> pd.DataFrame:
    """Daily AQI per station and local day.

    Local day D (UTC offset ``tz_offset_hours``) holds the hourly means whose ``ts`` (UTC hour start)
    falls in [D 00:00 local, D+1 00:00 local): hour starts 00:00 … 23:00 local, which is the decision's
    01:00 … 00:00 when hours are labelled by their end. O3 8-h windows at the start of a day use the
    previous day's hours when present. Output: one row per (station, day) with any input (sorted), columns
    ``station, day (datetime.date), aqi, dominant, category, aqi_<pollutant>``; duplicate readings of an
    hour are averaged, non-AQI parameters only make their day present.

    All stations at once: the readings are summed into one (station, day, hour, pollutant) grid by their
    flat positions, so the cost is a few array passes whatever the number of stations.
    """
    missing = {"station", "ts", "parameter", "value"} - set(obs.columns)
    if missing:
        raise ValueError(f"obs is missing columns {sorted(missing)}")
    if obs.empty:
        return _empty_output("day", object)
    ts = pd.to_datetime(obs["ts"])
    ts = ts.dt.tz_localize("UTC") if ts.dt.tz is None else ts.dt.tz_convert("UTC")
    local_hour = ts.dt.tz_localize(None).to_numpy().astype("datetime64[h]").astype(np.int64) + tz_offset_hours
    day = local_hour // 24
    station_at, stations = pd.factorize(obs["station"].astype(object), sort=True)
    pollutant_at = pd.Categorical(obs["parameter"].astype(object).str.lower(), categories=POLLUTANTS).codes
    value = pd.to_numeric(obs["value"], errors="coerce").to_numpy(dtype=float)
    first_day = int(day.min())
    n_days, n_pol = int(day.max()) - first_day + 2, len(POLLUTANTS)  # +1: a leading empty day, the first's "before"
    day_at = day - first_day + 1
    # The station-days present (any parameter), sorted by station then day.
    present = np.unique(station_at.astype(np.int64) * n_days + day_at)
    # Per (station-day present and the day before it) × hour × pollutant: sums and counts of the valid readings.
    needed = np.unique(np.concatenate([present, present - 1]))
    row_of = np.searchsorted(needed, station_at.astype(np.int64) * n_days + day_at)
    valid = (pollutant_at >= 0) & ~np.isnan(value)
    cell = (row_of * 24 + local_hour % 24) * n_pol + pollutant_at
    size = len(needed) * 24 * n_pol
    total = np.bincount(cell[valid], weights=value[valid], minlength=size)
    count = np.bincount(cell[valid], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        grid = np.where(count > 0, total / count, np.nan).reshape(len(needed), 24, n_pol)
    at = np.searchsorted(needed, present)
    before = np.searchsorted(needed, present - 1)  # always there: `needed` holds every present key minus one
    subs = _daily_subs(grid[at], grid[before, -7:, :])
    days = (present % n_days - 1 + first_day).astype("datetime64[D]").astype(object)
    base = pd.DataFrame({"station": stations.to_numpy(dtype=object)[present // n_days], "day": days}, dtype=object)
    return _output_frame(base, subs)
