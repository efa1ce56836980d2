"""The city's registries in the database: loaded from a city pack, looked up by the write path."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd

from data.domains.registry import spec, specs
from data.store.db import Engines
from data.store.inserts import geojson_text, upsert
from data.store.models import AdminUnit
from geo.pack import CityPack, UnitLocator


def load_registries(engines: Engines, pack: CityPack) -> dict[str, int]:
    """Upsert the pack's admin units and every domain's registry (idempotent); wards are assigned to sites
    and segments here. Returns the rows per registry."""
    units = admin_unit_rows(pack.units)
    upsert(engines.main, AdminUnit.__table__, units, ["level", "code"])
    return {"units": len(units), **{s.name: s.load_registry(engines[s.name], pack) for s in specs()}}


def admin_unit_rows(units) -> list[dict]:
    """Rows of `admin_units` for a frame of a pack's units (any levels)."""
    return [
        {"level": r.level, "code": str(r.code), "name": r.name, "short_name": r.short_name,
         "valid_from": _date(r.valid_from), "valid_to": _date(r.valid_to),
         "population": None if pd.isna(r.population) else int(r.population), "geometry": geojson_text(r.geometry)}
        for r in units.itertuples()
    ]


def _date(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


@dataclass(frozen=True)
class Entity:
    """A registered code's ward and kind, and a number its domain's writer needs (a segment's free-flow
    speed: a fourth column of the domain's `entities()` query)."""

    ward_code: str | None
    kind: str | None = None
    value: float | None = None


class Registry:
    """Known entity codes of every domain (the codes its records may name: segments, cameras, stations,
    incident categories) and their wards, read once from the database and refreshed on demand."""

    def __init__(self, engines: Engines, pack: CityPack):
        self.engines = engines
        self.locator = UnitLocator(pack.wards)
        self._lock = threading.Lock()
        self._cache: dict[str, dict[str, Entity]] = {}

    def refresh(self) -> None:
        with self._lock:
            self._cache.clear()

    def _load(self, domain: str) -> dict[str, Entity]:
        with self.engines[domain].connect() as conn:
            return {code: Entity(ward, str(kind), *(float(v) for v in more))
                    for code, ward, kind, *more in conn.execute(spec(domain).entities())}

    def entities(self, domain: str) -> dict[str, Entity]:
        cached = self._cache.get(domain)  # asked once per record: no lock once loaded
        if cached is not None:
            return cached
        with self._lock:
            if domain not in self._cache:
                self._cache[domain] = self._load(domain)
            return self._cache[domain]
