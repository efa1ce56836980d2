"""Cameras in the write path: status reports kept as changes (a heartbeat equal to the state is dropped), AI
events stored once and counted per local day; the city pack's cameras as the registry."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select, tuple_

from data.domains.cameras.models import Camera, CameraEvent, CameraEventDaily, CameraStatus
from data.domains.cameras.records import CameraRecord
from data.rules.refusals import RecordError
from data.store.inserts import add_to_rollup, insert_new, local_days, none_if_nan, upsert
from geo.pack import CityPack, assign_units


def check(ctx, rec: CameraRecord) -> CameraRecord:
    ctx.known("cameras", rec.camera, "camera")
    if rec.online is None and rec.event is None:
        raise RecordError("online_or_event", "record: needs 'online' or 'event'")
    return rec


def insert(ctx, conn: Connection, valid: list[tuple[int, CameraRecord]]) -> int:
    entities = ctx.entities("cameras")
    recs = sorted((r for _, r in valid), key=lambda r: r.ts)
    changed = _status_changes(conn, [r for r in recs if r.online is not None], entities)
    events = [{"camera_code": r.camera, "ts": r.ts, "kind": r.event.kind, "value": r.event.value,
               "confidence": r.event.confidence, "ward_code": entities[r.camera].ward_code}
              for r in recs if r.event is not None]
    new = pd.DataFrame(insert_new(conn, CameraEvent.__table__, events, ["camera_code", "ts", "kind"]))
    if not new.empty:
        new["day"] = local_days(new["ts"], ctx.offset)
        daily = new.groupby(["camera_code", "day", "kind", "ward_code"], dropna=False).size().rename("events")
        add_to_rollup(conn, CameraEventDaily.__table__, daily.reset_index(), ["camera_code", "day", "kind"],
                      ["events"])
    return changed + len(new)


def _status_changes(conn: Connection, recs: list[CameraRecord], entities) -> int:
    """Keep status *changes*: a report equal to the camera's state at that time is a heartbeat."""
    if not recs:
        return 0
    table = CameraStatus.__table__
    codes = sorted({r.camera for r in recs})
    newest = (select(table.c.camera_code, func.max(table.c.ts)).where(table.c.camera_code.in_(codes))
              .group_by(table.c.camera_code))
    latest_q = select(table.c.camera_code, table.c.ts, table.c.online).where(
        tuple_(table.c.camera_code, table.c.ts).in_(newest))
    latest = {code: (ts, online) for code, ts, online in conn.execute(latest_q)}
    rows = []
    for r in recs:
        previous = latest.get(r.camera)
        if previous is not None and r.ts > previous[0] and r.online == previous[1]:
            continue  # heartbeat: no change
        if previous is None or r.ts > previous[0]:
            latest[r.camera] = (r.ts, r.online)
        rows.append({"camera_code": r.camera, "ts": r.ts, "online": r.online,
                     "ward_code": entities[r.camera].ward_code})
    return len(insert_new(conn, table, rows, ["camera_code", "ts"]))


def entities():
    return select(Camera.code, Camera.ward_code, Camera.kind)


def load_registry(engine, pack: CityPack) -> int:
    cams = pack.cameras.copy()
    cams["ward_code"] = assign_units(cams, pack.wards).to_numpy()
    cameras = [
        {"code": r.code, "name": r.name, "kind": r.kind, "lon": float(r.lon), "lat": float(r.lat),
         "ward_code": r.ward_code, "segment_code": none_if_nan(r.segment) or None,
         "snapshot_url": none_if_nan(r.snapshot_url) or None}
        for r in cams.itertuples()
    ]
    upsert(engine, Camera.__table__, cameras, ["code"])
    return len(cameras)
