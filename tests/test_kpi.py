"""The leaders' board: each KPI formula on small hand-made data with known answers (local days in
Asia/Ho_Chi_Minh, incidents crossing midnight), and the board on both databases from records written through the
write path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from data.domains.cameras.provider import daily_spans
from data.providers.kpi import (
    aqi_by_day,
    backlog,
    congestion,
    good_air_by_day,
    median_resolve,
    on_time,
    rag,
    river_by_day,
    trend,
    uptime_by_day,
)

DAY = date(2026, 11, 20)
START = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)  # 00:00 of DAY in Asia/Ho_Chi_Minh
END = START + timedelta(days=1)
TARGETS = pd.DataFrame({"category": ["a", "a"], "severity": [1, 2], "ack_minutes": [10, 10],
                        "resolve_minutes": [60, 60], "placeholder": [True, True]})


def ts(text: str | None):
    return pd.Timestamp(text, tz="UTC") if text else pd.NaT


def incidents(rows) -> pd.DataFrame:
    """rows: (id, category, severity, channel, reported, resolved, ended) in UTC."""
    frame = pd.DataFrame([{"id": i, "category": c, "severity": s, "channel": ch, "ward_code": "W1",
                           "reported_at": ts(rep), "acknowledged_at": ts(rep), "resolved_at": ts(res),
                           "ended_at": ts(end)} for i, c, s, ch, rep, res, end in rows])
    for column in ("reported_at", "acknowledged_at", "resolved_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


MILESTONES = incidents([
    (1, "a", 1, "citizen_report", "2026-11-20T01:00", "2026-11-20T01:30", "2026-11-20T01:30"),  # 30 min: on time
    (2, "a", 2, "hotline", "2026-11-20T02:00", "2026-11-20T04:00", "2026-11-20T04:00"),  # 120 min: late
    (3, "a", 1, "citizen_report", "2026-11-20T10:00", None, None),  # open past its due time at 11:00: late
    (4, "a", 1, "hotline", "2026-11-20T16:30", None, None),  # due 17:30, after the day: not due yet
    (5, "a", 1, "citizen_report", "2026-11-19T16:30", "2026-11-19T17:20", "2026-11-19T17:20"),  # 23:30→00:20 local
    (6, "a", 1, "hotline", "2026-11-20T15:00", "2026-11-20T18:00", "2026-11-20T18:00"),  # ends the next day, late
    (7, "z", 1, "hotline", "2026-11-20T03:00", "2026-11-20T03:10", "2026-11-20T03:10"),  # no target: never due
])


def test_on_time_is_the_one_stop_shop_formula_as_of_the_end_of_the_day():
    got = on_time(MILESTONES, TARGETS, START, END)
    # received: 1, 2, 3, 4, 6, 7 (5 came the evening before); handled: 1, 2, 5, 7; due: 1, 2, 5 finished with a
    # target and 3, 6 open past due at midnight; late: 2 (finished late), 3 and 6 (open past due).
    assert got == {"received": 6, "handled": 4, "due": 5, "late": 3, "on_time": pytest.approx(40.0),
                   "late_open": 2, "late_finished": 1}


def test_the_next_day_counts_what_finished_late_then_and_what_is_still_open():
    got = on_time(MILESTONES, TARGETS, END, END + timedelta(days=1))
    # 6 finished late on the 21st; 3 and 4 are still open past due; nothing finished on time.
    assert (got["received"], got["handled"], got["due"], got["late"], got["on_time"]) == (0, 1, 3, 3, 0.0)


def test_citizen_reports_alone():
    reports = MILESTONES[MILESTONES["channel"] == "citizen_report"]
    got = on_time(reports, TARGETS, START, END)
    # 1 on time and 5 on time (finished after midnight), 3 late open: 2 of 3 on time.
    assert (got["due"], got["late"]) == (3, 1)
    assert got["on_time"] == pytest.approx(100 * 2 / 3)


def test_nothing_due_has_no_rate():
    assert on_time(MILESTONES.iloc[:0], TARGETS, START, END)["on_time"] is None


def test_median_time_to_resolve_by_severity():
    got = median_resolve(MILESTONES, START, END)
    # resolved on the day: 1 (30 min, s1), 2 (120, s2), 5 (50, s1, reported the evening before), 7 (10, s1).
    assert got == {"value": 40.0, "resolved": 4, "by_severity": {1: 30.0, 2: 120.0}}


def test_backlog_at_the_end_of_the_day_ignores_later_endings():
    assert backlog(MILESTONES, END) == {"value": 3, "by_category": {"a": 3}}  # 3, 4 and 6 (which ends at 01:00)
    assert backlog(MILESTONES, END + timedelta(days=1))["value"] == 2


def test_aqi_of_the_day_and_good_air_share():
    daily = pd.DataFrame({"station": ["S1", "S2", "S1", "S2", "S3"],
                          "day": [DAY, DAY, DAY - timedelta(days=1), DAY - timedelta(days=1), DAY],
                          "aqi": pd.array([42, 130, 55, None, 48], dtype="Int64"),
                          "dominant": ["pm25", "pm10", "pm25", None, "o3"]})
    worst = aqi_by_day(daily, stations=4)
    assert worst[DAY] == {"worst": 130, "mean": pytest.approx((42 + 130 + 48) / 3), "station": "S2",
                          "dominant": "pm10", "have": 3, "total": 4}
    assert worst[DAY - timedelta(days=1)]["have"] == 1 and set(worst) == {DAY, DAY - timedelta(days=1)}
    # Station-days with an index over 30 days: 42, 130, 55, 48 → 2 of 4 are ≤ 50.
    later = DAY + timedelta(days=30)
    good = good_air_by_day(daily, [DAY, DAY - timedelta(days=1), later - timedelta(days=1), later])
    assert good[DAY] == {"value": 50.0, "good": 2, "station_days": 4}
    assert good[DAY - timedelta(days=1)]["value"] == 0.0
    # 29 days on, the day before DAY (55) has left the window: 42 and 48 of 42, 130, 48.
    assert good[later - timedelta(days=1)] == {"value": 200 / 3, "good": 2, "station_days": 3}
    assert good[later] == {"value": None, "good": 0, "station_days": 0}


def test_the_worst_station_of_a_day_is_the_first_at_its_maximum():
    daily = pd.DataFrame({"station": ["S1", "S2", "S3"], "day": [DAY] * 3,
                          "aqi": pd.array([90, 90, None], dtype="Int64"), "dominant": ["pm25", "o3", None]})
    assert aqi_by_day(daily, stations=3)[DAY]["station"] == "S1"
    assert aqi_by_day(daily.iloc[2:], stations=3) == {}


def test_congestion_index_and_peak_speed_by_local_day():
    hours = pd.DataFrame({
        # 00:00 local of DAY = 17:00 UTC the day before; 07:00 local = 00:00 UTC; 12:00 local = 05:00 UTC.
        "hour": pd.to_datetime(["2026-11-19T16:00", "2026-11-19T17:00", "2026-11-20T00:00", "2026-11-20T05:00"],
                               utc=True),
        "segment_hours": [10, 10, 20, 10], "slow_hours": [5, 1, 6, 0],
        "n": [60, 60, 120, 60], "speed_sum": [600.0, 1800.0, 2400.0, 2400.0]})
    got = congestion(hours, 7).set_index("day")
    assert got.loc[DAY - timedelta(days=1), "congestion"] == 50.0  # 23:00 local belongs to the day before
    assert got.loc[DAY, "congestion"] == pytest.approx(100 * 7 / 40)
    assert got.loc[DAY, "peak_speed"] == 20.0  # only 07:00 local is a peak hour: 2400 / 120
    assert pd.isna(got.loc[DAY - timedelta(days=1), "peak_speed"])


def test_camera_uptime_cut_at_local_midnight():
    spans = pd.DataFrame({
        "camera_code": ["C1", "C1", "C2"],
        "ts": pd.to_datetime(["2026-11-19T00:00", "2026-11-19T16:00", "2026-11-18T00:00"], utc=True),
        "until": pd.to_datetime(["2026-11-19T16:00", "2026-11-19T19:00", "2026-11-21T00:00"], utc=True),
        "online": [True, False, True]})
    # C1 offline 23:00–02:00 local: 2 h of DAY; the span ends at 19:00 UTC (nothing known after it).
    frame = daily_spans(spans, DAY, DAY, 7)
    c1 = frame.set_index("code").loc["C1"]
    assert (c1["online_s"], c1["known_s"], c1["longest_down_s"]) == (0.0, 7200.0, 7200.0)
    got = uptime_by_day(frame, cameras=3)[DAY]
    assert got["value"] == pytest.approx(100 * 86400 / (86400 + 7200))
    assert (got["have"], got["total"], got["longest_s"], got["longest_camera"]) == (2, 3, 7200.0, "C1")


def test_river_stage_against_alarm_levels():
    before = DAY - timedelta(days=1)
    levels = pd.DataFrame({"day": [DAY, DAY, before, before], "station_code": ["G1", "G2", "G1", "G2"],
                           "value_max": [2.6, 3.4, 3.1, 4.6], "alarm1": [2.5, 3.5, 2.5, 3.5],
                           "alarm2": [3.0, 4.5, 3.0, 4.5], "alarm3": [3.5, 5.5, 3.5, 5.5]})
    got = river_by_day(levels)
    assert got[DAY] == {"value": 1, "station": "G1", "level": 2.6, "have": 2}
    # Both gauges at alarm II the day before: the one further over alarm I is named.
    assert got[before] == {"value": 2, "station": "G2", "level": 4.6, "have": 2}
    assert river_by_day(levels.iloc[:0]) == {}


@pytest.mark.parametrize(("value", "target", "amber", "better", "state"), [
    (95, 90, 80, "higher", "green"), (90, 90, 80, "higher", "green"), (85, 90, 80, "higher", "amber"),
    (79.9, 90, 80, "higher", "red"), (200, 240, 480, "lower", "green"), (300, 240, 480, "lower", "amber"),
    (481, 240, 480, "lower", "red"), (None, 90, 80, "higher", "nodata"), (5, None, None, "lower", "none"),
    (85, 90, None, "higher", "red"),
])
def test_red_amber_green(value, target, amber, better, state):
    assert rag(value, target, amber, better) == state


def test_trend_against_the_previous_day_and_the_seven_day_mean():
    values = {DAY - timedelta(days=i): float(v) for i, v in enumerate([10, 8, 6, 4, 2, 0, 0, 0, 100])}
    delta_day, delta_7d = trend(values, DAY)
    assert delta_day == 2.0
    assert delta_7d == pytest.approx(10 - (8 + 6 + 4 + 2 + 0 + 0 + 0) / 7)
    assert trend({**values, DAY - timedelta(days=1): None}, DAY)[0] is None
    assert trend(values, DAY + timedelta(days=1)) == (None, None)


# --- the board on both databases, from records written through the write path ---------------------------------

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def _incident(services, external_id, severity, reported, *steps):
    point = services.pack.wards.iloc[0].geometry.representative_point()
    written = services.write_path.write("incidents", [{
        "external_id": external_id, "source": "hotline", "category": "giao_thong", "severity": severity,
        "title": f"Sự cố {external_id}", "lat": point.y, "lon": point.x, "reported_at": reported}], feed="test/kpi")
    assert written.accepted == 1, written
    for status, ts_ in steps:
        result = services.write_path.incident_events([{"source": "hotline", "external_id": external_id,
                                                       "to_status": status, "actor": "op1", "ts": ts_}], feed="test/kpi")
        assert result.accepted == 1, result


def seeded_board(services):
    from data.providers.kpi import KpiProvider

    services.write_path.clock = lambda: NOW
    # A: severity 2 (120 min to resolve) resolved after 60 min; B: severity 1 (60 min), open past due at midnight.
    _incident(services, "A", 2, "2026-11-20T01:00:00Z", ("acknowledged", "2026-11-20T01:05:00Z"),
              ("resolved", "2026-11-20T02:00:00Z"), ("closed", "2026-11-20T02:10:00Z"))
    _incident(services, "B", 1, "2026-11-20T10:00:00Z", ("acknowledged", "2026-11-20T10:02:00Z"))
    hours = [START + timedelta(hours=h, minutes=10) for h in range(24)]
    result = services.write_path.write("environment", [
        {"station": "AQ-01", "ts": h.isoformat(), "parameter": "pm25", "value": 20.0} for h in hours], "test/kpi")
    assert result.accepted == 24
    result = services.write_path.write("indicators", [
        {"indicator": "ho_so_dung_han", "period": DAY.isoformat(), "value": 97.0,
         "reported_at": "2026-11-20T09:00:00Z"}], "test/kpi")
    assert result.accepted == 1
    kpi = KpiProvider.from_services(services)
    kpi.clock = lambda: NOW
    return kpi


def test_board_of_a_day_on_both_databases(db_services):
    kpi = seeded_board(db_services)
    board = kpi.board(DAY)
    assert board["complete"] is True and board["day"] == DAY
    got = {k["code"]: k for k in board["kpis"]}
    assert {k["pillar"] for k in board["kpis"]} == {"governance", "living", "environment", "economy"}

    on_time_ = got["gov.incidents_on_time"]
    assert on_time_["value"] == 50.0  # A on time, B open past its due time: 1 late of 2 due
    assert (on_time_["detail"]["received"], on_time_["detail"]["handled"]) == (2, 1)
    assert (on_time_["target"], on_time_["state"]) == (90.0, "red")
    assert got["gov.reports_on_time"]["value"] is None  # no citizen report that day
    assert got["gov.median_resolve"]["value"] == 60.0
    assert got["gov.backlog"]["value"] == 1.0

    air = got["env.aqi_worst"]
    assert air["value"] == 40.0  # 24-h mean PM2.5 of 20 µg/m³ → VN_AQI 40 (0–25 µg/m³ maps to 0–50)
    assert (air["have"], air["coverage"]) == (1, "stations")
    assert air["total"] == int((db_services.pack.stations["kind"] == "air").sum())
    assert got["env.good_air"]["value"] == 100.0

    records = got["ho_so_dung_han"]
    assert (records["value"], records["target"], records["state"]) == (97.0, 98.0, "amber")
    assert records["detail"]["period"] == DAY
    assert records["series"][-1] == (DAY, 97.0) and len(records["series"]) == 30

    before = kpi.board(DAY - timedelta(days=1))
    assert {k["code"]: k["value"] for k in before["kpis"]}["ho_so_dung_han"] is None
    later = {k["code"]: k for k in kpi.board(DAY + timedelta(days=1))["kpis"]}
    # The next day: B still open past due (late), nothing finished; the backlog is still B.
    assert later["gov.incidents_on_time"]["value"] == 0.0 and later["gov.backlog"]["value"] == 1.0
    assert later["gov.backlog"]["delta_day"] == 0.0


def test_today_so_far_is_not_kept_and_past_days_are(db_services):
    kpi = seeded_board(db_services)
    kpi.board(NOW.date())
    assert NOW.date() not in kpi._cache and DAY in kpi._cache
    assert kpi.board(NOW.date())["complete"] is False


def test_wards_and_notable(db_services):
    kpi = seeded_board(db_services)
    ward = db_services.pack.wards["code"].iloc[0]
    kpi.population = {ward: 20_000.0}
    wards = kpi.wards(DAY).set_index("ward_code")
    assert wards.loc[ward, "incidents"] == 2 and wards.loc[ward, "per_10k"] == 1.0
    assert wards.loc[ward, "on_time"] == 50.0
    notable = kpi.notable(DAY)
    assert notable["incidents"]["severity"].tolist()[0] == 1


def test_open_data_board_has_the_board_s_figures(db_services):
    from feeds_client import api_client

    kpi = seeded_board(db_services)
    db_services.kpi = kpi
    with api_client(db_services) as client:
        rows = client.get(f"/api/v1/open/kpi/board?day={DAY}").json()["rows"]
        csv_text = client.get(f"/api/v1/open/kpi/board?day={DAY}&format=csv").text
        assert client.get("/api/v1/open/kpi/board?day=2030-01-01").status_code == 400
    got = {r["code"]: r for r in rows}
    assert got["gov.incidents_on_time"]["value"] == 50.0 and got["gov.incidents_on_time"]["state"] == "red"
    assert got["ho_so_dung_han"]["value"] == 97.0 and got["ho_so_dung_han"]["target"] == 98.0
    assert "gov.incidents_on_time,governance,50.0" in csv_text


def test_figures_read_the_language_s_way():
    from layouts.kpi import as_of_text, delta_text, value_text

    pct, minutes, stage = {"unit": "pct"}, {"unit": "minutes"}, {"unit": "stage"}
    sessions = {"unit": "number", "unit_vi": "phiên", "unit_en": "sessions"}
    assert value_text(pct, 93.75, "vi") == "93,8 %" and value_text(pct, 93.75, "en") == "93.8 %"
    assert value_text(sessions, 24524, "vi") == "24.524 phiên" and value_text(sessions, 24524, "en") == "24,524 sessions"
    assert value_text(minutes, 96, "vi") == "96 phút" and value_text(minutes, 235, "vi") == "3,9 giờ"
    assert value_text(stage, 2, "vi") == "Báo động II" and value_text(pct, None, "vi") == "–"
    assert delta_text(pct, -6.25, "vi") == "−6,2" and delta_text(pct, 0.0, "vi") == "±0,0"
    assert delta_text(minutes, 11.4, "vi") == "+11 phút" and delta_text(pct, None, "vi") == ""
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    assert as_of_text({"as_of": END}, zone, "vi") == "Số liệu đến 24:00 20/11"  # the end of the day, not 00:00 next
    assert as_of_text({"as_of": END - timedelta(hours=7, minutes=30)}, zone, "en") == "Data as of 16:30 20/11"


def test_the_slowest_segments_of_the_day(db_services):
    kpi = seeded_board(db_services)
    roads = db_services.pack.roads.set_index("code")["free_flow_kmh"]
    shares = dict(zip(roads.index[:7], (0.2, 0.9, 0.6, 0.6, 0.3, 0.7, 0.8), strict=True))  # two alike: by code
    records = [{"segment": code, "ts": (START + timedelta(hours=h)).isoformat(), "speed_kmh": roads[code] * share}
               for code, share in shares.items() for h in range(24)]
    assert db_services.write_path.write("traffic", records, "test/kpi").accepted == 7 * 24
    got = {k["code"]: k for k in kpi.board(DAY)["kpis"]}["liv.congestion"]
    assert got["detail"]["worst"] == sorted(shares, key=lambda code: (shares[code], code))[:5]
    # 48 of 168 segment-hours slow (under half of free flow: the 0.2 and 0.3 segments), 7 segments reporting.
    assert got["value"] == pytest.approx(100 * 48 / 168) and (got["have"], got["coverage"]) == (7, "segments")


def test_lowest_vn_wqi_of_the_day_on_both_databases(db_services):
    from data.rules import wqi

    kpi = seeded_board(db_services)
    # WQ-01: the worked example of tests/test_wqi.py (VN_WQI 54, "Trung bình"); WQ-02: clean water (100).
    example = {"ph": 8.75, "do": round(wqi.do_saturation(28.0), 3), "temperature": 28.0, "bod5": 5, "cod": 22.5,
               "nh4": 0.45, "coliform": 6250}
    clean = {**example, "ph": 7.2, "bod5": 3, "cod": 8, "nh4": 0.1, "coliform": 1500}
    records = [{"station": station, "ts": (START + timedelta(hours=h)).isoformat(), "parameter": p, "value": v}
               for station, values in (("WQ-01", example), ("WQ-02", clean)) for h in (2, 8)
               for p, v in values.items()]
    result = db_services.write_path.write("environment", records, "test/kpi")
    assert result.accepted == len(records), result
    got = {k["code"]: k for k in kpi.board(DAY)["kpis"]}["env.wqi_worst"]
    assert got["value"] == 54.0 and got["detail"]["station"] == "WQ-01" and got["detail"]["category"] == "medium"
    assert (got["have"], got["coverage"]) == (2, "stations") and got["better"] == "higher"
    assert got["total"] == int((db_services.pack.stations["kind"] == "water_quality").sum())
    assert got["state"] == "green" and got["placeholder"] is True  # target 51, provisional


def test_station_hours_per_vn_aqi_category_on_the_board(db_services):
    kpi = seeded_board(db_services)  # AQ-01: 24 hours of PM2.5 at 20 µg/m³ → hourly VN_AQI in "Tốt"
    mean = {k["code"]: k for k in kpi.board(DAY)["kpis"]}["env.aqi_mean"]
    hours = mean["detail"]["hours"]
    assert list(hours) == ["good", "moderate", "poor", "bad", "very_bad", "hazardous"]
    assert hours["good"] >= 12 and sum(hours.values()) == hours["good"]  # hours with a NowCast, all good
    from layouts.kpi import detail_text

    assert detail_text(mean, {}, "vi") == f"Giờ-trạm: Tốt {hours['good']}"


def _daily_spans_by_day(spans, first, last, offset_hours):
    """The definition, one local day at a time: every span overlapping the day, clipped to it."""
    rows = []
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        low = pd.Timestamp(day.isoformat(), tz="UTC") - pd.Timedelta(hours=offset_hours)
        high = low + pd.Timedelta(days=1)
        for span in spans.itertuples():
            if span.ts < high and span.until > low:
                seconds = (min(span.until, high) - max(span.ts, low)).total_seconds()
                rows.append((day, span.camera_code, seconds if span.online else 0.0, seconds,
                             0.0 if span.online else seconds))
    per = pd.DataFrame(rows, columns=["day", "code", "online_s", "known_s", "down_s"])
    return per.groupby(["day", "code"]).agg(online_s=("online_s", "sum"), known_s=("known_s", "sum"),
                                            longest_down_s=("down_s", "max")).reset_index()


@pytest.mark.parametrize("seed", range(5))
def test_camera_uptime_spans_cut_into_days_like_the_definition(seed):
    """Random spans: some days long, some ending or starting exactly at a local midnight, some empty, some
    outside the asked days."""
    rng = np.random.default_rng(seed)
    origin = pd.Timestamp("2026-11-15T17:00", tz="UTC")  # a local midnight
    rows = []
    for camera in ("C1", "C2", "C3"):
        t = origin + pd.Timedelta(hours=float(rng.integers(-30, 10)))
        for _ in range(12):
            step = pd.Timedelta(hours=24) * int(rng.integers(0, 3)) if rng.random() < 0.3 else \
                pd.Timedelta(seconds=float(rng.choice([0, 1800, 3600 * 7, rng.uniform(1, 50_000)])))
            rows.append((camera, t, t + step, bool(rng.random() < 0.6)))
            t += step
    spans = pd.DataFrame(rows, columns=["camera_code", "ts", "until", "online"])
    first = DAY - timedelta(days=2)
    got = daily_spans(spans, first, DAY, 7).reset_index(drop=True)
    want = _daily_spans_by_day(spans, first, DAY, 7)
    assert len(got) > 3
    assert list(zip(got["day"], got["code"], strict=True)) == list(zip(want["day"], want["code"], strict=True))
    for column in ("online_s", "known_s", "longest_down_s"):
        assert got[column].to_numpy() == pytest.approx(want[column].to_numpy(), abs=1e-6), column
