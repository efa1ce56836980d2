"""The one write path shared by the seeder, the simulator and the ingest API.

validate → normalise → idempotent insert (+ rollups) → bump the data version → update feed health.
Every record is judged on its own: valid ones are written, invalid ones come back with index and reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial

import pandas as pd
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Connection, case, select, text, tuple_

from data.domains.cameras.models import CameraEvent, CameraStatus
from data.domains.environment.models import EnvHourly, EnvObs
from data.domains.incidents.models import (
    Incident,
    IncidentEvent,
    IncidentEventUnit,
    IncidentMerge,
    ResponseUnit,
)
from data.domains.traffic.models import TrafficHourly, TrafficObs
from data.ingest import audit
from data.ingest.registry import Registry
from data.rules import lifecycle
from data.rules.records import (
    ENV_PARAMETERS,
    UNIT_ALIASES,
    CameraRecord,
    Code,
    EnvRecord,
    IncidentEventRecord,
    IncidentRecord,
    TrafficRecord,
    channel_of,
)
from data.rules.refusals import Refusal, invalid_record
from data.store.db import Engines, dialect_insert, utcnow
from data.store.models import DataVersion, FeedHealth, FeedHourly
from data.store.models_access import AuditEntry

MAX_FUTURE = timedelta(minutes=5)
DEFAULT_CADENCE_S = {"traffic": 300, "environment": 3600, "cameras": 900, "incidents": 3600}
CHUNK = 5000


@dataclass
class Rejection:
    """A record refused, by its index in the batch: `error` in English, `reason` + `params` as a `Refusal` has."""

    index: int
    error: str
    reason: str
    params: dict = field(default_factory=dict)

    @classmethod
    def of(cls, index: int, refusal: Refusal) -> Rejection:
        return cls(index, str(refusal), refusal.reason, refusal.params)

    def at(self, index: int) -> Rejection:
        """The same rejection at the record's position in a larger batch."""
        return replace(self, index=index)


@dataclass
class WriteResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "duplicates": self.duplicates,
                "rejected": [{"index": r.index, "error": r.error, "reason": r.reason} for r in self.rejected]}


class LifecycleRecord(IncidentEventRecord):
    """A lifecycle event with what the console adds: several units for a dispatch, the incident a duplicate
    is merged into."""

    unit_codes: list[Code] = Field(default_factory=list, max_length=12)
    merge_into: int | None = Field(default=None, ge=1)
    # A feed names the original by its own external id (same source) instead of the database id.
    merge_into_external_id: Code | None = None


class RecordError(Refusal):
    """A record that is well-formed but refers to something we do not know or accept."""


def _hour(ts: datetime) -> datetime:
    return ts.replace(minute=0, second=0, microsecond=0)


def _increment(stmt, table, columns: Iterable[str]):
    return {c: table.c[c] + stmt.excluded[c] for c in columns}


class WritePath:
    """Writes records of the four domains. `notify(domain)` is called after each commit that changed data."""

    def __init__(self, engines: Engines, registry: Registry, clock: Callable[[], datetime] = utcnow,
                 notify: Callable[[str], None] | None = None):
        self.engines = engines
        self.registry = registry
        self.clock = clock
        self.notify = notify or (lambda _domain: None)
        self._feed_lock = threading.Lock()

    # --- public entry points ----------------------------------------------------------------------

    def write(self, domain: str, records: Iterable[Mapping], feed: str,
              expected_every_s: int | None = None, actor: str | None = None) -> WriteResult:
        """`actor` names who created incidents in the audit trail (default: the record's source)."""
        handler = {
            "traffic": self._traffic, "environment": self._environment,
            "cameras": self._cameras, "incidents": partial(self._incidents, actor=actor),
        }.get(domain)
        if handler is None:
            raise ValueError(f"unknown domain {domain!r}")
        result = WriteResult()
        valid = self._validate(records, domain, result)
        changed = 0
        for start in range(0, len(valid), CHUNK):
            with self.engines[domain].begin() as conn:
                inserted = handler(conn, valid[start:start + CHUNK])
                if inserted:
                    self._bump_version(conn, domain)
            changed += inserted
        result.accepted = changed
        result.duplicates = len(valid) - changed
        self._record_feed(feed, domain, len(valid), len(result.rejected),
                          max((r.ts for _, r in valid), default=None) if domain != "incidents" else None,
                          expected_every_s)
        if changed:
            self.notify(domain)
        return result

    def incident_events(self, records: Iterable[Mapping], feed: str) -> WriteResult:
        """Lifecycle events for known incidents; illegal transitions are rejected per record."""
        result = WriteResult()
        valid = [(i, r) for i, r in self._parse(records, LifecycleRecord, result)
                 if self._check_status(i, r, result)]
        changed = 0
        with self.engines["incidents"].begin() as conn:
            for index, rec in sorted(valid, key=lambda item: item[1].ts):
                try:
                    changed += self._incident_event(conn, rec)
                except RecordError as exc:
                    result.rejected.append(Rejection.of(index, exc))
            if changed:
                self._bump_version(conn, "incidents")
        result.accepted = changed
        result.duplicates = len(valid) - changed - sum(1 for r in result.rejected if r.index in {i for i, _ in valid})
        self._record_feed(feed, "incidents", len(valid), len(result.rejected), None, None)
        if changed:
            self.notify("incidents")
        return result

    def bump(self, domain: str) -> None:
        """Tell watchers that `domain` changed outside the record writes (e.g. alerts opened or acknowledged)."""
        with self.engines[domain].begin() as conn:
            self._bump_version(conn, domain)
        self.notify(domain)

    # --- validation -------------------------------------------------------------------------------

    def _parse(self, records: Iterable[Mapping], model: type[BaseModel], result: WriteResult):
        for index, raw in enumerate(records):
            if not isinstance(raw, Mapping):
                result.rejected.append(Rejection(index, "record: must be a JSON object", "not_an_object"))
                continue
            try:
                yield index, model.model_validate(raw)
            except ValidationError as exc:
                result.rejected.append(Rejection.of(index, invalid_record(exc)))

    def _check_status(self, index: int, rec: IncidentEventRecord, result: WriteResult) -> bool:
        if rec.to_status not in lifecycle.STATUSES:
            result.rejected.append(Rejection(index, f"to_status: unknown status {rec.to_status!r}", "unknown_status",
                                             {"status": rec.to_status}))
            return False
        return True

    def _validate(self, records: Iterable[Mapping], domain: str, result: WriteResult) -> list[tuple[int, BaseModel]]:
        model = {"traffic": TrafficRecord, "environment": EnvRecord,
                 "cameras": CameraRecord, "incidents": IncidentRecord}[domain]
        check = getattr(self, f"_check_{domain}")
        latest = self.clock() + MAX_FUTURE
        valid = []
        for index, rec in self._parse(records, model, result):
            ts = rec.reported_at if domain == "incidents" else rec.ts
            try:
                if ts > latest:
                    raise RecordError("ts_in_future", "ts: timestamp is in the future")
                valid.append((index, check(rec)))
            except RecordError as exc:
                result.rejected.append(Rejection.of(index, exc))
        return valid

    def _known(self, domain: str, code: str, what: str):
        entity = self.registry.entities(domain).get(code)
        if entity is None:
            raise RecordError("unknown_code", f"{what}: unknown code {code!r}", field=what, code=code)
        return entity

    def _check_traffic(self, rec: TrafficRecord) -> TrafficRecord:
        self._known("traffic", rec.segment, "segment")
        return rec

    def _check_environment(self, rec: EnvRecord) -> EnvRecord:
        self._known("environment", rec.station, "station")
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
        return rec if rec.unit == unit else rec.model_copy(update={"unit": unit})

    def _check_cameras(self, rec: CameraRecord) -> CameraRecord:
        self._known("cameras", rec.camera, "camera")
        if rec.online is None and rec.event is None:
            raise RecordError("online_or_event", "record: needs 'online' or 'event'")
        return rec

    def _check_incidents(self, rec: IncidentRecord) -> IncidentRecord:
        self._known("categories", rec.category, "category")
        if self.registry.locator.locate(rec.lon, rec.lat) is None:
            raise RecordError("outside_city", "lat/lon: the point is outside the city's wards", lat=rec.lat, lon=rec.lon)
        return rec

    # --- inserts ----------------------------------------------------------------------------------

    def _insert_new(self, conn: Connection, table, rows: list[dict], keys: list[str]) -> list[dict]:
        """Insert rows, skipping existing keys and repeats within the batch; return the rows inserted."""
        unique = {tuple(r[k] for k in keys): r for r in rows}
        if not unique:
            return []
        if conn.dialect.name == "postgresql":
            returned = _pg_unnest_insert(conn, table, list(unique.values()), keys)
        else:
            stmt = dialect_insert(conn, table).on_conflict_do_nothing(index_elements=keys)
            stmt = stmt.returning(*[table.c[k] for k in keys])
            returned = conn.execute(stmt, list(unique.values()))
        return [unique[_key_of(row)] for row in returned]

    def _traffic(self, conn: Connection, valid) -> int:
        entities = self.registry.entities("traffic")
        rows = [{"segment_code": r.segment, "ts": r.ts, "speed_kmh": r.speed_kmh, "volume_vph": r.volume_vph,
                 "occupancy": r.occupancy, "ward_code": entities[r.segment].ward_code} for _, r in valid]
        new = pd.DataFrame(self._insert_new(conn, TrafficObs.__table__, rows, ["segment_code", "ts"]))
        if new.empty:
            return 0
        new["hour"] = _hours(new["ts"])
        new["volume_n"] = new["volume_vph"].notna().astype(int)
        grouped = new.groupby(["segment_code", "hour", "ward_code"], dropna=False).agg(
            n=("speed_kmh", "size"), speed_sum=("speed_kmh", "sum"),
            volume_sum=("volume_vph", "sum"), volume_n=("volume_n", "sum")).reset_index()
        table = TrafficHourly.__table__
        stmt = dialect_insert(conn, table)
        stmt = stmt.on_conflict_do_update(index_elements=["segment_code", "hour"],
                                          set_=_increment(stmt, table, ["n", "speed_sum", "volume_sum", "volume_n"]))
        conn.execute(stmt, _records(grouped))
        return len(new)

    def _environment(self, conn: Connection, valid) -> int:
        entities = self.registry.entities("environment")
        rows = [{"station_code": r.station, "parameter": r.parameter, "ts": r.ts, "value": r.value, "unit": r.unit,
                 "flag": r.flag, "ward_code": entities[r.station].ward_code} for _, r in valid]
        keys = ["station_code", "parameter", "ts"]
        new = pd.DataFrame(self._insert_new(conn, EnvObs.__table__, rows, keys))
        if new.empty:
            return 0
        new["hour"] = _hours(new["ts"])
        grouped = new.groupby(["station_code", "parameter", "hour", "ward_code"], dropna=False).agg(
            n=("value", "size"), value_sum=("value", "sum"), value_min=("value", "min"),
            value_max=("value", "max")).reset_index()
        table = EnvHourly.__table__
        stmt = dialect_insert(conn, table)
        updates = _increment(stmt, table, ["n", "value_sum"])
        updates["value_min"] = case((stmt.excluded.value_min < table.c.value_min, stmt.excluded.value_min),
                                    else_=table.c.value_min)
        updates["value_max"] = case((stmt.excluded.value_max > table.c.value_max, stmt.excluded.value_max),
                                    else_=table.c.value_max)
        conn.execute(stmt.on_conflict_do_update(index_elements=["station_code", "parameter", "hour"], set_=updates),
                     _records(grouped))
        return len(new)

    def _cameras(self, conn: Connection, valid) -> int:
        entities = self.registry.entities("cameras")
        recs = sorted((r for _, r in valid), key=lambda r: r.ts)
        changed = self._camera_status(conn, [r for r in recs if r.online is not None], entities)
        events = [{"camera_code": r.camera, "ts": r.ts, "kind": r.event.kind, "value": r.event.value,
                   "confidence": r.event.confidence, "ward_code": entities[r.camera].ward_code}
                  for r in recs if r.event is not None]
        changed += len(self._insert_new(conn, CameraEvent.__table__, events, ["camera_code", "ts", "kind"]))
        return changed

    def _camera_status(self, conn: Connection, recs: list[CameraRecord], entities) -> int:
        """Keep status *changes*: a report equal to the camera's state at that time is a heartbeat."""
        if not recs:
            return 0
        table = CameraStatus.__table__
        codes = sorted({r.camera for r in recs})
        latest = {}
        last_ts = select(table.c.camera_code, table.c.ts, table.c.online).where(table.c.camera_code.in_(codes))
        latest_q = last_ts.where(
            tuple_(table.c.camera_code, table.c.ts).in_(
                select(table.c.camera_code, _max(table.c.ts)).where(table.c.camera_code.in_(codes))
                .group_by(table.c.camera_code)))
        for code, ts, online in conn.execute(latest_q):
            latest[code] = (ts, online)
        rows = []
        for r in recs:
            previous = latest.get(r.camera)
            if previous is not None and r.ts > previous[0] and r.online == previous[1]:
                continue  # heartbeat: no change
            if previous is None or r.ts > previous[0]:
                latest[r.camera] = (r.ts, r.online)
            rows.append({"camera_code": r.camera, "ts": r.ts, "online": r.online,
                         "ward_code": entities[r.camera].ward_code})
        return len(self._insert_new(conn, table, rows, ["camera_code", "ts"]))

    def _incidents(self, conn: Connection, valid, actor: str | None = None) -> int:
        rows = [{"source": r.source, "external_id": r.external_id, "category": r.category, "severity": r.severity,
                 "title": r.title, "description": r.description, "lon": round(r.lon, 6), "lat": round(r.lat, 6),
                 "ward_code": self.registry.locator.locate(r.lon, r.lat), "reported_at": r.reported_at,
                 "channel": channel_of(r.source, r.channel), "status": lifecycle.NEW, "updated_at": r.reported_at, "reporter_name": r.reporter_name,
                 "reporter_phone": r.reporter_phone} for _, r in valid]
        table = Incident.__table__
        unique = list({(r["source"], r["external_id"]): r for r in rows}.values())
        if not unique:
            return 0
        stmt = dialect_insert(conn, table).on_conflict_do_nothing(index_elements=["source", "external_id"])
        inserted = conn.execute(stmt.returning(table.c.id, table.c.source, table.c.reported_at), unique).all()
        if inserted:
            conn.execute(IncidentEvent.__table__.insert(), [
                {"incident_id": i, "ts": ts, "actor": actor or source, "from_status": None,
                 "to_status": lifecycle.NEW, "note": None, "unit_code": None} for i, source, ts in inserted])
            self._audit(conn, [{"ts": ts, "actor": actor or source, "action": "incident.create",
                                "target": f"incident:{i}", "before": None, "after": {"status": lifecycle.NEW}}
                               for i, source, ts in inserted])
        return len(inserted)

    def _incident_event(self, conn: Connection, rec: LifecycleRecord) -> int:
        incidents = Incident.__table__
        events = IncidentEvent.__table__
        found = conn.execute(select(incidents.c.id, incidents.c.reported_at).where(
            incidents.c.source == rec.source, incidents.c.external_id == rec.external_id)).first()
        if found is None:
            raise RecordError("unknown_incident", f"external_id: unknown incident {rec.source}/{rec.external_id}",
                              source=rec.source, external_id=rec.external_id)
        incident_id, reported_at = found
        if conn.execute(select(events.c.id).where(events.c.incident_id == incident_id, events.c.ts == rec.ts,
                                                  events.c.to_status == rec.to_status)).first():
            return 0  # the same event again
        if rec.ts < reported_at:
            raise RecordError("before_report", "ts: before the incident was reported")
        current = conn.execute(
            select(events.c.to_status, events.c.ts).where(events.c.incident_id == incident_id)
            .order_by(events.c.ts.desc(), events.c.id.desc()).limit(1)).first()
        if current is not None and rec.ts < current.ts:
            raise RecordError("before_latest_event", "ts: older than the incident's latest event")
        status = current.to_status if current else None
        if not lifecycle.is_allowed(status, rec.to_status):
            raise RecordError("transition_not_allowed", f"to_status: {status} → {rec.to_status} is not allowed",
                              from_status=status, to_status=rec.to_status)
        if lifecycle.needs_note(status, rec.to_status) and not (rec.note or "").strip():
            raise RecordError("comment_required", f"note: a comment is required for {status} → {rec.to_status}",
                              from_status=status, to_status=rec.to_status)
        units = self._dispatch_units(conn, rec)
        into = self._merge_target(conn, incident_id, rec)
        event_id = conn.execute(events.insert().returning(events.c.id), {
            "incident_id": incident_id, "ts": rec.ts, "actor": rec.actor, "from_status": status,
            "to_status": rec.to_status, "note": rec.note, "unit_code": units[0] if units else None}).scalar_one()
        if units:
            conn.execute(IncidentEventUnit.__table__.insert(),
                         [{"event_id": event_id, "unit_code": u} for u in units])
        if into is not None:
            conn.execute(IncidentMerge.__table__.insert(),
                         {"duplicate_id": incident_id, "into_id": into, "ts": rec.ts, "actor": rec.actor})
        conn.execute(incidents.update().where(incidents.c.id == incident_id)
                     .values(status=rec.to_status, updated_at=rec.ts))
        after = {"status": rec.to_status, "note": rec.note, "units": units or None, "merged_into": into}
        self._audit(conn, [{"ts": rec.ts, "actor": rec.actor, "action": "incident.status",
                            "target": f"incident:{incident_id}", "before": {"status": status},
                            "after": {k: v for k, v in after.items() if v is not None}}])
        return 1

    def _dispatch_units(self, conn: Connection, rec: LifecycleRecord) -> list[str]:
        """The units of a dispatch (each a registered response unit; a feed may not know them, the console
        asks for at least one); none for other transitions."""
        units = list(dict.fromkeys([*rec.unit_codes, *([rec.unit_code] if rec.unit_code else [])]))
        if rec.to_status != lifecycle.DISPATCHED:
            if units:
                raise RecordError("units_only_for_dispatch", "unit_codes: only a dispatch names response units")
            return []
        if not units:
            return []
        table = ResponseUnit.__table__
        active = dict(conn.execute(select(table.c.code, table.c.active).where(table.c.code.in_(units))).all())
        unknown = [u for u in units if u not in active]
        if unknown:
            raise RecordError("dispatch_unknown_unit", f"unit_codes: unknown response unit {unknown[0]!r}",
                              code=unknown[0])
        inactive = [u for u in units if not active[u]]
        if inactive:
            raise RecordError("unit_inactive",
                              f"unit_codes: response unit {inactive[0]!r} is inactive and takes no dispatches",
                              code=inactive[0])
        return units

    def _merge_target(self, conn: Connection, incident_id: int, rec: LifecycleRecord) -> int | None:
        if rec.merge_into_external_id is not None and rec.merge_into is None:
            table = Incident.__table__
            found = conn.execute(select(table.c.id).where(table.c.source == rec.source,
                                                          table.c.external_id == rec.merge_into_external_id)).scalar()
            if found is None:
                raise RecordError("unknown_incident",
                                  f"merge_into_external_id: unknown incident {rec.source}/{rec.merge_into_external_id}",
                                  source=rec.source, external_id=rec.merge_into_external_id)
            rec = rec.model_copy(update={"merge_into": found})
        if rec.to_status != lifecycle.DUPLICATE:
            if rec.merge_into is not None:
                raise RecordError("merge_only_for_duplicate",
                                  "merge_into: only a duplicate is merged into another incident")
            return None
        if rec.merge_into is None:
            raise RecordError("merge_target_needed", "merge_into: a duplicate needs the incident it duplicates")
        if rec.merge_into == incident_id:
            raise RecordError("merge_into_itself", "merge_into: an incident cannot duplicate itself")
        table = Incident.__table__
        target = conn.execute(select(table.c.status).where(table.c.id == rec.merge_into)).scalar()
        if target is None:
            raise RecordError("merge_target_unknown", f"merge_into: unknown incident {rec.merge_into}",
                              id=rec.merge_into)
        if target == lifecycle.DUPLICATE:
            raise RecordError("merge_target_duplicate",
                              f"merge_into: incident {rec.merge_into} is itself a duplicate; merge into its original",
                              id=rec.merge_into)
        return rec.merge_into

    def _audit(self, conn: Connection, entries: list[dict]) -> None:
        """In the same transaction when the audit trail shares the incidents' database, else right after."""
        if not entries:
            return
        if self.engines["incidents"] is self.engines.main:
            conn.execute(AuditEntry.__table__.insert(), [
                {**e, "before": audit.to_json(e["before"]), "after": audit.to_json(e["after"])} for e in entries])
        else:
            audit.record_many(self.engines.main, entries)

    # --- bookkeeping ------------------------------------------------------------------------------

    def _bump_version(self, conn: Connection, domain: str) -> None:
        table = DataVersion.__table__
        stmt = dialect_insert(conn, table).values(domain=domain, version=1, updated_at=self.clock())
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["domain"],
            set_={"version": table.c.version + 1, "updated_at": stmt.excluded.updated_at}))

    def _record_feed(self, feed: str, domain: str, received: int, rejected: int,
                     data_ts: datetime | None, expected_every_s: int | None) -> None:
        now = self.clock()
        health = FeedHealth.__table__
        hourly = FeedHourly.__table__
        with self._feed_lock, self.engines.main.begin() as conn:
            stmt = dialect_insert(conn, health).values(
                feed=feed, domain=domain,
                expected_every_s=DEFAULT_CADENCE_S[domain] if expected_every_s is None else expected_every_s,
                last_seen=now, last_data_ts=data_ts, received_total=received, rejected_total=rejected)
            updates = {"last_seen": stmt.excluded.last_seen,
                       "last_data_ts": case((stmt.excluded.last_data_ts.is_(None), health.c.last_data_ts),
                                            else_=stmt.excluded.last_data_ts),
                       **_increment(stmt, health, ["received_total", "rejected_total"])}
            if expected_every_s is not None:  # 0 marks a one-off import (no cadence)
                updates["expected_every_s"] = stmt.excluded.expected_every_s
            conn.execute(stmt.on_conflict_do_update(index_elements=["feed"], set_=updates))
            stmt = dialect_insert(conn, hourly).values(feed=feed, hour=_hour(now), received=received,
                                                       rejected=rejected)
            conn.execute(stmt.on_conflict_do_update(index_elements=["feed", "hour"],
                                                    set_=_increment(stmt, hourly, ["received", "rejected"])))


def _key_of(row) -> tuple:
    """A RETURNING row as a key tuple, with timestamps made aware (SQLite hands back naive UTC)."""
    return tuple(v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v for v in row)


def _hours(ts: pd.Series) -> pd.Series:
    """Hour starts of a timestamp column (vectorised `_hour`), as aware UTC datetimes."""
    return pd.to_datetime(ts, utc=True).dt.floor("h")


def _pg_unnest_insert(conn: Connection, table, rows: list[dict], keys: list[str]):
    """PostgreSQL: one INSERT … SELECT FROM unnest(arrays) instead of a many-VALUES statement.

    Same result as the generic ON CONFLICT DO NOTHING … RETURNING, several times faster for large batches
    (the driver no longer parses a statement with thousands of placeholders). Values travel as text arrays
    cast to each column's type, so mixed Python types in one column cannot confuse array adaptation.
    """
    columns = list(rows[0])
    types = {c: table.c[c].type.compile(dialect=conn.dialect) for c in columns}
    arrays = {}
    for i, c in enumerate(columns):
        bind = table.c[c].type.bind_processor(conn.dialect)
        values = (r[c] for r in rows)
        values = (bind(v) for v in values) if bind else values
        arrays[f"a{i}"] = [None if v is None else (v.isoformat() if isinstance(v, datetime) else str(v))
                           for v in values]
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    selected = ", ".join(f"CAST(u.c{i} AS {types[c]})" for i, c in enumerate(columns))
    unnest = ", ".join(f"CAST(:a{i} AS TEXT[])" for i in range(len(columns)))
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    key_names = ", ".join(quote(k) for k in keys)
    sql = (f"INSERT INTO {quote(table.name)} ({names}) SELECT {selected} FROM unnest({unnest}) AS u({aliases}) "
           f"ON CONFLICT ({key_names}) DO NOTHING RETURNING {key_names}")
    return conn.execute(text(sql), arrays)


def _max(column):
    from sqlalchemy import func

    return func.max(column)


def _records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain Python values (numpy scalars and NaN confuse DB drivers)."""
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")
