"""Environment in the write path: readings checked (known station and parameter, the parameter's unit, a
plausible value), stored once and rolled up per hour and per local day, the daily VN_AQI of the days they
touch recomputed; the city pack's stations as the registry."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from data.domains.environment.models import EnvDaily, EnvHourly, EnvObs, EnvStation
from data.domains.environment.records import ENV_PARAMETERS, UNIT_ALIASES, EnvRecord
from data.domains.environment.rollups import refresh_daily_aqi, touched_aqi_days
from data.rules.refusals import RecordError
from data.store.inserts import add_to_rollup, hour_starts, insert_new, local_days, none_if_nan, upsert
from geo.pack import CityPack, assign_units


def check(ctx, rec: EnvRecord) -> EnvRecord:
    ctx.known("environment", rec.station, "station")
    spec = ENV_PARAMETERS.get(rec.parameter)
    if spec is None:
        raise RecordError("unknown_parameter", f"parameter: unknown parameter {rec.parameter!r}",
                          parameter=rec.parameter)
    unit, (low, high) = spec
    given = UNIT_ALIASES.get((rec.unit or unit).lower(), rec.unit or unit)
    if rec.parameter == "co" and given.lower() == "mg/m3":
        rec = rec.model_copy(update={"value": rec.value * 1000.0})
    elif given.lower() != unit.lower():
        raise RecordError("wrong_unit", f"unit: expected {unit} for {rec.parameter}, got {rec.unit!r}",
                          expected=unit, parameter=rec.parameter, given=rec.unit)
    if not low <= rec.value <= high:
        raise RecordError("implausible_value",
                          f"value: {rec.value} outside the plausible range {low}..{high} for {rec.parameter}",
                          value=rec.value, low=low, high=high, parameter=rec.parameter)
    if rec.unit != unit:
        rec.unit = unit  # the write path's own freshly parsed record: set in place (a copy per reading costs ~10 µs)
    return rec


def stored(ctx, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Bulk rows of the readings `check` would take unchanged: a known parameter in its own unit with a
    plausible value. The others (unknown, another unit, implausible) are left to the per-record path."""
    parameter = frame["parameter"]
    unit = parameter.map(lambda p: ENV_PARAMETERS[p][0] if p in ENV_PARAMETERS else None)
    low = parameter.map(lambda p: ENV_PARAMETERS[p][1][0] if p in ENV_PARAMETERS else None).astype(float)
    high = parameter.map(lambda p: ENV_PARAMETERS[p][1][1] if p in ENV_PARAMETERS else None).astype(float)
    left = unit.isna() | ~((frame["value"] >= low) & (frame["value"] <= high))
    if "unit" in frame:
        left |= frame["unit"].notna() & (frame["unit"] != unit)
    wards = {code: e.ward_code for code, e in ctx.entities("environment").items()}
    rows = pd.DataFrame({"station_code": frame["station"], "parameter": parameter, "ts": frame["ts"],
                         "value": frame["value"], "unit": unit, "flag": frame.get("flag"),
                         "ward_code": frame["station"].map(wards)})
    return rows[~left], left


def insert(ctx, conn: Connection, valid: list[tuple[int, EnvRecord]]) -> int:
    entities = ctx.entities("environment")
    rows = [{"station_code": r.station, "parameter": r.parameter, "ts": r.ts, "value": r.value, "unit": r.unit,
             "flag": r.flag, "ward_code": entities[r.station].ward_code} for _, r in valid]
    keys = ["station_code", "parameter", "ts"]
    new = pd.DataFrame(insert_new(conn, EnvObs.__table__, rows, keys))
    if new.empty:
        return 0
    roll_up(ctx, conn, new)
    return len(new)


def roll_up(ctx, conn: Connection, new: pd.DataFrame) -> None:
    """Add readings just stored (columns of `env_obs`) to the hourly and daily rollups and the daily VN_AQI."""
    new = new.copy()
    new["hour"] = hour_starts(new["ts"])
    grouped = new.groupby(["station_code", "parameter", "hour", "ward_code"], dropna=False).agg(
        n=("value", "size"), value_sum=("value", "sum"), value_min=("value", "min"),
        value_max=("value", "max")).reset_index()
    add_to_rollup(conn, EnvHourly.__table__, grouped, ["station_code", "parameter", "hour"], ["n", "value_sum"],
                  minimum=("value_min",), maximum=("value_max",))
    new["day"] = local_days(new["ts"], ctx.offset)
    daily = new.groupby(["station_code", "parameter", "day", "ward_code"], dropna=False).agg(
        n=("value", "size"), value_sum=("value", "sum"), value_min=("value", "min"),
        value_max=("value", "max")).reset_index()
    add_to_rollup(conn, EnvDaily.__table__, daily, ["station_code", "parameter", "day"], ["n", "value_sum"],
                  minimum=("value_min",), maximum=("value_max",))
    refresh_daily_aqi(conn, touched_aqi_days(new, ctx.offset), ctx.offset)


def entities():
    return select(EnvStation.code, EnvStation.ward_code, EnvStation.kind)


def load_registry(engine, pack: CityPack) -> int:
    stations_df = pack.stations.copy()
    stations_df["ward_code"] = assign_units(stations_df, pack.wards).to_numpy()
    stations = [
        {"code": r.code, "name": r.name, "kind": r.kind, "lon": float(r.lon), "lat": float(r.lat),
         "ward_code": r.ward_code, "parameters": r.parameters, "alarm1": none_if_nan(r.alarm1),
         "alarm2": none_if_nan(r.alarm2), "alarm3": none_if_nan(r.alarm3), "unit": none_if_nan(r.unit)}
        for r in stations_df.itertuples()
    ]
    upsert(engine, EnvStation.__table__, stations, ["code"])
    return len(stations)
