"""Alert rules, evaluated continuously on new data, and the alerts they open.

Rules (thresholds in `alert_thresholds`, edited by admins): air station VN_AQI ≥ value; river gauge at or
above alarm level `value` (1..3); camera offline ≥ `minutes`; segment below `value` % of free-flow speed
for `minutes` (every reading in that window); feed stale (no data for its stale interval).
An alert opens once per episode (rule × entity), clears itself when the condition ends and opens anew on
the next episode; operators acknowledge it with a comment or escalate it into an incident. Every open,
clear, acknowledge and escalate lands in the audit trail.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import and_, func, select

from data.domains.traffic.models import RoadSegment, TrafficObs
from data.ingest import audit
from data.rules.refusals import Refusal
from data.store.db import utcnow
from data.store.frames import as_of, read_frame
from data.store.models_alerts import Alert, AlertAction, AlertThreshold
from data.wiring.services import Services

log = logging.getLogger("cityops.alerts")


@dataclass(frozen=True)
class Rule:
    value: float
    minutes: int
    severity: int
    category: str  # the incident category an escalation opens


RULES = {
    "aqi": Rule(151, 0, 2, "moi_truong"),
    "water_level": Rule(1, 0, 1, "cap_thoat_nuoc"),
    "camera_offline": Rule(0, 15, 3, "ha_tang"),
    "congestion": Rule(30, 15, 3, "giao_thong"),
    "feed_stale": Rule(0, 0, 3, "khac"),
}
OPEN = ("open", "acknowledged", "escalated")
ESCALATABLE = ("open", "acknowledged")
MAX_VALUE, MAX_MINUTES = 100_000, 10_080  # a threshold's value and minutes (a week) range from 0 to these


class AlertError(Refusal):
    """A refused alert action or threshold."""


class AlertsProvider:
    """Frames: `thresholds()`: rule, value, minutes, enabled, updated_at, updated_by;
    `alerts()`: id, rule, entity, opened_at, cleared_at, severity, message (JSON of the values), status,
    ward_code — the uncleared ones by default; `episodes()`: rule, opened, cleared."""

    def __init__(self, services: Services, clock=utcnow):
        self.services = services
        self.engine = services.engines.main
        self.clock = clock

    # --- thresholds -------------------------------------------------------------------------------

    def thresholds(self) -> pd.DataFrame:
        t = AlertThreshold
        frame = read_frame(self.engine, select(t.rule, t.value, t.minutes, t.enabled, t.updated_at, t.updated_by),
                           utc_columns=("updated_at",)).set_index("rule")
        rows = [{"rule": rule, "value": float(frame.loc[rule, "value"]) if rule in frame.index else r.value,
                 "minutes": int(frame.loc[rule, "minutes"]) if rule in frame.index else r.minutes,
                 "enabled": bool(frame.loc[rule, "enabled"]) if rule in frame.index else True,
                 "updated_at": frame.loc[rule, "updated_at"] if rule in frame.index else None,
                 "updated_by": frame.loc[rule, "updated_by"] if rule in frame.index else "default"}
                for rule, r in RULES.items()]
        return pd.DataFrame(rows)

    def set_threshold(self, rule: str, value, minutes, enabled: bool, actor: str) -> None:
        """`value` and `minutes` as typed in the admin's grid: numbers or text that reads as one."""
        if rule not in RULES:
            raise AlertError("unknown_rule", f"rule: unknown rule {rule!r}", rule=rule)
        value = _number(value, float)
        if value is None or not 0 <= value <= MAX_VALUE:
            raise AlertError("threshold_value", f"value: a number from 0 to {MAX_VALUE}", most=MAX_VALUE)
        minutes = _number(minutes, int)
        if minutes is None or not 0 <= minutes <= MAX_MINUTES:
            raise AlertError("threshold_minutes", f"minutes: a whole number from 0 to {MAX_MINUTES}",
                             most=MAX_MINUTES)
        before = self.thresholds().set_index("rule").loc[rule]
        row = {"rule": rule, "value": value, "minutes": minutes, "enabled": bool(enabled),
               "updated_at": self.clock(), "updated_by": actor}
        table = AlertThreshold.__table__
        from data.store.db import dialect_insert

        with self.engine.begin() as conn:
            stmt = dialect_insert(conn, table).values(**row)
            conn.execute(stmt.on_conflict_do_update(index_elements=["rule"], set_={
                k: stmt.excluded[k] for k in ("value", "minutes", "enabled", "updated_at", "updated_by")}))
            audit.record(conn, actor, "threshold.update", f"rule:{rule}",
                         {"value": float(before["value"]), "minutes": int(before["minutes"]),
                          "enabled": bool(before["enabled"])},
                         {"value": row["value"], "minutes": row["minutes"], "enabled": row["enabled"]}, row["updated_at"])

    # --- conditions -------------------------------------------------------------------------------

    def conditions(self, at: datetime | None = None) -> list[dict]:
        """Every (rule, entity) whose condition holds at `at`, with severity, message values and ward."""
        at = as_of(at)
        found = []
        for r in self.thresholds().to_dict("records"):
            if r["enabled"]:
                found += getattr(self, f"_{r['rule']}")(at, r["value"], r["minutes"])
        return found

    def _aqi(self, at, value, _minutes):
        frame = self.services.environment.aqi_current(at).dropna(subset=["aqi"])
        return [_hit("aqi", row.station, row.ward_code, name=row.name, value=int(row.aqi), threshold=int(value))
                for row in frame.itertuples() if row.aqi >= value]

    def _water_level(self, at, value, _minutes):
        frame = self.services.environment.water_levels(at)
        return [_hit("water_level", row.station_code, None, name=row.name, value=round(float(row.value), 2),
                     threshold=float(getattr(row, f"alarm{max(1, min(3, int(value)))}")), stage=int(row.alarm))
                for row in frame.itertuples() if row.alarm >= value]

    def _camera_offline(self, at, _value, minutes):
        frame = self.services.cameras.status(at)
        down = frame[(frame["online"] == False) & (frame["down_s"] >= minutes * 60)]  # noqa: E712 - None is unknown
        return [_hit("camera_offline", row.code, row.ward_code, name=row.name, value=int(row.down_s // 60))
                for row in down.itertuples()]

    def _congestion(self, at, value, minutes):
        """Segments where every reading of the last `minutes` (at least two) is below `value` % of free flow."""
        obs, seg = TrafficObs, RoadSegment
        ratio = func.max(obs.speed_kmh / seg.free_flow_kmh)
        stmt = (select(seg.code, seg.name, seg.ward_code, ratio.label("ratio"), func.count().label("n"))
                .join(obs, and_(obs.segment_code == seg.code))
                .where(obs.ts > at - timedelta(minutes=max(minutes, 1)), obs.ts <= at)
                .group_by(seg.code, seg.name, seg.ward_code)
                .having(and_(ratio < value / 100.0, func.count() >= 2)))
        frame = read_frame(self.services.engines["traffic"], stmt)
        return [_hit("congestion", row.code, row.ward_code, name=row.name, value=round(100 * row.ratio),
                     minutes=minutes) for row in frame.itertuples()]

    def _feed_stale(self, at, _value, _minutes):
        frame = self.services.feeds.status(at)
        return [_hit("feed_stale", row.feed, None, name=row.feed, value=int(row.age_s // 60))
                for row in frame.itertuples() if row.state == "stale"]

    # --- episodes ---------------------------------------------------------------------------------

    def alerts(self, include_cleared: bool = False, limit: int = 200) -> pd.DataFrame:
        a = Alert
        stmt = select(a.id, a.rule, a.entity, a.opened_at, a.cleared_at, a.severity, a.message, a.status, a.ward_code)
        if not include_cleared:
            stmt = stmt.where(a.cleared_at.is_(None))
        return read_frame(self.engine, stmt.order_by(a.severity, a.opened_at.desc()).limit(limit),
                          utc_columns=("opened_at", "cleared_at"))

    def episodes(self, start: datetime, end: datetime) -> pd.DataFrame:
        """rule, opened, cleared: alerts opened in [start, end) per rule and how many of them have cleared."""
        a = Alert
        stmt = (select(a.rule, func.count().label("opened"), func.count(a.cleared_at).label("cleared"))
                .where(a.opened_at >= start, a.opened_at < end).group_by(a.rule).order_by(a.rule))
        return read_frame(self.engine, stmt)

    def evaluate(self, at: datetime | None = None) -> dict[str, int]:
        """Open alerts for new episodes and clear those whose condition ended; returns the counts."""
        at = as_of(at)
        active = {(c["rule"], c["entity"]): c for c in self.conditions(at)}
        table = Alert.__table__
        with self.engine.begin() as conn:
            current = {(r.rule, r.entity): r for r in conn.execute(
                select(table.c.id, table.c.rule, table.c.entity, table.c.status).where(table.c.cleared_at.is_(None)))}
            opened = [c for key, c in active.items() if key not in current]
            cleared = [r for key, r in current.items() if key not in active and r.rule in RULES]
            if opened:
                conn.execute(table.insert(), [{**c, "opened_at": at, "cleared_at": None, "status": "open"}
                                              for c in opened])
            for r in cleared:
                conn.execute(table.update().where(table.c.id == r.id).values(cleared_at=at, status="cleared"))
            for c in opened:
                audit.record(conn, "rules", "alert.open", f"alert:{c['rule']}:{c['entity']}", None,
                             {"status": "open", **json.loads(c["message"])}, at)
            for r in cleared:
                audit.record(conn, "rules", "alert.clear", f"alert:{r.rule}:{r.entity}", {"status": r.status},
                             {"status": "cleared"}, at)
        if opened or cleared:
            self.services.write_path.bump("incidents")
        return {"opened": len(opened), "cleared": len(cleared)}

    def acknowledge(self, alert_id: int, actor: str, note: str) -> None:
        if not (note or "").strip():
            raise AlertError("acknowledge_comment_required", "note: a comment is required to acknowledge an alert")
        self._act(alert_id, actor, "acknowledge", ("open",), "acknowledged", note.strip())

    def escalate(self, alert_id: int, actor: str, note: str | None = None) -> int:
        """Open an incident from the alert (through the write path) and mark the alert escalated."""
        a = Alert
        with self.engine.connect() as conn:
            alert = conn.execute(select(a.rule, a.entity, a.severity, a.message, a.status)
                                 .where(a.id == alert_id)).mappings().first()
        _check_alert(alert_id, None if alert is None else alert["status"], "escalate", ESCALATABLE)
        lon, lat = self._place(alert["rule"], alert["entity"])
        values = json.loads(alert["message"])
        external_id = f"ALERT-{alert_id}"
        rule = RULES[alert["rule"]]
        result = self.services.write_path.write("incidents", [{
            "external_id": external_id, "source": "rules", "category": rule.category,
            "severity": int(alert["severity"]), "title": f"{alert['rule']}: {values.get('name', alert['entity'])}"[:200],
            "description": note or json.dumps(values, ensure_ascii=False), "lat": lat, "lon": lon,
            "reported_at": self.clock().isoformat()}], feed="console", actor=actor)
        if result.rejected:
            refused = result.rejected[0]
            raise AlertError(refused.reason, refused.error, **refused.params)
        incident_id = self.services.incidents.incidents(status=None).query("external_id == @external_id")["id"]
        incident_id = int(incident_id.iloc[0])
        self._act(alert_id, actor, "escalate", ESCALATABLE, "escalated", note, incident_id)
        return incident_id

    def _place(self, rule: str, entity: str) -> tuple[float, float]:
        """Where an alert's entity is (a feed has no place: the city centre)."""
        frames = {"aqi": self.services.environment.stations, "water_level": self.services.environment.stations,
                  "camera_offline": self.services.cameras.cameras,
                  "congestion": self.services.traffic.segments}
        if rule in frames:
            frame = frames[rule]()
            row = frame[frame["code"] == entity]
            if not row.empty:
                if "lon" in row:
                    return float(row["lon"].iloc[0]), float(row["lat"].iloc[0])
                point = row.geometry.iloc[0].representative_point()
                return point.x, point.y
        point = self.services.pack.wards.union_all().representative_point()
        return point.x, point.y

    def _act(self, alert_id: int, actor: str, action: str, allowed: tuple[str, ...], status: str,
             note: str | None, incident_id: int | None = None) -> None:
        table = Alert.__table__
        now = self.clock()
        with self.engine.begin() as conn:
            row = conn.execute(select(table.c.status, table.c.rule, table.c.entity)
                               .where(table.c.id == alert_id)).first()
            _check_alert(alert_id, None if row is None else row.status, action, allowed)
            conn.execute(table.update().where(table.c.id == alert_id).values(status=status))
            conn.execute(AlertAction.__table__.insert(), {"alert_id": alert_id, "action": action, "ts": now,
                                                          "actor": actor, "note": note, "incident_id": incident_id})
            audit.record(conn, actor, f"alert.{action}", f"alert:{row.rule}:{row.entity}", {"status": row.status},
                         {"status": status, "note": note, "incident_id": incident_id}, now)
        self.services.write_path.bump("incidents")


def _check_alert(alert_id: int, status: str | None, action: str, allowed: tuple[str, ...]) -> None:
    """Refuse `action` on an alert that does not exist (status None) or whose status does not allow it."""
    if status is None:
        raise AlertError("unknown_alert", f"alert: unknown alert {alert_id}", id=alert_id)
    if status not in allowed:
        raise AlertError("alert_not_actionable", f"alert: cannot {action} an alert that is {status}",
                         action=action, alert_status=status)


def _number(text, kind: type[int] | type[float]) -> int | float | None:
    """A finite number of `kind` read from a grid cell (a number or its text), else None."""
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or (kind is int and not number.is_integer()):
        return None
    return kind(number)


def _hit(rule: str, entity: str, ward: str | None, **values) -> dict:
    return {"rule": rule, "entity": str(entity), "ward_code": ward, "severity": RULES[rule].severity,
            "message": json.dumps(values, ensure_ascii=False)}


class AlertJob:
    """Evaluates the rules whenever data changes (woken by the version watcher), at least every `every_s`."""

    def __init__(self, services: Services, every_s: float = 30.0):
        self.provider = AlertsProvider(services)
        self.watcher = services.watcher
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="cityops-alert-rules", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        epoch = -1
        while not self._stop.is_set():
            try:
                self.provider.evaluate()
            except Exception:  # a failing rule must not stop the others' next run
                log.exception("alert rule evaluation failed")
            epoch = self.watcher.wait_sync(epoch if epoch >= 0 else self.watcher.snapshot()[0], self.every_s)
            self._stop.wait(1.0)  # coalesce bursts of writes into one evaluation per second at most


def alert_job(services: Services) -> AlertJob:
    return AlertJob(services)
