"""Traffic across the feeds: NGSI-v2 `TrafficFlowObserved` → readings; open data: segments with their state."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data.rules.ngsi import EntityError, Translated, observed_at, value_of
from data.store.frames import feature_collection


def traffic_flow(entity: Mapping, segment: str) -> Translated:
    """A `TrafficFlowObserved`; an interval's intensity is scaled to vehicles per hour."""
    ts, seconds = observed_at(entity, "dateObserved")
    speed = value_of(entity.get("averageVehicleSpeed"))
    if speed is None:
        raise EntityError("averageVehicleSpeed: missing")
    record = {"segment": segment, "ts": ts.isoformat(), "speed_kmh": speed}
    intensity = value_of(entity.get("intensity"))
    if isinstance(intensity, int | float) and not isinstance(intensity, bool):
        record["volume_vph"] = round(intensity * 3600 / seconds) if seconds else int(intensity)
    occupancy = value_of(entity.get("occupancy"))
    if occupancy is not None:
        record["occupancy"] = occupancy
    return Translated("traffic", [record])


def segments_layer(traffic, at) -> dict:
    segs = traffic.segments()
    geometry = {code: g.__geo_interface__ for code, g in zip(segs["code"], segs.geometry, strict=True)}
    state = traffic.current(at)[["segment_code", "ts", "speed_kmh", "volume_vph", "occupancy", "speed_ratio", "level"]]
    frame = pd.DataFrame(segs.drop(columns="geometry")).merge(
        state, left_on="code", right_on="segment_code", how="left").drop(columns="segment_code")
    return feature_collection(frame, lambda row: geometry[row["code"]])


def series(traffic, start, end, bucket: str, ward: str | None, entity: str | None, _parameter: str):
    return traffic.series(start, end, bucket, segment=entity, ward=ward)
