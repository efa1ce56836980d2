"""The rules engine: alert rules evaluated continuously on new data, the alerts they open, and which of them
take over the control-room wall.

Each domain declares its rules (`DomainSpec.alert_rules`: VN_AQI, river alarm levels, cameras offline,
congestion, critical incidents); feeds going stale is the engine's own rule. A rule's value, minutes and
takeover level come from the rule, then the city pack (`alert_rules` in pack.json), then what admins set
(`alert_thresholds`, audited). An alert opens once per episode (rule × entity), keeps its current values while
the condition lasts, clears itself when it ends and opens anew on the next episode; operators acknowledge it
with a comment or escalate it into an incident. The wall's alarms are a view over the uncleared alerts whose
rule takes over at their current level (`takeovers()`): each *tier* an alert reaches is one alarm, shown once.
Every open, clear, acknowledge and escalate lands in the audit trail.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from data.domains.registry import specs
from data.domains.spec import AlertRule
from data.ingest import audit
from data.providers.feeds import FeedsProvider
from data.rules.refusals import Refusal
from data.store.background import BackgroundLoop
from data.store.db import dialect_insert, utcnow
from data.store.frames import as_of, read_frame
from data.store.models_alerts import Alert, AlertAction, AlertThreshold

ESCALATABLE = ("open", "acknowledged")
MAX_VALUE, MAX_MINUTES = 100_000, 10_080  # a threshold's value and minutes (a week) range from 0 to these
FEED_STALE = "feed_stale"
ALARM_COLUMNS = ["alarm_id", "rule", "severity", "subject", "value", "threshold", "since", "lon", "lat", "ward_code",
                 "values"]


class AlertError(Refusal):
    """A refused alert action or threshold."""


def stale_feed_hits(feeds: FeedsProvider, at, _value, _minutes) -> list[dict]:
    frame = feeds.status(at)
    return [{"entity": row.feed, "ward_code": None, "name": row.feed, "domain": row.domain,
             "value": int(row.age_s // 60), "lon": None, "lat": None} for row in frame.itertuples()
            if row.state == "stale"]


def every_tier(_hit: dict, _takeover: float) -> str:
    return "1"


FEED_RULE = AlertRule(FEED_STALE, stale_feed_hits, value=0, minutes=0, severity=3, category="khac", takeover=0,
                      tier=every_tier)


def all_rules() -> dict[str, tuple[AlertRule, str | None]]:
    """rule name → (rule, the domain whose provider it reads; None for the engine's own feed rule)."""
    rules: dict[str, tuple[AlertRule, str | None]] = {}
    for found in specs():
        for rule in found.alert_rules:
            rules[rule.name] = (rule, found.name)
    rules[FEED_RULE.name] = (FEED_RULE, None)
    return rules


class AlertsProvider:
    """Frames: `thresholds()`: rule, value, minutes, enabled, takeover (None: never takes over), updated_at,
    updated_by; `alerts()`: id, rule, entity, opened_at, cleared_at, severity, message (JSON of the current
    values), status, ward_code — the uncleared ones by default; `episodes()`: rule, opened, cleared;
    `takeovers()`: the wall's alarms, `ALARM_COLUMNS` (most urgent first; `values` the alert's values).

    Built from what it uses: the main engine, `provider(domain)` for the domains' rules, the feeds provider,
    the pack's rule defaults, `write(...)` for escalations (the write path's `write`), `incident_id(source,
    external_id)` to find the incident an escalation opened, `bump(domain)` to tell open pages, a clock."""

    def __init__(self, engine: Engine, provider: Callable, feeds: FeedsProvider, pack_rules: dict,
                 write: Callable, incident_id: Callable, bump: Callable[[str], None],
                 city_centre: tuple[float, float], clock=utcnow):
        self.engine = engine
        self.provider = provider
        self.feeds = feeds
        self.pack_rules = pack_rules
        self.write = write
        self.incident_id = incident_id
        self.bump = bump
        self.city_centre = city_centre
        self.clock = clock

    @classmethod
    def from_services(cls, services, clock=utcnow) -> AlertsProvider:
        centre = services.pack.wards.union_all().representative_point()
        return cls(services.engines.main, services.provider, services.feeds,
                   services.pack.meta.get("alert_rules", {}), services.write_path.write,
                   services.incidents.id_of, services.write_path.bump, (centre.x, centre.y), clock)

    # --- thresholds -------------------------------------------------------------------------------

    def _defaults(self, rule: AlertRule) -> dict:
        pack = self.pack_rules.get(rule.name, {})
        return {"value": float(pack.get("value", rule.value)), "minutes": int(pack.get("minutes", rule.minutes)),
                "enabled": True, "takeover": pack.get("takeover", rule.takeover)}

    def thresholds(self) -> pd.DataFrame:
        t = AlertThreshold
        stored = read_frame(self.engine, select(t.rule, t.value, t.minutes, t.enabled, t.takeover, t.takeover_on,
                                                t.updated_at, t.updated_by),
                            utc_columns=("updated_at",)).set_index("rule")
        rows = []
        for name, (rule, _domain) in all_rules().items():
            row = {"rule": name, **self._defaults(rule), "updated_at": None, "updated_by": "default"}
            if name in stored.index:
                saved = stored.loc[name]
                row.update(value=float(saved["value"]), minutes=int(saved["minutes"]), enabled=bool(saved["enabled"]),
                           updated_at=saved["updated_at"], updated_by=saved["updated_by"])
                if saved["takeover_on"] is not None and not pd.isna(saved["takeover_on"]):
                    row["takeover"] = float(saved["takeover"]) if bool(saved["takeover_on"]) else None
            rows.append(row)
        return pd.DataFrame(rows)

    def set_threshold(self, rule: str, value, minutes, enabled: bool, actor: str, takeover="keep") -> None:
        """`value`, `minutes` and `takeover` as typed in the admin's grid: numbers or text that reads as one;
        `takeover` None (or empty) stops the rule taking over the wall, "keep" leaves it as it is."""
        if rule not in all_rules():
            raise AlertError("unknown_rule", f"rule: unknown rule {rule!r}", rule=rule)
        value = _number(value, float)
        if value is None or not 0 <= value <= MAX_VALUE:
            raise AlertError("threshold_value", f"value: a number from 0 to {MAX_VALUE}", most=MAX_VALUE)
        minutes = _number(minutes, int)
        if minutes is None or not 0 <= minutes <= MAX_MINUTES:
            raise AlertError("threshold_minutes", f"minutes: a whole number from 0 to {MAX_MINUTES}",
                             most=MAX_MINUTES)
        before = self.thresholds().set_index("rule").loc[rule]
        if takeover == "keep":
            takeover = before["takeover"]
        elif takeover not in (None, ""):
            takeover = _number(takeover, float)
            if takeover is None or not 0 <= takeover <= MAX_VALUE:
                raise AlertError("threshold_value", f"takeover: a number from 0 to {MAX_VALUE}", most=MAX_VALUE)
        takeover = None if takeover in ("", None) or pd.isna(takeover) else float(takeover)
        row = {"rule": rule, "value": value, "minutes": minutes, "enabled": bool(enabled),
               "takeover": takeover, "takeover_on": takeover is not None,
               "updated_at": self.clock(), "updated_by": actor}
        table = AlertThreshold.__table__
        shown = ("value", "minutes", "enabled", "takeover")
        with self.engine.begin() as conn:
            stmt = dialect_insert(conn, table).values(**row)
            conn.execute(stmt.on_conflict_do_update(index_elements=["rule"], set_={
                k: stmt.excluded[k] for k in (*shown, "takeover_on", "updated_at", "updated_by")}))
            audit.record(conn, actor, "threshold.update", f"rule:{rule}",
                         {k: _plain(before[k]) for k in shown}, {k: row[k] for k in shown}, row["updated_at"])

    # --- conditions -------------------------------------------------------------------------------

    def conditions(self, at: datetime | None = None) -> list[dict]:
        """Every (rule, entity) whose condition holds at `at`: rule, entity, ward_code, severity and the values
        (with the tier it reached for the wall, None when it does not take over)."""
        at = as_of(at)
        rules = all_rules()
        found = []
        for setting in self.thresholds().to_dict("records"):
            if not setting["enabled"]:
                continue
            rule, domain = rules[setting["rule"]]
            source = self.feeds if domain is None else self.provider(domain)
            takeover = setting["takeover"]
            for hit in rule.hits(source, at, setting["value"], setting["minutes"]):
                values = {k: v for k, v in hit.items() if k not in ("entity", "ward_code", "severity")}
                tier = None if takeover is None or pd.isna(takeover) or rule.tier is None else rule.tier(hit, takeover)
                found.append({"rule": rule.name, "entity": str(hit["entity"]), "ward_code": hit.get("ward_code"),
                              "severity": int(hit.get("severity", rule.severity)),
                              "values": {**values, "tier": tier, "takeover": takeover}})
        return found

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
        """Open alerts for new episodes, keep the current values of the ongoing ones (the time each takeover
        tier was first reached among them) and clear those whose condition ended; returns the counts."""
        at = as_of(at)
        active = {(c["rule"], c["entity"]): c for c in self.conditions(at)}
        table = Alert.__table__
        with self.engine.begin() as conn:
            current = {(r.rule, r.entity): r for r in conn.execute(
                select(table.c.id, table.c.rule, table.c.entity, table.c.status, table.c.severity, table.c.message)
                .where(table.c.cleared_at.is_(None)))}
            opened = [c for key, c in active.items() if key not in current]
            cleared = [r for key, r in current.items() if key not in active]
            for c in opened:
                tiers = {c["values"]["tier"]: at.isoformat()} if c["values"]["tier"] else {}
                conn.execute(table.insert(), {
                    "rule": c["rule"], "entity": c["entity"], "ward_code": c["ward_code"], "severity": c["severity"],
                    "message": _message({**c["values"], "tier_since": tiers}), "opened_at": at, "cleared_at": None,
                    "status": "open"})
                audit.record(conn, "rules", "alert.open", f"alert:{c['rule']}:{c['entity']}", None,
                             {"status": "open", **_audited(c["values"])}, at)
            for key, c in active.items():
                if key in current:
                    self._follow(conn, current[key], c, at)
            for r in cleared:
                conn.execute(table.update().where(table.c.id == r.id).values(cleared_at=at, status="cleared"))
                audit.record(conn, "rules", "alert.clear", f"alert:{r.rule}:{r.entity}", {"status": r.status},
                             {"status": "cleared"}, at)
        if opened or cleared:
            self.bump("incidents")
        return {"opened": len(opened), "cleared": len(cleared)}

    @staticmethod
    def _follow(conn, row, condition: dict, at: datetime) -> None:
        """Store an ongoing alert's current values when they changed (a new tier remembers when it began)."""
        stored = json.loads(row.message)
        tiers = dict(stored.get("tier_since") or {})
        tier = condition["values"]["tier"]
        if tier and tier not in tiers:
            tiers[tier] = at.isoformat()
        values = _message({**condition["values"], "tier_since": tiers})
        if values != row.message or condition["severity"] != row.severity:
            table = Alert.__table__
            conn.execute(table.update().where(table.c.id == row.id).values(message=values,
                                                                           severity=condition["severity"]))

    # --- the wall's alarms ------------------------------------------------------------------------

    def takeovers(self) -> pd.DataFrame:
        """Uncleared, not escalated alerts at a takeover tier: one alarm per alert and tier (its id changes when the
        alert reaches a new tier), since the time that tier was reached."""
        rows = []
        for r in self.alerts().itertuples():
            values = json.loads(r.message)
            tier = values.get("tier")
            if not tier or r.status == "escalated":
                continue
            since = (values.get("tier_since") or {}).get(tier)
            rows.append({"alarm_id": f"alert:{r.id}:{tier}", "rule": r.rule, "severity": int(r.severity),
                         "subject": values.get("name", r.entity), "value": values.get("value"),
                         "threshold": values.get("takeover"), "since": pd.Timestamp(since) if since else r.opened_at,
                         "lon": values.get("lon"), "lat": values.get("lat"), "ward_code": r.ward_code,
                         "values": values})
        frame = pd.DataFrame(rows, columns=ALARM_COLUMNS)
        frame["since"] = pd.to_datetime(frame["since"], utc=True)
        frame = frame.sort_values(["severity", "since"], ascending=[True, False], kind="stable")
        return frame.reset_index(drop=True)

    # --- operators' actions -----------------------------------------------------------------------

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
        values = json.loads(alert["message"])
        lon, lat = (values["lon"], values["lat"]) if values.get("lon") is not None else self.city_centre
        external_id = f"ALERT-{alert_id}"
        rule = all_rules()[alert["rule"]][0]
        result = self.write("incidents", [{
            "external_id": external_id, "source": "rules", "category": rule.category,
            "severity": int(alert["severity"]), "title": f"{alert['rule']}: {values.get('name', alert['entity'])}"[:200],
            "description": note or json.dumps(_audited(values), ensure_ascii=False), "lat": lat, "lon": lon,
            "reported_at": self.clock().isoformat()}], feed="console", actor=actor)
        if result.rejected:
            first = result.rejected[0]
            raise AlertError(first.reason, first.error, **first.params)
        incident_id = int(self.incident_id("rules", external_id))
        self._act(alert_id, actor, "escalate", ESCALATABLE, "escalated", note, incident_id)
        return incident_id

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
        self.bump("incidents")


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


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _message(values: dict) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _audited(values: dict) -> dict:
    """What the audit trail keeps of an alert's values (not the bookkeeping of takeover tiers)."""
    return {k: v for k, v in values.items() if k not in ("tier", "tier_since", "takeover", "lon", "lat")}


class AlertJob(BackgroundLoop):
    """Evaluates the rules whenever data changes (woken by the version watcher), at least every `every_s`."""

    name = "cityops-alert-rules"

    def __init__(self, alerts: AlertsProvider, watcher, every_s: float = 30.0):
        super().__init__()
        self.alerts = alerts
        self.watcher = watcher
        self.every_s = every_s
        self._epoch = -1

    def step(self) -> None:
        self.alerts.evaluate()
        self._epoch = self.watcher.wait_sync(self._epoch if self._epoch >= 0 else self.watcher.snapshot()[0],
                                             self.every_s)
        self.stopping.wait(1.0)  # coalesce bursts of writes into one evaluation per second at most
