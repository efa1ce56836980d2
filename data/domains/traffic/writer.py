"""Traffic in the write path: segment readings checked against the registry, stored once, rolled up per hour
and per local day; the city pack's road segments as the registry."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from data.domains.traffic.models import (
    SUMS,
    RoadSegment,
    TrafficDaily,
    TrafficHourly,
    TrafficObs,
    TrafficWardDaily,
    TrafficWardHourly,
)
from data.domains.traffic.records import TrafficRecord
from data.domains.traffic.rollups import count_segment_hours
from data.store.inserts import add_to_rollup, geojson_text, hour_starts, insert_new, local_days, upsert
from geo.pack import CityPack, assign_units


def check(ctx, rec: TrafficRecord) -> TrafficRecord:
    ctx.known("traffic", rec.segment, "segment")
    return rec


def insert(ctx, conn: Connection, valid: list[tuple[int, TrafficRecord]]) -> int:
    entities = ctx.entities("traffic")
    rows = [{"segment_code": r.segment, "ts": r.ts, "speed_kmh": r.speed_kmh, "volume_vph": r.volume_vph,
             "occupancy": r.occupancy, "ward_code": entities[r.segment].ward_code} for _, r in valid]
    new = pd.DataFrame(insert_new(conn, TrafficObs.__table__, rows, ["segment_code", "ts"]))
    if new.empty:
        return 0
    roll_up(ctx, conn, new)
    return len(new)


def roll_up(ctx, conn: Connection, new: pd.DataFrame) -> None:
    """Add readings just stored (columns of `traffic_obs`) to the hourly and daily rollups, per segment and per
    ward."""
    entities = ctx.entities("traffic")
    new = new.copy()
    new["hour"] = hour_starts(new["ts"])
    new["volume_n"] = new["volume_vph"].notna().astype(int)
    grouped = new.groupby(["segment_code", "hour", "ward_code"], dropna=False).agg(
        n=("speed_kmh", "size"), speed_sum=("speed_kmh", "sum"),
        volume_sum=("volume_vph", "sum"), volume_n=("volume_n", "sum")).reset_index()
    add_to_rollup(conn, TrafficHourly.__table__, grouped, ["segment_code", "hour"],
                  ["n", "speed_sum", "volume_sum", "volume_n"])
    new["day"] = local_days(new["ts"], ctx.offset)
    free_flow = {code: e.value for code, e in entities.items()}
    new["ratio"] = new["speed_kmh"] / new["segment_code"].map(free_flow)
    daily = new.groupby(["segment_code", "day", "ward_code"], dropna=False).agg(
        n=("speed_kmh", "size"), speed_sum=("speed_kmh", "sum"), ratio_sum=("ratio", "sum"),
        volume_sum=("volume_vph", "sum"), volume_n=("volume_n", "sum")).reset_index()
    add_to_rollup(conn, TrafficDaily.__table__, daily, ["segment_code", "day"], list(SUMS))
    # The same sums per ward (segments outside every ward under ""): the city's and wards' questions read these.
    grouped["ratio_sum"] = grouped["speed_sum"] / grouped["segment_code"].map(free_flow)
    for table, frame, at in ((TrafficWardHourly, grouped, "hour"), (TrafficWardDaily, daily, "day")):
        by_ward = frame.assign(ward_code=frame["ward_code"].fillna("")).groupby(["ward_code", at], as_index=False)[
            list(SUMS)].sum()
        add_to_rollup(conn, table.__table__, by_ward, ["ward_code", at], list(SUMS))
    count_segment_hours(conn, sorted(set(grouped["hour"])))


def stored(ctx, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Bulk rows of checked readings (the model's bounds and the codes are checked by the bulk path)."""
    wards = {code: e.ward_code for code, e in ctx.entities("traffic").items()}
    rows = pd.DataFrame({"segment_code": frame["segment"], "ts": frame["ts"], "speed_kmh": frame["speed_kmh"],
                         "volume_vph": frame.get("volume_vph"), "occupancy": frame.get("occupancy"),
                         "ward_code": frame["segment"].map(wards)})
    return rows, pd.Series(False, index=frame.index)


def entities():
    """Codes with their ward, road class and free-flow speed (the daily rollup pre-sums speed ratios)."""
    return select(RoadSegment.code, RoadSegment.ward_code, RoadSegment.road_class, RoadSegment.free_flow_kmh)


def load_registry(engine, pack: CityPack) -> int:
    """The pack's road segments, each in the ward holding its representative point."""
    roads = pack.roads.copy()
    rep = roads.geometry.representative_point()
    roads["ward_code"] = assign_units((rep.x.to_numpy(), rep.y.to_numpy()), pack.wards).to_numpy()
    segments = [
        {"code": r.code, "road": r.road, "name": r.name, "road_class": r.road_class, "lanes": int(r.lanes),
         "free_flow_kmh": float(r.free_flow_kmh), "length_m": float(r.length_m), "ward_code": r.ward_code,
         "lon": round(p.x, 6), "lat": round(p.y, 6), "geometry": geojson_text(r.geometry)}
        for r, p in zip(roads.itertuples(), rep, strict=True)
    ]
    upsert(engine, RoadSegment.__table__, segments, ["code"])
    return len(segments)
