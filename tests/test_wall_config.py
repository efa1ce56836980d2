"""The wall's URL configuration: scenes, the two dwell forms, takeover and camera grid, and a readable
ValueError for every bad value."""

from __future__ import annotations

import pytest

from layouts.domains import views
from layouts.wall import (
    DEFAULT_GRID,
    DEFAULT_TAKEOVER_S,
    WallConfig,
    default_dwell,
    parse_config,
    scene_names,
)

SCENES = scene_names()
DEFAULT_DWELL = default_dwell()


def test_no_parameters_give_the_defaults():
    assert parse_config() == WallConfig(SCENES, dict(DEFAULT_DWELL), DEFAULT_TAKEOVER_S, DEFAULT_GRID)
    assert parse_config("", "", "", "") == parse_config()


def test_scenes_in_the_order_asked_with_spaces_and_empty_parts_ignored():
    assert parse_config(scenes=" cameras, overview,,traffic ").scenes == ("cameras", "overview", "traffic")


def test_one_dwell_for_every_scene():
    assert parse_config(dwell="45").dwell == dict.fromkeys(SCENES, 45)


def test_dwell_per_scene_keeps_the_defaults_of_the_others():
    dwell = parse_config(dwell="overview:60, traffic:20").dwell
    assert dwell == {**DEFAULT_DWELL, "overview": 60, "traffic": 20}


def test_a_dwell_for_all_then_one_scene():
    assert parse_config(dwell="40,cameras:90").dwell == {**dict.fromkeys(SCENES, 40), "cameras": 90}


@pytest.mark.parametrize(("takeover", "seconds"), [("0", 0), ("45", 45), ("3600", 3600), (None, DEFAULT_TAKEOVER_S)])
def test_takeover(takeover, seconds):
    assert parse_config(takeover=takeover).takeover_s == seconds


@pytest.mark.parametrize(("grid", "size"), [("4x4", (4, 4)), ("4X2", (4, 2)), ("3", (3, 3)), ("8x1", (8, 1))])
def test_grid(grid, size):
    assert parse_config(grid=grid).grid == size


KNOWN = "(known: overview, traffic, cameras, environment, incidents, indicators)"


@pytest.mark.parametrize(("given", "reason"), [
    ({"scenes": "overview,weather"}, f"scenes: unknown weather {KNOWN}"),
    ({"scenes": " , "}, f"scenes: unknown none given {KNOWN}"),
    ({"dwell": "weather:30"}, "dwell: unknown scene 'weather'"),
    ({"dwell": "overview:soon"}, "dwell: 'soon' is not a whole number"),
    ({"dwell": "1"}, "dwell: 1 is outside 2..3600"),
    ({"dwell": "traffic:3601"}, "dwell: 3601 is outside 2..3600"),
    ({"dwell": "overview:"}, "dwell: '' is not a whole number"),
    ({"takeover": "-1"}, "takeover: -1 is outside 0..3600"),
    ({"takeover": "30s"}, "takeover: '30s' is not a whole number"),
    ({"grid": "9x9"}, "grid: 9 is outside 1..8"),
    ({"grid": "4x0"}, "grid: 0 is outside 1..8"),
    ({"grid": "axb"}, "grid: 'a' is not a whole number"),
])
def test_bad_values_say_what_is_wrong(given, reason):
    with pytest.raises(ValueError) as refused:
        parse_config(**given)
    assert str(refused.value) == reason


def test_the_store_carries_what_the_browser_timers_need():
    store = parse_config(scenes="traffic,cameras", dwell="cameras:30", grid="2x2").as_store(
        {"center": [19.8, 105.78]}, "Asia/Ho_Chi_Minh", "en")
    assert store["scenes"] == ["traffic", "cameras"] and store["grid"] == [2, 2]
    assert store["cam_dwell_s"] == 10  # a third of the camera scene's dwell
    assert set(store["titles"]) == set(SCENES) and "{since}" in store["unavailable"]
    # What the browser-side rotation needs to know of the page: every scene, and where the focus ring is.
    # The focus ring comes after every domain's traces (traffic: 5 levels + its labels; cameras; environment; incidents).
    traces = [trace for view in views() for trace in view.placeholders("en")]
    assert store["scene_names"] == list(SCENES) and store["focus_trace"] == len(traces) == 9


def test_the_feed_strip_summarises_and_names_feeds_for_people():
    from datetime import UTC, datetime

    import pandas as pd

    from layouts.wall import NAMED_FEEDS, feed_strip

    at = pd.Timestamp(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    rows = [("simulator/cameras", "cameras", "ok"), ("simulator/traffic", "traffic", "ok"), ("console", "incidents", "ok"),
            ("mqtt/tram-01", "environment", "ok"), ("seed/cameras", "cameras", "import"),
            ("seed/traffic", "traffic", "import"), ("so-gtvt/traffic", "traffic", "stale"),
            *[(f"partner-{i}/environment", "environment", "late") for i in range(NAMED_FEEDS + 1)]]
    feeds = pd.DataFrame([{"feed": f, "domain": d, "state": s, "expected_every_s": 300, "last_seen": at}
                          for f, d, s in rows])
    items = feed_strip(feeds, "Asia/Ho_Chi_Minh", "vi")
    texts = [" | ".join(str(c.children) for c in item.children) if hasattr(item, "children") and isinstance(
        item.children, list) else str(item.children) for item in items]
    assert texts[0] == "Nguồn dữ liệu"
    assert texts[1].startswith("4 nguồn tốt | ● Tốt | Camera · mô phỏng, Giao thông · mô phỏng, Bàn điều hành, "
                               "MQTT · tram-01")
    # The bad feeds by name, the stale one first; past NAMED_FEEDS they are counted.
    assert texts[2].startswith("so-gtvt/traffic | ✕ Mất | mỗi 5 phút · lần cuối 10:00:00")
    assert [t.split(" | ")[0] for t in texts[3:2 + NAMED_FEEDS]] == [f"partner-{i}/environment"
                                                                      for i in range(NAMED_FEEDS - 1)]
    assert texts[2 + NAMED_FEEDS].startswith("2 nguồn khác | ◔ Chậm")
    assert texts[-1] == ("Lịch sử đã nhập (2 nguồn) | ▣ Nhập một lần | 01/12 10:00 · Camera · lịch sử mô phỏng, "
                         "Giao thông · lịch sử mô phỏng")
    assert len(items) == 4 + NAMED_FEEDS  # the title, the fine ones, the named bad ones, the rest, the history


@pytest.mark.parametrize(("domain", "summary", "state", "words"), [
    ("incidents", {"open": 5, "s1": 0, "s2": 1, "overdue": 2}, "bad", "Quá hạn 2"),
    ("incidents", {"open": 5, "s1": 1, "s2": 1, "overdue": 0}, "warn", "Khẩn cấp 1"),
    ("incidents", {"open": 0, "s1": 0, "s2": 0, "overdue": 0}, "ok", "Quá hạn 0"),
    ("cameras", {"online": 330, "total": 330, "offline": 0, "unknown": 0}, "ok", "0 mất tín hiệu"),
    ("cameras", {"online": 328, "total": 330, "offline": 2, "unknown": 0}, "warn", "2 mất tín hiệu"),
    ("cameras", {"online": 300, "total": 330, "offline": 30, "unknown": 0}, "bad", "30 mất tín hiệu"),
    ("traffic", {"reporting": 100, "mean_speed_kmh": 40.0, "mean_ratio": 0.8, "congested": 12}, "bad", "12"),
    ("traffic", {"reporting": 100, "mean_speed_kmh": 40.0, "mean_ratio": 0.8, "congested": 0}, "ok", "80"),
    ("traffic", {"reporting": 0, "mean_speed_kmh": None}, "none", "Chưa có dữ liệu"),
    ("environment", {"aqi": 160, "station": "AQ-01"}, "bad", "Xấu"),
    ("environment", {"aqi": 120, "station": "AQ-01"}, "warn", "Kém"),
    ("environment", {"aqi": 40, "station": "AQ-01"}, "ok", "Tốt"),
    ("indicators", {"current": 6, "total": 7}, "warn", ""),
    ("indicators", {"current": 7, "total": 7}, "ok", ""),
])
def test_every_wall_kpi_tile_has_a_state_by_its_threshold(domain, summary, state, words):
    from layouts.domains import view_of

    value, detail, got = view_of(domain).wall_kpi_text(summary, "vi")
    assert got == state and words in detail, (value, detail, got)


@pytest.mark.parametrize("names, shown", [
    (["Trạm quan trắc không khí Đông Tiến", "Trạm quan trắc không khí Bến xe phía Bắc", "Trạm quan trắc không khí KCN Lễ Môn"],
     ["Đông Tiến", "Bến xe phía Bắc", "KCN Lễ Môn"]),
    (["Trạm quan trắc không khí Đông Sơn", "Trạm quan trắc không khí Đông Tiến"], ["Đông Sơn", "Đông Tiến"]),
    (["Trạm Đông Sơn", "Trạm Đông Tiến"], ["Trạm Đông Sơn", "Trạm Đông Tiến"]),  # proper names stay whole
    (["Trạm A", "Trạm"], ["Trạm A", "Trạm"]),  # a name would be left empty: both keep their words
    (["Trạm quan trắc không khí Đông Tiến"], ["Trạm quan trắc không khí Đông Tiến"]),  # one name: nothing to tell apart
    (["Hàm Rồng", "Quảng Phú"], ["Hàm Rồng", "Quảng Phú"]),
    ([], []),
])
def test_a_wall_list_drops_the_words_every_name_begins_with(names, shown):
    from layouts.wall import distinct_names

    assert distinct_names(names) == shown
