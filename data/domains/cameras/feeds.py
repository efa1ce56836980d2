"""Cameras across the feeds: NGSI-v2 `Device` → status reports; open data: cameras with their status."""

from __future__ import annotations

from collections.abc import Mapping

from data.rules.ngsi import EntityError, Translated, observed_at, value_of
from data.store.frames import feature_collection, point_geometry

ONLINE = {"ok", "on", "online", "active", "working", "green", "connected"}
OFFLINE = {"off", "offline", "error", "failure", "failed", "broken", "disconnected", "red", "inactive"}


def device(entity: Mapping, camera: str) -> Translated:
    ts, _ = observed_at(entity, "dateLastValueReported", "dateObserved", "dateModified")
    state = value_of(entity.get("deviceState"))
    state = str(state).strip().lower() if state is not None else ""
    if state not in ONLINE | OFFLINE:
        raise EntityError(f"deviceState: unknown state {state[:30]!r}")
    return Translated("cameras", [{"camera": camera, "ts": ts.isoformat(), "online": state in ONLINE}])


def cameras_layer(cameras, at) -> dict:
    """Snapshot URLs are not published."""
    status = cameras.status(at)
    return feature_collection(status[["code", "name", "kind", "ward_code", "lon", "lat", "online", "since", "down_s"]],
                              point_geometry)


def series(cameras, start, end, bucket: str, ward: str | None, _entity: str | None, _parameter: str):
    return cameras.event_series(start, end, bucket, ward=ward)
