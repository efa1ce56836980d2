"""Callbacks called as plain functions on fresh SQLite services (no browser, no server): what the overview, the
wall and the incident console send for a change, that an unchanged version sends nothing, and who sees what."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from dash import no_update

from data.domains import domain_names
from data.rules import lifecycle
from layouts.domains import trace_slots


def patched(patch) -> dict[tuple, object]:
    """What a Patch assigns: {location: value}."""
    return {tuple(op["location"]): op["params"]["value"] for op in patch.to_plotly_json()["operations"]
            if op["operation"] == "Assign"}


def traces_of(*domains: str) -> set[tuple]:
    return {("data", index) for domain in domains for index in trace_slots()[domain]}


def pushed(services) -> dict:
    """What the push loop sends pages as `live-versions` after the writes so far."""
    _epoch, versions, available = services.watcher.snapshot()
    return {"versions": versions, "available": available}


def report(services, external_id: str, severity: int = 3, category: str = "giao_thong", minutes_ago: int = 30,
           ward: int = 0, title: str | None = None) -> int:
    """A new incident in a ward of the pack, reported `minutes_ago`; its id."""
    point = services.pack.wards.iloc[ward].geometry.representative_point()
    reported = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    written = services.write_path.write("incidents", [{
        "external_id": external_id, "source": "hotline", "category": category, "severity": severity,
        "title": title or f"Sự cố {external_id}", "lat": point.y, "lon": point.x, "reported_at": reported.isoformat(),
        "reporter_name": "Nguyễn Văn A", "reporter_phone": "0912 345 678"}], feed="test/console")
    assert written.accepted == 1, written
    frame = services.incidents.incidents(status=None)
    return int(frame.loc[frame["external_id"] == external_id, "id"].iloc[0])


def move(services, external_id: str, *statuses: str) -> None:
    """Take an incident through `statuses`, a second apart, ending a second ago."""
    for step, status in enumerate(statuses):
        ts = datetime.now(UTC) - timedelta(seconds=len(statuses) - step)
        record = {"source": "hotline", "external_id": external_id, "to_status": status, "actor": "op1",
                  "ts": ts.isoformat(), "note": "đã xử lý"}
        assert services.write_path.incident_events([record], feed="test/console").accepted == 1


@contextmanager
def database_away(services):
    """The SQLite file is gone (every query fails) until the block ends, then back as it was."""
    path = services.engines.main.url.database
    services.engines.dispose()
    shutil.move(path, f"{path}.away")
    try:
        yield
    finally:
        services.engines.dispose()
        shutil.move(f"{path}.away", path)


# --- overview -----------------------------------------------------------------------------------------

def overview(live, seen, lang: str = "vi") -> dict:
    from callbacks.overview import CARD_OUTPUTS, refresh_overview

    figure, *cards, updated, drawn = refresh_overview(live, seen, lang)
    ids = [output.component_id for output in CARD_OUTPUTS]
    return {"figure": figure, "cards": dict(zip(ids, cards, strict=True)), "updated": updated, "seen": drawn}


def test_overview_draws_every_domain_first_then_only_what_changed(app_services):
    first = overview(pushed(app_services), None)
    assert set(patched(first["figure"])) == traces_of(*domain_names())
    assert first["cards"]["card-incidents-value"] == "0"
    assert first["cards"]["card-traffic-value"] == "–"  # nothing reported yet
    assert first["seen"] == pushed(app_services)["versions"]

    nothing = overview(pushed(app_services), first["seen"])
    assert all(value is no_update for value in [nothing["figure"], *nothing["cards"].values(), nothing["updated"],
                                                 nothing["seen"]])

    report(app_services, "OV-1", severity=1)
    after = overview(pushed(app_services), first["seen"])
    assert set(patched(after["figure"])) == traces_of("incidents")
    changed = {card: text for card, text in after["cards"].items() if text is not no_update}
    assert set(changed) == {"card-incidents-value", "card-incidents-detail"}
    assert changed["card-incidents-value"] == "1"
    assert after["updated"] is no_update  # the traffic update time is only redrawn with traffic
    assert after["seen"]["incidents"] > first["seen"]["incidents"]


def test_overview_traffic_card_and_update_time_follow_a_reading(app_services):
    segment = app_services.pack.roads["code"].iloc[0]
    before = overview(pushed(app_services), None)
    written = app_services.write_path.write("traffic", [{"segment": segment, "ts": datetime.now(UTC).isoformat(),
                                                         "speed_kmh": 12.0}], feed="test/traffic")
    assert written.accepted == 1
    after = overview(pushed(app_services), before["seen"], "en")
    assert set(patched(after["figure"])) == traces_of("traffic")
    assert after["cards"]["card-traffic-value"].endswith("%")
    assert after["updated"] not in (no_update, before["updated"])


# --- wall ---------------------------------------------------------------------------------------------

def test_wall_incidents_sends_a_new_version_once(app_services):
    from callbacks.domains.incidents import wall_incidents

    report(app_services, "WALL-1", severity=1, title="Cháy kho hàng")
    *shown, version = wall_incidents(None, None, "vi")
    assert version == pushed(app_services)["versions"]["incidents"]
    overview_map, kpi_value, tile = shown[0], shown[1], shown[3]
    assert set(patched(overview_map)) == traces_of("incidents")
    assert kpi_value == "1"
    assert tile == "wall-kpi wall-kpi-bad"  # reported 30 min ago, not acknowledged within its 5 min: overdue
    assert "Cháy kho hàng" in str(shown[4])  # the ticker (after the map patch and the KPI's value, detail, tile)

    assert all(value is no_update for value in wall_incidents(None, version, "vi"))


def test_wall_traffic_patches_only_the_levels_that_changed(app_services):
    from callbacks.domains.traffic import wall_traffic

    codes = app_services.pack.roads["code"].tolist()
    before = datetime.now(UTC) - timedelta(minutes=2)
    app_services.write_path.write("traffic", [{"segment": code, "ts": before.isoformat(), "speed_kmh": 45.0}
                                              for code in codes], feed="test/traffic")
    first = wall_traffic(None, None, "vi")
    assert set(patched(first[0])) == traces_of("traffic")  # the first draw sends every level

    app_services.write_path.write("traffic", [{"segment": codes[0], "ts": (before + timedelta(minutes=1)).isoformat(),
                                               "speed_kmh": 3.0}], feed="test/traffic")
    second = wall_traffic(None, first[-1], "vi")
    levels = set(patched(second[0]))
    assert levels and levels < traces_of("traffic"), "one segment moved: only its old and new level are sent"
    assert second[-1] > first[-1]


def test_wall_keeps_what_it_shows_while_the_database_is_away(app_services):
    from callbacks.domains.incidents import wall_incidents

    report(app_services, "WALL-OUT", severity=2)
    with database_away(app_services):
        assert all(value is no_update for value in wall_incidents(None, None, "vi"))
    *_shown, version = wall_incidents(None, None, "vi")  # the failure was not kept: computed again
    assert version == pushed(app_services)["versions"]["incidents"]


# --- incident console ---------------------------------------------------------------------------------

def queue(request, live, seen=None, lang="vi", status=None, severity=None, sla=None):
    from callbacks.incidents import refresh_queue

    request.trigger("inc-ask.data", live["versions"]["incidents"])  # the push of the incidents' version, passed on
    return refresh_queue(live["versions"]["incidents"], None, None, status, None, severity, None, None, sla, None, None, seen, lang)


def test_incident_queue_filters_and_skips_other_domains(app_services, callback_request):
    callback_request.sign_in("operator")
    first = report(app_services, "Q-1", severity=1, minutes_ago=3)
    second = report(app_services, "Q-2", severity=3, category="moi_truong", minutes_ago=2)
    report(app_services, "Q-3", severity=2, minutes_ago=1)
    move(app_services, "Q-3", lifecycle.ACKNOWLEDGED, lifecycle.RESOLVED, lifecycle.CLOSED)

    rows, count, figure, seen = queue(callback_request, pushed(app_services))
    assert [row["id"] for row in rows] == [second, first]  # open ones, newest first
    assert count == "2 sự cố"
    assert patched(figure)[("data", 0)]["customdata"] == [second, first]
    assert seen == pushed(app_services)["versions"]["incidents"]

    rows, count, _figure, _seen = queue(callback_request, pushed(app_services), severity=[1], lang="en")
    assert [row["id"] for row in rows] == [first] and count == "1 incident"
    closed, _count, _figure, _seen = queue(callback_request, pushed(app_services), status=[lifecycle.CLOSED])
    assert [row["status_name"] for row in closed] == ["Đã đóng"] and closed[0]["sla_name"] == ""

    segment = app_services.pack.roads["code"].iloc[0]
    app_services.write_path.write("traffic", [{"segment": segment, "ts": datetime.now(UTC).isoformat(),
                                               "speed_kmh": 30.0}], feed="test/traffic")
    assert queue(callback_request, pushed(app_services), seen=seen) == (no_update,) * 4  # only traffic changed


@pytest.mark.parametrize(("role", "acts"), [("operator", True), ("leader", False), ("display", False)])
def test_incident_detail_shows_actions_and_contact_to_operators_only(app_services, callback_request, role, acts):
    from callbacks.incidents import show_detail

    assert callback_request.sign_in(role).role == role
    incident_id = report(app_services, "D-1", severity=2, minutes_ago=2)
    shown, clock, buttons, point, actions_hidden = show_detail(incident_id, 1, "vi")
    assert ("0912 345 678" in str(shown)) is acts
    assert actions_hidden is False
    assert point["id"] == incident_id and point["lat"] and point["lon"]  # what the map rings
    assert bool(buttons) is acts
    assert clock["due_ms"] > datetime.now(UTC).timestamp() * 1000  # 2 of its 10 minutes to acknowledge used


def test_with_no_incident_selected_the_detail_hides_its_action_inputs(app_services, callback_request):
    from callbacks.incidents import show_detail

    callback_request.sign_in("operator")
    shown, clock, buttons, point, actions_hidden = show_detail(None, 1, "vi")
    assert "Chọn một sự cố trong hàng đợi" in str(shown)
    assert (clock, buttons, point, actions_hidden) == (None, [], None, True)


def test_a_trace_whose_per_point_lists_alone_changed_gets_just_those_items():
    from dash import Patch

    from callbacks.overview import patch_trace

    before = {"type": "scattermap", "name": "Camera", "lon": [1.0, 2.0, 3.0, 4.0], "lat": [5.0, 6.0, 7.0, 8.0],
              "hovertext": ["a", "b", "c", "d"], "marker": {"color": ["g", "g", "g", "g"], "size": [5, 5, 5, 5]}}
    camera_offline = {**before, "hovertext": ["a", "b off", "c", "d"],
                      "marker": {"color": ["g", "r", "g", "g"], "size": [5, 10, 5, 5]}}
    figure = Patch()
    patch_trace(figure, 6, before, camera_offline)
    operations = figure.to_plotly_json()["operations"]
    assert sorted((op["location"], op["params"]["value"]) for op in operations) == [
        (["data", 6, "hovertext", 1], "b off"), (["data", 6, "marker", "color", 1], "r"),
        (["data", 6, "marker", "size", 1], 10)]
    moved = {**camera_offline, "lon": [1.0, 2.5, 3.0, 4.0]}  # anything else changed: the whole trace
    figure = Patch()
    patch_trace(figure, 6, before, moved)
    assert [op["location"] for op in figure.to_plotly_json()["operations"]] == [["data", 6]]
