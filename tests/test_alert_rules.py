"""Alert rules on synthetic series (SQLite and PostgreSQL): an alert opens once per episode, clears itself
when the condition ends and opens anew on the next episode; acknowledge needs a comment; escalation opens an
incident through the write path; thresholds are editable and audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data.ingest.audit import AuditProvider
from data.providers.alerts import AlertError, AlertsProvider

BASE = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)


def at(minutes: float) -> datetime:
    return BASE + timedelta(minutes=minutes)


def level(services, gauge: str, minute: int, value: float) -> None:
    result = services.write_path.write("environment", [{"station": gauge, "ts": at(minute).isoformat(),
                                                        "parameter": "water_level_m", "value": value}], feed="test")
    assert result.accepted == 1, result


def alerts_of(provider: AlertsProvider, rule: str):
    frame = provider.alerts(include_cleared=True)
    return frame[frame["rule"] == rule].sort_values("opened_at").reset_index(drop=True)


def test_water_level_opens_once_clears_and_reopens(db_services, pack):
    gauge = pack.stations.query("kind == 'water_level'").iloc[0]
    provider = AlertsProvider.from_services(db_services, clock=lambda: at(60))
    series = [(0, gauge.alarm1 - 1.0), (10, gauge.alarm1 + 0.2), (20, gauge.alarm1 + 0.5), (30, gauge.alarm1 - 0.3),
              (40, gauge.alarm1 + 0.1)]
    results = []
    for minute, value in series:
        level(db_services, gauge.code, minute, value)
        results.append(provider.evaluate(at(minute)))
    assert [(r["opened"], r["cleared"]) for r in results] == [(0, 0), (1, 0), (0, 0), (0, 1), (1, 0)]
    episodes = alerts_of(provider, "water_level")
    assert len(episodes) == 2
    assert episodes.loc[0, "opened_at"] == at(10) and episodes.loc[0, "cleared_at"] == at(30)
    assert episodes.loc[0, "status"] == "cleared"
    assert episodes.loc[1, "opened_at"] == at(40) and episodes.loc[1, "status"] == "open"
    assert provider.evaluate(at(41)) == {"opened": 0, "cleared": 0}  # evaluating again changes nothing
    trail = AuditProvider(db_services.engines.main).entries(action="alert.")
    assert sorted(trail["action"]) == ["alert.clear", "alert.open", "alert.open"]


def test_camera_offline_needs_n_minutes(db_services, pack):
    cam = pack.cameras["code"].iloc[0]
    provider = AlertsProvider.from_services(db_services)
    db_services.write_path.write("cameras", [{"camera": cam, "ts": at(0).isoformat(), "online": True},
                                             {"camera": cam, "ts": at(5).isoformat(), "online": False}], feed="test")
    assert provider.evaluate(at(15))["opened"] == 0  # down 10 min < 15
    assert provider.evaluate(at(21))["opened"] == 1
    db_services.write_path.write("cameras", [{"camera": cam, "ts": at(30).isoformat(), "online": True}], feed="test")
    assert provider.evaluate(at(31))["cleared"] == 1


def test_congestion_for_n_minutes(db_services, pack):
    seg = pack.roads.iloc[0]
    provider = AlertsProvider.from_services(db_services)
    slow = seg.free_flow_kmh * 0.2
    db_services.write_path.write("traffic", [{"segment": seg.code, "ts": at(m).isoformat(), "speed_kmh": slow}
                                             for m in (0, 5, 10, 15)], feed="test")
    assert provider.evaluate(at(15))["opened"] == 1
    db_services.write_path.write("traffic", [{"segment": seg.code, "ts": at(20).isoformat(),
                                              "speed_kmh": seg.free_flow_kmh}], feed="test")
    assert provider.evaluate(at(20))["cleared"] == 1


def test_acknowledge_needs_a_comment_and_escalation_opens_an_incident(db_services, pack):
    gauge = pack.stations.query("kind == 'water_level'").iloc[0]
    provider = AlertsProvider.from_services(db_services)
    level(db_services, gauge.code, 0, gauge.alarm1 + 1)
    provider.evaluate(at(1))
    alert_id = int(alerts_of(provider, "water_level").loc[0, "id"])
    with pytest.raises(AlertError, match="comment"):
        provider.acknowledge(alert_id, "op1", "  ")
    provider.acknowledge(alert_id, "op1", "đã báo đội thoát nước")
    with pytest.raises(AlertError, match="cannot acknowledge"):
        provider.acknowledge(alert_id, "op1", "lần nữa")
    incident_id = provider.escalate(alert_id, "op1", "nước tràn bờ")
    incident = db_services.incidents.detail(incident_id)
    assert incident["source"] == "rules" and incident["category"] == "cap_thoat_nuoc" and incident["status"] == "new"
    assert alerts_of(provider, "water_level").loc[0, "status"] == "escalated"
    with pytest.raises(AlertError):
        provider.escalate(alert_id, "op1")
    actions = AuditProvider(db_services.engines.main).entries(actor="op1")["action"].tolist()
    assert actions == ["alert.escalate", "incident.create", "alert.acknowledge"]


def test_thresholds_are_editable_and_audited(db_services, pack):
    gauge = pack.stations.query("kind == 'water_level'").iloc[0]
    provider = AlertsProvider.from_services(db_services)
    level(db_services, gauge.code, 0, (gauge.alarm1 + gauge.alarm2) / 2)  # at alarm I, below II
    provider.set_threshold("water_level", 2, 0, True, actor="admin1")
    assert provider.evaluate(at(1))["opened"] == 0
    provider.set_threshold("water_level", 1, 0, True, actor="admin1")
    assert provider.evaluate(at(2))["opened"] == 1
    provider.set_threshold("water_level", 1, 0, False, actor="admin1")
    assert provider.evaluate(at(3))["cleared"] == 1  # a disabled rule's alerts clear
    with pytest.raises(AlertError):
        provider.set_threshold("nope", 1, 0, True, actor="admin1")
    entries = AuditProvider(db_services.engines.main).entries(action="threshold.")
    assert len(entries) == 3 and '"value": 2.0' in entries["after"].iloc[2]
