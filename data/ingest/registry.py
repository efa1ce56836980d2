"""The city's registries in the database: loaded from a city pack, looked up by the write path."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

import pandas as pd
from shapely.geometry import mapping
from sqlalchemy import String, literal, select

from data.domains.cameras.models import Camera
from data.domains.environment.models import EnvStation
from data.domains.incidents.models import IncidentCategory, ResponseUnit
from data.domains.traffic.models import RoadSegment
from data.store.db import Engines, dialect_insert
from data.store.models import AdminUnit
from geo.pack import CityPack, UnitLocator, assign_units


def _upsert(engine, table, rows: list[dict], keys: list[str]) -> None:
    if not rows:
        return
    with engine.begin() as conn:
        stmt = dialect_insert(conn, table)
        updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def _insert_new(engine, table, rows: list[dict], keys: list[str]) -> None:
    """Insert rows whose key is not there yet; existing rows (maybe edited by an admin) are left alone."""
    if rows:
        with engine.begin() as conn:
            conn.execute(dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys), rows)


def _geojson(geometry) -> str:
    return json.dumps(mapping(geometry), separators=(",", ":"))


def _none_if_nan(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _date(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def load_registries(engines: Engines, pack: CityPack) -> dict[str, int]:
    """Upsert every registry of the pack (idempotent); wards are assigned to points and segments here.
    Response units are only added: once in the database they are the admins' to change."""
    units = [
        {"level": r.level, "code": str(r.code), "name": r.name, "short_name": r.short_name,
         "valid_from": _date(r.valid_from), "valid_to": _date(r.valid_to),
         "population": None if pd.isna(r.population) else int(r.population), "geometry": _geojson(r.geometry)}
        for r in pack.units.itertuples()
    ]
    _upsert(engines.main, AdminUnit.__table__, units, ["level", "code"])

    roads = pack.roads.copy()
    rep = roads.geometry.representative_point()
    roads["ward_code"] = assign_units((rep.x.to_numpy(), rep.y.to_numpy()), pack.wards).to_numpy()
    segments = [
        {"code": r.code, "road": r.road, "name": r.name, "road_class": r.road_class, "lanes": int(r.lanes),
         "free_flow_kmh": float(r.free_flow_kmh), "length_m": float(r.length_m), "ward_code": r.ward_code,
         "lon": round(p.x, 6), "lat": round(p.y, 6), "geometry": _geojson(r.geometry)}
        for r, p in zip(roads.itertuples(), rep, strict=True)
    ]
    _upsert(engines["traffic"], RoadSegment.__table__, segments, ["code"])

    cams = pack.cameras.copy()
    cams["ward_code"] = assign_units(cams, pack.wards).to_numpy()
    cameras = [
        {"code": r.code, "name": r.name, "kind": r.kind, "lon": float(r.lon), "lat": float(r.lat),
         "ward_code": r.ward_code, "segment_code": _none_if_nan(r.segment) or None,
         "snapshot_url": _none_if_nan(r.snapshot_url) or None}
        for r in cams.itertuples()
    ]
    _upsert(engines["cameras"], Camera.__table__, cameras, ["code"])

    stations_df = pack.stations.copy()
    stations_df["ward_code"] = assign_units(stations_df, pack.wards).to_numpy()
    stations = [
        {"code": r.code, "name": r.name, "kind": r.kind, "lon": float(r.lon), "lat": float(r.lat),
         "ward_code": r.ward_code, "parameters": r.parameters, "alarm1": _none_if_nan(r.alarm1),
         "alarm2": _none_if_nan(r.alarm2), "alarm3": _none_if_nan(r.alarm3), "unit": _none_if_nan(r.unit)}
        for r in stations_df.itertuples()
    ]
    _upsert(engines["environment"], EnvStation.__table__, stations, ["code"])

    units_rows = [
        {"code": r.code, "name": r.name, "kind": r.kind, "ward_code": _none_if_nan(r.ward_code),
         "lon": float(r.lon), "lat": float(r.lat), "phone": _none_if_nan(r.phone) or None}
        for r in pack.response_units.itertuples()
    ]
    _insert_new(engines["incidents"], ResponseUnit.__table__, units_rows, ["code"])
    categories = [
        {"code": r.code, "name_vi": r.name_vi, "name_en": r.name_en, "default_severity": int(r.default_severity)}
        for r in pack.categories.itertuples()
    ]
    _upsert(engines["incidents"], IncidentCategory.__table__, categories, ["code"])
    return {"units": len(units), "segments": len(segments), "cameras": len(cameras),
            "stations": len(stations), "response_units": len(units_rows), "categories": len(categories)}


def no_ward():
    """Categories have no ward: a NULL column keeps every registry query the same shape."""
    return literal(None, String).label("ward_code")


@dataclass(frozen=True)
class Entity:
    ward_code: str | None
    kind: str | None = None


class Registry:
    """Known entity codes and their wards, read once from the database and refreshed on demand."""

    def __init__(self, engines: Engines, pack: CityPack):
        self.engines = engines
        self.locator = UnitLocator(pack.wards)
        self._lock = threading.Lock()
        self._cache: dict[str, dict[str, Entity]] = {}

    def refresh(self) -> None:
        with self._lock:
            self._cache.clear()

    def _load(self, domain: str) -> dict[str, Entity]:
        query = {
            "traffic": select(RoadSegment.code, RoadSegment.ward_code, RoadSegment.road_class),
            "cameras": select(Camera.code, Camera.ward_code, Camera.kind),
            "environment": select(EnvStation.code, EnvStation.ward_code, EnvStation.kind),
            "categories": select(IncidentCategory.code, no_ward(), IncidentCategory.default_severity),
        }[domain]
        engine = self.engines["incidents" if domain == "categories" else domain]
        with engine.connect() as conn:
            return {code: Entity(ward, str(kind)) for code, ward, kind in conn.execute(query)}

    def entities(self, domain: str) -> dict[str, Entity]:
        with self._lock:
            if domain not in self._cache:
                self._cache[domain] = self._load(domain)
            return self._cache[domain]
