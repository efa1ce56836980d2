"""FIWARE NGSI-v2 entities (Smart Data Models) → write-path records.

Handles `AirQualityObserved`, `WaterQualityObserved`, `TrafficFlowObserved`, `Device` (camera status) and `Alert`
(→ incident) in normalized (`{"attr": {"type", "value", "metadata"}}`) and keyValues (`{"attr": value}`) forms.
`dateObserved` may be an instant or an ISO interval `start/end` (the start is used; traffic intensity is scaled
to vehicles per hour over the interval). A `dateObserved` without offset is read as UTC, as the models
specify UTC and their published examples omit the offset. `unitCode` metadata is honoured (GQ µg/m³, GP mg/m³,
CEL, P1 %, MTR, MMT); other unit codes reject that attribute. Unknown attributes are ignored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from data.store.db import dialect_insert
from data.store.models_feeds import NgsiEntity

ENTITY_DOMAINS = {"AirQualityObserved": "environment", "WaterQualityObserved": "environment",
                  "TrafficFlowObserved": "traffic", "Device": "cameras", "Alert": "incidents"}
AIR = {"pm25": "pm25", "pm2_5": "pm25", "pm2.5": "pm25", "pm10": "pm10", "o3": "o3", "co": "co", "so2": "so2",
       "no2": "no2", "temperature": "temperature", "relativehumidity": "humidity", "humidity": "humidity",
       "precipitation": "rain_mm"}
WATER = {"ph": "ph", "o2": "do", "dissolvedoxygen": "do", "nh4": "nh4", "bod": "bod5", "bod5": "bod5",
         "cod": "cod", "tss": "tss", "temperature": "temperature"}
# UN/CEFACT unit codes → (unit the write path knows, factor)
UNIT_CODES = {"GQ": ("ug/m3", 1.0), "GP": ("ug/m3", 1000.0), "CEL": ("C", 1.0), "P1": ("%", 1.0),
              "MTR": ("m", 1.0), "MMT": ("mm", 1.0), "M1": ("mg/l", 1.0)}
ONLINE = {"ok", "on", "online", "active", "working", "green", "connected"}
OFFLINE = {"off", "offline", "error", "failure", "failed", "broken", "disconnected", "red", "inactive"}
SEVERITY = {"critical": 1, "high": 2, "medium": 3, "low": 4, "informational": 4}
ALERT_CATEGORIES = {"traffic": "giao_thong", "weather": "cap_thoat_nuoc", "environment": "moi_truong",
                    "health": "y_te", "security": "an_ninh_trat_tu", "infrastructure": "ha_tang"}
CODE_RE = re.compile(r"^[\w.\-:]{1,32}$")


class EntityError(ValueError):
    pass


@dataclass
class Translated:
    domain: str
    records: list[dict]
    skipped: list[str] = field(default_factory=list)  # attributes refused, with reasons


def value_of(attr):
    """The value of a normalized attribute, or the attribute itself in keyValues form."""
    return attr.get("value") if isinstance(attr, Mapping) and "value" in attr else attr


def unit_code(attr) -> str | None:
    if not isinstance(attr, Mapping):
        return None
    meta = attr.get("metadata")
    code = value_of(meta.get("unitCode")) if isinstance(meta, Mapping) else None
    return str(code) if code is not None else None


def observed_at(entity: Mapping, *names: str) -> tuple[datetime, float | None]:
    """(start, interval seconds or None) of the first of `names` present."""
    for name in names:
        raw = value_of(entity.get(name))
        if raw is None:
            continue
        if not isinstance(raw, str):
            raise EntityError(f"{name}: not a date")
        start, _, end = raw.partition("/")
        first = _instant(name, start)
        return first, ((_instant(name, end) - first).total_seconds() if end else None)
    raise EntityError(f"{names[0]}: missing")


def _instant(name: str, text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise EntityError(f"{name}: not an ISO-8601 date ({text[:40]!r})") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class EntityMap:
    """NGSI ids (entity, refDevice, refPointOfInterest, refRoadSegment) → registered codes, kept in the database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def register(self, entity_id: str, domain: str, code: str) -> None:
        table = NgsiEntity.__table__
        with self.engine.begin() as conn:
            stmt = dialect_insert(conn, table).values(entity_id=entity_id, domain=domain, code=code)
            conn.execute(stmt.on_conflict_do_update(index_elements=["entity_id"],
                                                    set_={"domain": domain, "code": code}))

    def lookup(self, ids: list[str], domain: str) -> str | None:
        if not ids:
            return None
        with self.engine.connect() as conn:
            found = dict(conn.execute(select(NgsiEntity.entity_id, NgsiEntity.code)
                                      .where(NgsiEntity.entity_id.in_(ids), NgsiEntity.domain == domain)).all())
        return next((found[i] for i in ids if i in found), None)


def translate(entity: Mapping, resolve: Callable[[list[str], str], str | None]) -> Translated:
    """Records for one entity; `resolve(candidate ids, domain)` finds the registered code."""
    if not isinstance(entity, Mapping):
        raise EntityError("entity: must be a JSON object")
    kind = entity.get("type")
    domain = ENTITY_DOMAINS.get(kind) if isinstance(kind, str) else None
    if domain is None:
        raise EntityError(f"type: unsupported entity type {str(kind)[:60]!r}")
    entity_id = entity.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        raise EntityError("id: missing")
    if domain == "incidents":
        return Translated(domain, [_alert(entity, entity_id)])
    refs = [entity_id] + [str(value_of(entity[k])) for k in ("refDevice", "refPointOfInterest", "refRoadSegment")
                          if isinstance(value_of(entity.get(k)), str)]
    code = resolve(refs, domain)
    if code is None:
        raise EntityError(f"id: no registered {domain} entity for {entity_id[:80]!r} (map it or use its code)")
    if domain == "environment":
        return _environment(entity, code, WATER if kind == "WaterQualityObserved" else AIR)
    if domain == "traffic":
        return _traffic(entity, code)
    return _device(entity, code)


def _environment(entity: Mapping, station: str, names: dict[str, str]) -> Translated:
    ts, _ = observed_at(entity, "dateObserved")
    out = Translated("environment", [])
    for name, attr in entity.items():
        parameter = names.get(name.lower())
        value = value_of(attr)
        if parameter is None or value is None:
            continue  # unknown attributes are ignored
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.skipped.append(f"{name}: not a number")
            continue
        record = {"station": station, "ts": ts.isoformat(), "parameter": parameter, "value": float(value)}
        code = unit_code(attr)
        if code is not None:
            if code not in UNIT_CODES:
                out.skipped.append(f"{name}: unsupported unitCode {code[:16]!r}")
                continue
            record["unit"], factor = UNIT_CODES[code]
            record["value"] = float(value) * factor
        elif parameter == "humidity" and 0 <= value <= 1:
            record["value"] = float(value) * 100  # the models give relativeHumidity as a fraction
        out.records.append(record)
    return out


def _traffic(entity: Mapping, segment: str) -> Translated:
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


def _device(entity: Mapping, camera: str) -> Translated:
    ts, _ = observed_at(entity, "dateLastValueReported", "dateObserved", "dateModified")
    state = value_of(entity.get("deviceState"))
    state = str(state).strip().lower() if state is not None else ""
    if state not in ONLINE | OFFLINE:
        raise EntityError(f"deviceState: unknown state {state[:30]!r}")
    return Translated("cameras", [{"camera": camera, "ts": ts.isoformat(), "online": state in ONLINE}])


def _alert(entity: Mapping, entity_id: str) -> dict:
    ts, _ = observed_at(entity, "dateIssued", "dateObserved")
    location = value_of(entity.get("location"))
    try:
        lon, lat = location["coordinates"][:2]
    except (TypeError, KeyError, ValueError) as exc:
        raise EntityError("location: a GeoJSON Point is required") from exc
    category = str(value_of(entity.get("category")) or "").lower()
    sub = str(value_of(entity.get("subCategory")) or category or "alert")
    external = entity_id if CODE_RE.match(entity_id) else hashlib.sha1(entity_id.encode()).hexdigest()[:32]
    return {"external_id": external, "source": "ngsi", "category": ALERT_CATEGORIES.get(category, "khac"),
            "severity": SEVERITY.get(str(value_of(entity.get("severity")) or "").lower(), 3),
            "title": sub[:200], "description": (str(value_of(entity.get("description")) or "") or None),
            "lat": lat, "lon": lon, "reported_at": ts.isoformat()}
