"""Incidents in the write path: new incidents (each with its first event and an audit entry), lifecycle events
checked against the trail (allowed transitions, comments, units only on a dispatch and only active ones,
merges into a known original); the pack's categories and response units as the registry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, String, bindparam, func, literal, select

from data.domains.incidents.models import (
    Incident,
    IncidentCategory,
    IncidentEvent,
    IncidentEventUnit,
    IncidentMerge,
    ResponseUnit,
)
from data.domains.incidents.records import IncidentEventRecord, IncidentRecord, LifecycleRecord, channel_of
from data.rules import lifecycle
from data.rules.refusals import RecordError
from data.store.db import UTCDateTime, dialect_insert
from data.store.inserts import add_missing, none_if_nan, upsert
from geo.pack import CityPack


def check(ctx, rec: IncidentRecord) -> IncidentRecord:
    ctx.known("incidents", rec.category, "category")
    if ctx.locate(rec.lon, rec.lat) is None:
        raise RecordError("outside_city", "lat/lon: the point is outside the city's wards", lat=rec.lat, lon=rec.lon)
    return rec


def check_status(rec: IncidentEventRecord) -> None:
    if rec.to_status not in lifecycle.STATUSES:
        raise RecordError("unknown_status", f"to_status: unknown status {rec.to_status!r}", status=rec.to_status)


def insert(ctx, conn: Connection, valid: list[tuple[int, IncidentRecord]], actor: str | None = None) -> int:
    """New incidents (a resent one is a duplicate), each with its first event ("new") and an audit entry;
    `actor` names who created them (default: the record's source)."""
    rows = [{"source": r.source, "external_id": r.external_id, "category": r.category, "severity": r.severity,
             "title": r.title, "description": r.description, "lon": round(r.lon, 6), "lat": round(r.lat, 6),
             "ward_code": ctx.locate(r.lon, r.lat), "reported_at": r.reported_at,
             "channel": channel_of(r.source, r.channel), "status": lifecycle.NEW, "updated_at": r.reported_at,
             "reporter_name": r.reporter_name, "reporter_phone": r.reporter_phone, "address": r.address}
            for _, r in valid]
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
        ctx.audit(conn, [{"ts": ts, "actor": actor or source, "action": "incident.create",
                          "target": f"incident:{i}", "before": None, "after": {"status": lifecycle.NEW}}
                         for i, source, ts in inserted])
    return len(inserted)


class Trails:
    """The incidents a batch of lifecycle events names, read once (id, report time, the events they have); the
    batch's accepted events are kept here and written together by `flush`."""

    def __init__(self, conn: Connection, records: list[LifecycleRecord]):
        incidents, events = Incident.__table__, IncidentEvent.__table__
        self.ids: dict[tuple[str, str], tuple[int, datetime]] = {}
        self.status: dict[int, str] = {}
        by_source: dict[str, set[str]] = {}
        for rec in records:
            by_source.setdefault(rec.source, set()).add(rec.external_id)
        for source, external_ids in by_source.items():
            for part in _parts(sorted(external_ids)):
                for i, external_id, reported_at, status in conn.execute(
                        select(incidents.c.id, incidents.c.external_id, incidents.c.reported_at, incidents.c.status)
                        .where(incidents.c.source == source, incidents.c.external_id.in_(part))):
                    self.ids[(source, external_id)] = (i, reported_at)
                    self.status[i] = status
        self.latest: dict[int, tuple[str, datetime]] = {}
        self.seen: set[tuple[int, datetime, str]] = set()
        for part in _parts(sorted(self.status)):
            for i, ts, to_status in conn.execute(select(events.c.incident_id, events.c.ts, events.c.to_status)
                                                 .where(events.c.incident_id.in_(part))
                                                 .order_by(events.c.ts, events.c.id)):
                self.latest[i] = (to_status, ts)
                self.seen.add((i, ts, to_status))
        self.units = dict(conn.execute(select(ResponseUnit.code, ResponseUnit.active)).all())
        self.pending: list[tuple[dict, list[str], int | None]] = []  # (event row, its units, merged into)
        self.audit: list[dict] = []
        self.updates: dict[int, dict] = {}

    def accept(self, rec: LifecycleRecord, incident_id: int, status: str | None, units: list[str],
               into: int | None) -> None:
        self.pending.append(({"incident_id": incident_id, "ts": rec.ts, "actor": rec.actor, "from_status": status,
                              "to_status": rec.to_status, "note": rec.note,
                              "unit_code": units[0] if units else None}, units, into))
        self.latest[incident_id] = (rec.to_status, rec.ts)
        self.seen.add((incident_id, rec.ts, rec.to_status))
        self.status[incident_id] = rec.to_status
        update = self.updates.setdefault(incident_id, {"b_id": incident_id, **{f"b_{c}": None for c in MILESTONES}})
        update.update(b_status=rec.to_status, b_updated=rec.ts)
        for column, reached in _milestones(rec).items():
            if reached and update[f"b_{column}"] is None:
                update[f"b_{column}"] = rec.ts
        after = {"status": rec.to_status, "note": rec.note, "units": units or None, "merged_into": into}
        self.audit.append({"ts": rec.ts, "actor": rec.actor, "action": "incident.status",
                           "target": f"incident:{incident_id}", "before": {"status": status},
                           "after": {k: v for k, v in after.items() if v is not None}})

    def flush(self, ctx, conn: Connection) -> int:
        """Write the accepted events (with their units and merges), the incidents' new state and the audit."""
        if not self.pending:
            return 0
        events, incidents = IncidentEvent.__table__, Incident.__table__
        ids = conn.execute(events.insert().returning(events.c.id, sort_by_parameter_order=True),
                           [row for row, _, _ in self.pending]).scalars().all()
        units = [{"event_id": i, "unit_code": u} for i, (_, codes, _) in zip(ids, self.pending, strict=True)
                 for u in codes]
        if units:
            conn.execute(IncidentEventUnit.__table__.insert(), units)
        merges = [{"duplicate_id": row["incident_id"], "into_id": into, "ts": row["ts"], "actor": row["actor"]}
                  for row, _, into in self.pending if into is not None]
        if merges:
            conn.execute(IncidentMerge.__table__.insert(), merges)
        milestone = {c: func.coalesce(incidents.c[c], bindparam(f"b_{c}", type_=UTCDateTime())) for c in MILESTONES}
        conn.execute(incidents.update().where(incidents.c.id == bindparam("b_id"))
                     .values(status=bindparam("b_status"), updated_at=bindparam("b_updated"), **milestone),
                     list(self.updates.values()))
        ctx.audit(conn, self.audit)
        return len(self.pending)


MILESTONES = ("acknowledged_at", "resolved_at", "ended_at")


def write_event(ctx, conn: Connection, rec: LifecycleRecord, trails: Trails) -> int:
    """One lifecycle event of a known incident, checked against its trail (kept in `trails` until it is
    flushed); 0 when it is there already."""
    found = trails.ids.get((rec.source, rec.external_id))
    if found is None:
        raise RecordError("unknown_incident", f"external_id: unknown incident {rec.source}/{rec.external_id}",
                          source=rec.source, external_id=rec.external_id)
    incident_id, reported_at = found
    if (incident_id, rec.ts, rec.to_status) in trails.seen:
        return 0  # the same event again
    if rec.ts < reported_at:
        raise RecordError("before_report", "ts: before the incident was reported")
    current = trails.latest.get(incident_id)
    if current is not None and rec.ts < current[1]:
        raise RecordError("before_latest_event", "ts: older than the incident's latest event")
    status = current[0] if current else None
    if not lifecycle.is_allowed(status, rec.to_status):
        raise RecordError("transition_not_allowed", f"to_status: {status} → {rec.to_status} is not allowed",
                          from_status=status, to_status=rec.to_status)
    if lifecycle.needs_note(status, rec.to_status) and not (rec.note or "").strip():
        raise RecordError("comment_required", f"note: a comment is required for {status} → {rec.to_status}",
                          from_status=status, to_status=rec.to_status)
    units = _dispatch_units(trails.units, rec)
    into = _merge_target(conn, incident_id, rec, trails.status)
    trails.accept(rec, incident_id, status, units, into)
    return 1


def _milestones(rec: LifecycleRecord) -> dict[str, bool]:
    """The milestone columns an event reaches (the first time counts: events arrive in time order)."""
    return {"acknowledged_at": rec.to_status == lifecycle.ACKNOWLEDGED,
            "resolved_at": rec.to_status == lifecycle.RESOLVED,
            "ended_at": rec.to_status in lifecycle.ENDED_STATUSES}


def _parts(values: list, size: int = 500):
    """`values` in slices small enough for an IN list."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _dispatch_units(active: dict[str, bool], rec: LifecycleRecord) -> list[str]:
    """The units of a dispatch (each a registered response unit; a feed may not know them, the console
    asks for at least one); none for other transitions."""
    units = list(dict.fromkeys([*rec.unit_codes, *([rec.unit_code] if rec.unit_code else [])]))
    if rec.to_status != lifecycle.DISPATCHED:
        if units:
            raise RecordError("units_only_for_dispatch", "unit_codes: only a dispatch names response units")
        return []
    if not units:
        return []
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

def _merge_target(conn: Connection, incident_id: int, rec: LifecycleRecord, statuses: dict[int, str]) -> int | None:
    """The incident a duplicate is merged into (its status as the batch left it, where the batch names it)."""
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
    target = statuses.get(rec.merge_into) or conn.execute(
        select(table.c.status).where(table.c.id == rec.merge_into)).scalar()
    if target is None:
        raise RecordError("merge_target_unknown", f"merge_into: unknown incident {rec.merge_into}",
                          id=rec.merge_into)
    if target == lifecycle.DUPLICATE:
        raise RecordError("merge_target_duplicate",
                          f"merge_into: incident {rec.merge_into} is itself a duplicate; merge into its original",
                          id=rec.merge_into)
    return rec.merge_into


def entities():
    """The categories records may name (a NULL ward keeps every registry query the same shape)."""
    return select(IncidentCategory.code, literal(None, String).label("ward_code"), IncidentCategory.default_severity)


def load_registry(engine, pack: CityPack) -> int:
    """Categories follow the pack; response units are only added: once in the database they are the admins'."""
    units = [
        {"code": r.code, "name": r.name, "kind": r.kind, "ward_code": none_if_nan(r.ward_code),
         "lon": float(r.lon), "lat": float(r.lat), "phone": none_if_nan(r.phone) or None}
        for r in pack.response_units.itertuples()
    ]
    add_missing(engine, ResponseUnit.__table__, units, ["code"])
    categories = [
        {"code": r.code, "name_vi": r.name_vi, "name_en": r.name_en, "default_severity": int(r.default_severity)}
        for r in pack.categories.itertuples()
    ]
    upsert(engine, IncidentCategory.__table__, categories, ["code"])
    return len(units) + len(categories)
