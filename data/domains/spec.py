"""The interface every domain folder fills in (Grafana's data-source plug-in, for a city): one `DomainSpec`.

The write path, the registries, the providers, the feeds (REST, NGSI-v2, MQTT, CSV), open data, the demo
and the live push read these specs; nothing outside a domain's folder branches on its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Select

from data.store.bulk import BulkLoad
from data.store.rollups import Rollups


@dataclass(frozen=True)
class OpenLayer:
    """A GeoJSON layer of open data (`/api/v1/open/<name>.geojson`): `build(provider, at)` → FeatureCollection
    dict (no personal data)."""

    summary: str
    build: Callable[[Any, Any], dict]


@dataclass(frozen=True)
class AlertRule:
    """A condition the rules engine watches (data/providers/alerts.py), with its defaults (a city pack's
    `alert_rules` and then the admins may change value, minutes and takeover).

    `hits(provider, at, value, minutes)` → one dict per entity where the condition holds at `at`: `entity`,
    `ward_code`, `name`, `value`, `lon`/`lat` (None without a place), optionally `severity` and more values
    for the message. `tier(hit, takeover)` → the level of the event for the wall's takeover ("very_bad",
    "2", …; a new tier is a new alarm), or None when the hit does not take over the screen. `category`: the
    incident category an escalation opens."""

    name: str
    hits: Callable[..., list[dict]]
    value: float
    minutes: int
    severity: int
    category: str
    takeover: float | None = None
    tier: Callable[[dict, float], str | None] | None = None


@dataclass(frozen=True)
class Placed:
    """The rows of a domain that stand somewhere in the city with the ward they lie in (`cityops import-geo`
    reassigns them): `model`, its `key` column, its place (lon/lat columns, or a GeoJSON `geometry` column: its
    representative point) and the tables keeping a copy of the ward by that key (readings, rollups). `alerted`:
    the keys are the entities alerts name (the main database's alerts keep a ward copy too). `regroup(conn)`
    recomputes the rollups kept per ward after sites moved to other wards."""

    name: str
    model: type
    key: str = "code"
    copies: tuple[tuple[type, str], ...] = ()
    alerted: bool = True
    regroup: Callable[[Connection], None] | None = None  # sums per ward to compute again once the copies changed
    regrouped: tuple[type, ...] = ()  # the tables `regroup` rewrites


@dataclass(frozen=True)
class DomainSpec:
    """What a domain is, as the rest of the system needs to know it.

    - `record`: the pydantic model of one record a feed sends; `record_time` names its timestamp field (checked
      against the future; for feed health `tracks_data_time` says whether it is the data's own time).
    - `check(ctx, rec)` → the record as stored (normalised) or a `RecordError`; `insert(ctx, conn, valid)`
      writes `[(index, record)]` idempotently with its rollups and returns how many rows changed. `ctx` is
      the write path (`known`, `locate`, `audit`).
    - `entities()`: SELECT code, ward_code, kind of what records may name (cached by the write path).
    - `load_registry(engine, pack)`: upserts the city pack's registry rows, returns how many.
    - `provider(engine, tz_offset_hours)`: the read side; its class docstring documents its frames.
    - `cadence_s`: a feed's default expected seconds between deliveries.
    - `ngsi_types`: NGSI-v2 entity type → `translate(entity, code)` giving this domain's records;
      `ngsi_needs_code`: whether the entity must map to a registered code first.
    - `open_layers`, `series(provider, start, end, bucket, ward, entity, parameter)`: open data.
    - `simulate`: "module:callable" giving the demo's records of [t0, t1) as `callable(simulation, t0, t1)`.
    - `alert_rules`: the conditions of this domain the rules engine watches.
    - `rollups`: how a bulk load and an upgrade rebuild the domain's rollups (the write path keeps them).
    - `bulk`: how the seeder writes the domain's simulated records as columns (`data/ingest/bulk.py`).
    - `placed`: its rows that lie in a ward, and the copies of that ward (new boundaries reassign them).
    - `order`: the place of the domain in cards, map layers and wall scenes.
    """

    name: str
    order: int
    record: type[BaseModel]
    check: Callable[[Any, BaseModel], BaseModel]
    insert: Callable[[Any, Connection, list], int]
    entities: Callable[[], Select]
    load_registry: Callable[[Any, Any], int]
    provider: type
    cadence_s: int
    record_time: str = "ts"
    tracks_data_time: bool = True
    ngsi_types: Mapping[str, Callable[[Mapping, str | None], list[dict]]] = field(default_factory=dict)
    ngsi_needs_code: bool = True
    open_layers: Mapping[str, OpenLayer] = field(default_factory=dict)
    series: Callable[..., Any] | None = None
    simulate: str | None = None
    alert_rules: tuple[AlertRule, ...] = ()
    rollups: Rollups | None = None
    bulk: BulkLoad | None = None
    placed: Placed | None = None
