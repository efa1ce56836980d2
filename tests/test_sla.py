"""SLA timers on small frames with known answers (on time, near late, late, no target; across local
midnight), the one-stop-shop lateness count, and the provider on incidents written through the write path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from data.domains.incidents.sla import SlaProvider, resolve_lateness, sla_state
from data.rules import lifecycle

# 00:30 on 21 November in Asia/Ho_Chi_Minh: the local day began half an hour ago.
AT = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
TARGETS = pd.DataFrame([
    {"category": "giao_thong", "severity": 2, "ack_minutes": 10, "resolve_minutes": 120, "placeholder": True},
    {"category": "moi_truong", "severity": 3, "ack_minutes": 60, "resolve_minutes": 1440, "placeholder": False},
])


def ago(minutes: float) -> pd.Timestamp:
    return pd.Timestamp(AT - timedelta(minutes=minutes))


def local_day(ts) -> str:
    return pd.Timestamp(ts).tz_convert("Asia/Ho_Chi_Minh").strftime("%Y-%m-%d")


def incident_frame(milestone: str, rows: tuple) -> pd.DataFrame:
    """Incidents from rows of (category, severity, minutes since reported, minutes since `milestone` or None
    when it has not happened), ids from 1."""
    return pd.DataFrame([{"id": i, "category": category, "severity": severity, "reported_at": ago(reported),
                          milestone: pd.NaT if since is None else ago(since)}
                         for i, (category, severity, reported, since) in enumerate(rows, start=1)])


def incidents(*rows: tuple) -> pd.DataFrame:
    return incident_frame("acknowledged_at", rows)


def test_sla_state_on_the_acknowledge_and_resolve_clocks():
    frame = sla_state(incidents(
        ("giao_thong", 2, 5, None),  # 5 of 10 minutes to acknowledge
        ("giao_thong", 2, 8, None),  # 80 %: near late from here
        ("giao_thong", 2, 10, None),  # at the due time: late
        ("giao_thong", 2, 60, 55),  # acknowledged: 60 of 120 minutes to resolve
        ("moi_truong", 3, 50, None),  # 50 of 60
        ("an_ninh_trat_tu", 1, 30, None),  # no target in the pack
    ), TARGETS, AT).set_index("id")
    assert frame["sla_state"].tolist() == ["on_time", "near_late", "late", "on_time", "near_late", "none"]
    assert frame["stage"].tolist() == ["ack", "ack", "ack", "resolve", "ack", "ack"]
    assert frame["used"].iloc[:5].round(4).tolist() == [0.5, 0.8, 1.0, 0.5, 0.8333]
    assert frame.loc[1, "due"] == pd.Timestamp(AT + timedelta(minutes=5))
    assert frame.loc[4, "due"] == pd.Timestamp(AT + timedelta(minutes=60))
    assert pd.isna(frame.loc[6, "due"]) and pd.isna(frame.loc[6, "used"])
    assert frame["placeholder"].tolist() == [True, True, True, True, False, False]
    assert "ack_minutes" not in frame and "resolve_minutes" not in frame


def test_a_clock_running_across_local_midnight():
    # Reported at 23:30 the evening before, acknowledged at once: due at 01:30 on the new local day.
    frame = sla_state(incidents(("giao_thong", 2, 60, 60)), TARGETS, AT).iloc[0]
    assert (local_day(frame["reported_at"]), local_day(frame["due"])) == ("2026-11-20", "2026-11-21")
    assert frame["sla_state"] == "on_time" and frame["used"] == 0.5
    later = sla_state(incidents(("giao_thong", 2, 60, 60)), TARGETS, AT + timedelta(hours=1)).iloc[0]
    assert later["sla_state"] == "late"  # 01:30 passed


def milestones(*rows: tuple) -> pd.DataFrame:
    return incident_frame("ended_at", rows)


def test_resolve_lateness_counts_ended_or_overdue_incidents():
    frame = resolve_lateness(milestones(
        ("giao_thong", 2, 200, 150),  # ended 50 min after reporting: on time
        ("giao_thong", 2, 200, 60),  # ended after 140 min: late
        ("giao_thong", 2, 200, 80),  # ended exactly at the due time: on time
        ("giao_thong", 2, 130, None),  # open past its due time: late
        ("giao_thong", 2, 30, None),  # open, not due yet: not counted
        ("an_ninh_trat_tu", 1, 300, 10),  # no target: not counted
    ), TARGETS, AT).set_index("id")
    assert frame["counted"].tolist() == [True, True, True, True, False, False]
    assert frame["late"].tolist() == [False, True, False, True, False, False]
    assert frame.loc[1, "due"] == ago(80) and pd.isna(frame.loc[6, "due"])
    assert "resolve_minutes" not in frame


def test_resolve_lateness_across_local_midnight():
    # Reported at 23:00, due at 01:00 on the next local day, resolved at 00:59 and at 01:01.
    frame = resolve_lateness(milestones(("giao_thong", 2, 90, -29), ("giao_thong", 2, 90, -31)), TARGETS,
                             AT + timedelta(hours=1)).set_index("id")
    assert local_day(frame.loc[1, "due"]) == "2026-11-21" and local_day(frame.loc[1, "reported_at"]) == "2026-11-20"
    assert frame["late"].tolist() == [False, True]


def written(services, external_id: str, reported_minutes_ago: float, category: str = "giao_thong",
            severity: int = 2, *steps: tuple[str, float]) -> int:
    """An incident reported before AT and moved through (status, minutes before AT) steps; its id."""
    point = services.pack.wards.iloc[0].geometry.representative_point()
    assert services.write_path.write("incidents", [{
        "external_id": external_id, "source": "hotline", "category": category, "severity": severity,
        "title": "Va chạm", "lat": point.y, "lon": point.x, "reported_at": ago(reported_minutes_ago).isoformat()}],
        feed="test/sla").accepted == 1
    for status, minutes in steps:
        assert services.write_path.incident_events([{
            "source": "hotline", "external_id": external_id, "to_status": status, "actor": "op1",
            "ts": ago(minutes).isoformat(), "note": "xong"}], feed="test/sla").accepted == 1
    frame = services.incidents.incidents(AT, status=None)
    return int(frame.loc[frame["external_id"] == external_id, "id"].iloc[0])


def test_provider_reads_acknowledgements_from_the_trail_as_of_a_moment(db_services):
    waiting = written(db_services, "SLA-1", 5)
    acked = written(db_services, "SLA-2", 60, "giao_thong", 2, (lifecycle.ACKNOWLEDGED, 55))
    closed = written(db_services, "SLA-3", 90, "giao_thong", 2, (lifecycle.ACKNOWLEDGED, 85),
                     (lifecycle.RESOLVED, 30), (lifecycle.CLOSED, 20))
    sla = SlaProvider(db_services.incidents, TARGETS)

    now = sla.open_incidents(at=AT).set_index("id")
    assert set(now.index) == {waiting, acked}
    assert (now.loc[waiting, "stage"], now.loc[waiting, "sla_state"]) == ("ack", "on_time")
    assert (now.loc[acked, "stage"], now.loc[acked, "sla_state"]) == ("resolve", "on_time")
    assert now.loc[acked, "acknowledged_at"] == ago(55)

    before_ack = sla.open_incidents(at=AT - timedelta(minutes=56)).set_index("id")
    assert set(before_ack.index) == {acked, closed}  # SLA-1 not reported yet, SLA-3 still open
    assert before_ack.loc[acked, "stage"] == "ack" and before_ack.loc[acked, "used"] == pytest.approx(0.4)
    assert before_ack.loc[closed, "stage"] == "resolve"

    assert sla.of(waiting, at=AT)["sla_state"] == "on_time"
    assert sla.of(closed, at=AT) is None and sla.of(999_999, at=AT) is None
