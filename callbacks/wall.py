"""Wall callbacks: one thin server callback per domain, woken by the pushed `live-versions`, patches only what
changed; the clock, the scene rotation, the alarm takeover and camera paging run in the browser.

While the database is unreachable the server callbacks send nothing (the last data stays on screen) and the
banner is drawn in the browser from the pushed `available` flag.
"""

from __future__ import annotations

import functools
import time

from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    callback,
    clientside_callback,
    no_update,
)
from sqlalchemy.exc import SQLAlchemyError

from data.alarms import AlarmsProvider
from data.services import get_services
from data.sla import SlaProvider
from layouts import wall_scenes as scenes
from layouts.i18n import t
from layouts.map import DOMAIN_TRACES, air_trace, camera_trace, incident_trace, segment_traces
from layouts.wall import alarm_records, feed_strip, feeds_signature

MAP = "wall-overview-map"


def _dup(component: str, prop: str = "figure") -> Output:
    return Output(component, prop, allow_duplicate=True)


def domain_changed(domain: str, live: dict | None, seen: int | None, first: bool) -> bool:
    """True on the first draw, or when the pushed version of `domain` differs from the one drawn."""
    if live is not None and not live.get("available", True):
        return False
    version = ((live or {}).get("versions") or {}).get(domain)
    return first or version != seen


def seen_version(domain: str, live: dict | None):
    return ((live or {}).get("versions") or {}).get(domain, 0)


def keep_last_on_outage(outputs: int):
    """The database went away mid-callback: send nothing, so the wall keeps what it shows."""
    def wrap(func):
        @functools.wraps(func)
        def inner(*args):
            try:
                return func(*args)
            except SQLAlchemyError:
                return (no_update,) * outputs
        return inner
    return wrap


def refs(lang: str) -> dict:
    pack = get_services().pack
    names = pack.categories.set_index("code")["name_vi" if lang == "vi" else "name_en"].to_dict()
    return {"wards": pack.unit_names(), "categories": names}


def _patch_traces(patch: Patch, indices: list[int], traces: list[dict]) -> Patch:
    for index, trace in zip(indices, traces, strict=True):
        patch["data"][index] = trace
    return patch


# --- traffic ----------------------------------------------------------------------------------------

@callback(_dup(MAP), Output("wall-traffic-map", "figure"), Output("wall-kpi-speed-value", "children"),
          Output("wall-kpi-speed-detail", "children"), Output("wall-worst", "children"),
          _dup("wall-week-chart"), Output("wall-week-summary", "children"), Output("wall-seen-traffic", "data"),
          Input("live-versions", "data"), State("wall-seen-traffic", "data"), State("wall-lang", "data"),
          prevent_initial_call="initial_duplicate")
@keep_last_on_outage(8)
def wall_traffic(live, seen, lang):
    if not domain_changed("traffic", live, seen, seen is None):
        return (no_update,) * 8
    services = get_services()
    traffic = services.traffic
    current = traffic.current()
    traces = segment_traces(traffic.segments(), current, lang)
    speed, detail = scenes.kpi_speed(traffic.summary(), current["speed_kmh"].mean(), lang)
    week, headline = scenes.week_chart(traffic.week_comparison(), services.zone, lang)
    chart = Patch()
    chart["data"] = week["data"]
    overview = _patch_traces(Patch(), DOMAIN_TRACES["traffic"], traces)
    own = _patch_traces(Patch(), list(range(len(traces))), traces)
    return (overview, own, speed, detail, scenes.worst_segments(traffic.worst_segments(limit=8), lang), chart,
            headline, seen_version("traffic", live))


# --- cameras ----------------------------------------------------------------------------------------

@callback(_dup(MAP), Output("wall-kpi-cameras-value", "children"), Output("wall-kpi-cameras-detail", "children"),
          Output("wall-cam-grid", "children"), Output("wall-cam-offline", "children"), Output("wall-cams-sig", "data"),
          Output("wall-seen-cameras", "data"),
          Input("live-versions", "data"), Input("live-heartbeat", "data"), State("wall-seen-cameras", "data"),
          State("wall-cams-sig", "data"), State("wall-lang", "data"), State("wall-config", "data"),
          prevent_initial_call="initial_duplicate")
@keep_last_on_outage(7)
def wall_cameras(live, _beat, seen, signature, lang, config):
    # A heartbeat also refreshes the tiles: "offline for N min" grows while nothing is written.
    if live is not None and not live.get("available", True):
        return (no_update,) * 7
    services = get_services()
    ordered = services.cameras.wall_order()
    new_signature = scenes.camera_signature(ordered)
    if new_signature == signature and not domain_changed("cameras", live, seen, seen is None):
        return (no_update,) * 7
    summary = {"total": len(ordered), "online": int(ordered["online"].eq(True).sum()),
               "offline": int(ordered["online"].eq(False).sum())}
    value, detail = scenes.kpi_cameras(summary, lang)
    overview = _patch_traces(Patch(), DOMAIN_TRACES["cameras"], [camera_trace(ordered, lang)])
    grid = no_update
    offline = no_update
    if new_signature != signature:
        stamp = time.strftime("%Y%m%d%H%M")
        grid = scenes.camera_pages(ordered, tuple(config["grid"]), refs(lang), lang, stamp)
        offline = t("wall.cam.offline_count", lang, offline=summary["offline"], total=summary["total"])
    return overview, value, detail, grid, offline, new_signature, seen_version("cameras", live)


# --- environment ------------------------------------------------------------------------------------

@callback(_dup(MAP), Output("wall-kpi-aqi-value", "children"), Output("wall-kpi-aqi-detail", "children"),
          Output("wall-aqi-list", "children"), _dup("wall-aqi-trend"), Output("wall-water-quality", "children"),
          Output("wall-river", "children"), Output("wall-seen-environment", "data"),
          Input("live-versions", "data"), State("wall-seen-environment", "data"), State("wall-lang", "data"),
          prevent_initial_call="initial_duplicate")
@keep_last_on_outage(8)
def wall_environment(live, seen, lang):
    if not domain_changed("environment", live, seen, seen is None):
        return (no_update,) * 8
    services = get_services()
    env = services.environment
    current = env.aqi_current()
    value, detail = scenes.kpi_aqi(env.summary(), lang)
    figure = scenes.aqi_trend_chart(env.aqi_trend(), services.zone, lang)
    trend = Patch()
    trend["data"] = figure["data"]
    trend["layout"]["shapes"] = figure["layout"]["shapes"]
    trend["layout"]["yaxis"]["range"] = figure["layout"]["yaxis"]["range"]
    trend["layout"]["yaxis"]["tickvals"] = figure["layout"]["yaxis"]["tickvals"]
    overview = _patch_traces(Patch(), DOMAIN_TRACES["environment"], [air_trace(current, lang)])
    return (overview, value, detail, scenes.aqi_list(current, lang), trend,
            scenes.water_quality(env.water_quality_latest(), lang), scenes.river_levels(env.water_levels(), lang),
            seen_version("environment", live))


# --- incidents --------------------------------------------------------------------------------------

@callback(_dup(MAP), Output("wall-kpi-incidents-value", "children"), Output("wall-kpi-incidents-detail", "children"),
          Output("wall-ticker", "children"), Output("wall-inc-severity", "children"),
          Output("wall-inc-category", "children"), Output("wall-inc-ward", "children"),
          Output("wall-inc-sla", "children"), Output("wall-inc-newest", "children"),
          Output("wall-seen-incidents", "data"),
          Input("live-versions", "data"), State("wall-seen-incidents", "data"), State("wall-lang", "data"),
          prevent_initial_call="initial_duplicate")
@keep_last_on_outage(10)
def wall_incidents(live, seen, lang):
    if not domain_changed("incidents", live, seen, seen is None):
        return (no_update,) * 10
    services = get_services()
    incidents = services.incidents
    names = refs(lang)
    sla = SlaProvider(incidents, services.pack.sla).open_incidents()
    by_severity = incidents.open_by_severity()
    summary = {"open": int(by_severity["incidents"].sum()),
               **{f"s{s}": int(n) for s, n in zip(by_severity["severity"], by_severity["incidents"], strict=True)}}
    value, detail = scenes.kpi_incidents(summary, lang)
    overview = _patch_traces(Patch(), DOMAIN_TRACES["incidents"], [incident_trace(sla, lang)])
    return (overview, value, detail, scenes.ticker(sla, names, services.zone, lang),
            scenes.severity_tiles(by_severity, lang),
            scenes.count_bars(incidents.open_counts("category"), "category", names["categories"]),
            scenes.count_bars(incidents.open_counts("ward_code"), "ward_code", names["wards"]),
            scenes.sla_summary(sla, lang), scenes.newest_incidents(sla, names, services.zone, lang),
            seen_version("incidents", live))


# --- feeds and alarms (also on the heartbeat: a feed goes stale when nothing is written) --------------

@callback(Output("wall-feeds", "children"), Output("wall-feeds-sig", "data"),
          Input("live-versions", "data"), Input("live-heartbeat", "data"), State("wall-feeds-sig", "data"),
          State("wall-lang", "data"))
@keep_last_on_outage(2)
def wall_feeds(live, _beat, signature, lang):
    if live is not None and not live.get("available", True):
        return no_update, no_update
    services = get_services()
    feeds = services.feeds.status()
    new_signature = feeds_signature(feeds)
    if new_signature == signature:
        return no_update, no_update
    return feed_strip(feeds, services.zone, lang), new_signature


@callback(Output("wall-alarms", "data"), Input("live-versions", "data"), Input("live-heartbeat", "data"),
          State("wall-alarms", "data"), State("wall-lang", "data"))
@keep_last_on_outage(1)
def wall_alarms(live, _beat, shown, lang):
    if live is not None and not live.get("available", True):
        return no_update
    services = get_services()
    active = AlarmsProvider.from_services(services).active()
    records = alarm_records(active, refs(lang), services.zone, lang)
    return no_update if records == shown else records


# --- browser-side: clock, rotation and takeover, camera pages, outage banner, chart type size ---------

clientside_callback(
    ClientsideFunction("cityops", "wallClock"),
    Output("wall-clock", "children"), Output("wall-date", "children"),
    Input("clock-tick", "n_intervals"), State("wall-config", "data"),
)

# Rotation and takeover: one state machine, advanced every second and whenever the alarm list changes.
clientside_callback(
    ClientsideFunction("cityops", "wallRotation"),
    Output("wall-rotation", "data"), Output("wall-alarms-seen", "data"),
    *[Output(f"wall-scene-{s}", "className") for s in ("overview", "traffic", "environment", "incidents", "cameras")],
    Output("wall-scene-title", "children"), Output("wall-alarm", "hidden"), Output("wall-alarm-title", "children"),
    Output("wall-alarm-message", "children"), Output("wall-alarm-since", "children"), _dup(MAP),
    Input("clock-tick", "n_intervals"), Input("wall-alarms", "data"),
    State("wall-config", "data"), State("wall-rotation", "data"), State("wall-alarms-seen", "data"),
    prevent_initial_call="initial_duplicate",
)

clientside_callback(
    ClientsideFunction("cityops", "wallCameraPages"),
    Output({"type": "wall-cam-page", "index": ALL}, "className"), Output("wall-cam-pageno", "children"),
    Input("clock-tick", "n_intervals"), State("wall-config", "data"),
    State({"type": "wall-cam-page", "index": ALL}, "className"),
)

clientside_callback(
    ClientsideFunction("cityops", "wallUnavailable"),
    Output("wall-unavailable", "children"), Output("wall-unavailable", "hidden"),
    Input("live-versions", "data"), State("wall-config", "data"),
)

# Plotly sizes text in pixels: keep chart text at 2.2 % of the screen height whatever the screen.
clientside_callback(
    ClientsideFunction("cityops", "wallTextScale"),
    Output("wall-size", "data"), _dup("wall-week-chart"), _dup("wall-aqi-trend"),
    Input("clock-tick", "n_intervals"), State("wall-size", "data"),
    prevent_initial_call="initial_duplicate",
)
