"""Wall callbacks: one thin server callback per domain, woken by its pushed `live-<domain>`, patches only what
changed; what a wall shows at a data version is computed once for all open walls. The clock, the scene
rotation, the alarm takeover and camera paging run in the browser.

While the database is unreachable the server callbacks send nothing (the last data stays on screen) and the
banner is drawn in the browser from the pushed `available` flag.
"""

from __future__ import annotations

import functools
import time

from dash import (
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

from callbacks._per_version import per_version
from data.domains.incidents.sla import SlaProvider
from data.providers.alarms import AlarmsProvider
from data.wiring.services import get_services
from layouts import wall_scenes as scenes
from layouts.i18n import t
from layouts.map import DOMAIN_TRACES, air_trace, camera_trace, incident_trace, segment_traces
from layouts.wall import alarm_records, feed_strip, feeds_signature

MAP = "wall-overview-map"
TIME_STEP_S = 5  # time-driven states (feed late/stale, alarm ages) are recomputed at most this often


def _dup(component: str, prop: str = "figure") -> Output:
    return Output(component, prop, allow_duplicate=True)


def keep_last_on_outage(outputs: int):
    """The database went away mid-callback: send nothing, so the wall keeps what it shows."""
    def wrap(func):
        @functools.wraps(func)
        def inner(*args):
            try:
                return func(*args)
            except SQLAlchemyError:
                return (no_update,) * outputs if outputs > 1 else no_update
        return inner
    return wrap


def current(domain: str) -> int:
    """The domain's data version as this process knows it (what the push that woke the callback announced)."""
    return get_services().watcher.snapshot()[1].get(domain, 0)


def time_bucket(seconds: float = TIME_STEP_S) -> int:
    return int(time.time() // seconds)


def moment() -> tuple[int, int] | None:
    """For what any write or the passing time changes (feeds, alarms): the watcher's epoch and time step, or None
    while the database is unreachable (the wall keeps what it shows)."""
    epoch, _versions, available = get_services().watcher.snapshot()
    return (epoch, time_bucket()) if available else None


def refs(lang: str) -> dict:
    pack = get_services().pack
    names = pack.categories.set_index("code")["name_vi" if lang == "vi" else "name_en"].to_dict()
    return {"wards": pack.unit_names(), "categories": names}


def _patch_traces(patch: Patch, indices: list[int], traces: list[dict]) -> Patch:
    for index, trace in zip(indices, traces, strict=True):
        patch["data"][index] = trace
    return patch


def on_domain(domain: str, *outputs: Output):
    """A wall callback woken by `live-<domain>`: `build(version, seen, lang)` returns `outputs`' values when the
    domain's version moved past the one this wall shows (and nothing is sent when it did not)."""
    count = len(outputs) + 1

    def wrap(build):
        @callback(*outputs, Output(f"wall-seen-{domain}", "data"), Input(f"live-{domain}", "data"),
                  State(f"wall-seen-{domain}", "data"), State("wall-lang", "data"),
                  prevent_initial_call="initial_duplicate")
        @keep_last_on_outage(count)
        @functools.wraps(build)
        def run(_pushed, seen, lang):
            version = current(domain)
            if version == seen:
                return (no_update,) * count
            return (*build(version, seen, lang), version)

        return run

    return wrap


def _data_patch(figure: dict, *layout_keys: tuple[str, ...]) -> Patch:
    patch = Patch()
    patch["data"] = figure["data"]
    for keys in layout_keys:
        target, value = patch["layout"], figure["layout"]
        for key in keys[:-1]:
            target, value = target[key], value[key]
        target[keys[-1]] = value[keys[-1]]
    return patch


# --- traffic ----------------------------------------------------------------------------------------

@per_version()
def traffic_view(_version: int, lang: str) -> dict:
    services = get_services()
    traffic = services.traffic
    now = traffic.current()
    speed, detail = scenes.kpi_speed(traffic.summary(), now["speed_kmh"].mean(), lang)
    week, headline = scenes.week_chart(traffic.week_comparison(), services.zone, lang)
    return {"traces": segment_traces(traffic.segments(), now, lang, hover=False), "speed": speed, "detail": detail,
            "worst": scenes.worst_segments(traffic.worst_segments(limit=8), lang), "week": week,
            "headline": headline}


@on_domain("traffic", _dup(MAP), Output("wall-traffic-map", "figure"), Output("wall-kpi-speed-value", "children"),
           Output("wall-kpi-speed-detail", "children"), Output("wall-worst", "children"), _dup("wall-week-chart"),
           Output("wall-week-summary", "children"))
def wall_traffic(version, seen, lang):
    view = traffic_view(version, lang)
    # Send only the congestion levels whose segments changed since the version this wall shows.
    before = traffic_view.cached(seen, lang) if seen is not None else None
    changed = [i for i, trace in enumerate(view["traces"]) if before is None or before["traces"][i] != trace]
    traces = [view["traces"][i] for i in changed]
    return (_patch_traces(Patch(), [DOMAIN_TRACES["traffic"][i] for i in changed], traces),
            _patch_traces(Patch(), changed, traces), view["speed"], view["detail"], view["worst"],
            _data_patch(view["week"]), view["headline"])


# --- cameras ----------------------------------------------------------------------------------------

@per_version()
def cameras_view(_version: int, _minute: int, lang: str, grid: tuple[int, int]) -> dict:
    services = get_services()
    ordered = services.cameras.wall_order()
    summary = {"total": len(ordered), "online": int(ordered["online"].eq(True).sum()),
               "offline": int(ordered["online"].eq(False).sum())}
    value, detail = scenes.kpi_cameras(summary, lang)
    return {"signature": scenes.camera_signature(ordered), "trace": camera_trace(ordered, lang, hover=False), "value": value,
            "detail": detail, "pages": scenes.camera_pages(ordered, grid, refs(lang), lang,
                                                           time.strftime("%Y%m%d%H%M")),
            "offline": t("wall.cam.offline_count", lang, offline=summary["offline"], total=summary["total"])}


@callback(_dup(MAP), Output("wall-kpi-cameras-value", "children"), Output("wall-kpi-cameras-detail", "children"),
          Output("wall-cam-pages", "data"), Output("wall-cam-offline", "children"), Output("wall-cams-sig", "data"),
          Output("wall-seen-cameras", "data"),
          Input("live-cameras", "data"), Input("live-heartbeat", "data"), State("wall-seen-cameras", "data"),
          State("wall-cams-sig", "data"), State("wall-lang", "data"), State("wall-config", "data"),
          prevent_initial_call="initial_duplicate")
@keep_last_on_outage(7)
def wall_cameras(_pushed, _beat, seen, signature, lang, config):
    # A heartbeat also refreshes the tiles: "offline for N min" grows while nothing is written.
    version = current("cameras")
    view = cameras_view(version, time_bucket(60), lang, tuple(config["grid"]))
    if view["signature"] == signature and version == seen:
        return (no_update,) * 7
    overview = _patch_traces(Patch(), DOMAIN_TRACES["cameras"], [view["trace"]])
    if view["signature"] == signature:
        return overview, view["value"], view["detail"], no_update, no_update, no_update, version
    return overview, view["value"], view["detail"], view["pages"], view["offline"], view["signature"], version


# --- environment ------------------------------------------------------------------------------------

@per_version()
def environment_view(_version: int, lang: str) -> dict:
    services = get_services()
    env = services.environment
    now = env.aqi_current()
    value, detail = scenes.kpi_aqi(env.summary(), lang)
    return {"trace": air_trace(now, lang, hover=False), "value": value, "detail": detail, "list": scenes.aqi_list(now, lang),
            "trend": scenes.aqi_trend_chart(env.aqi_trend(), services.zone, lang),
            "quality": scenes.water_quality(env.water_quality_latest(), lang),
            "river": scenes.river_levels(env.water_levels(), lang)}


@on_domain("environment", _dup(MAP), Output("wall-kpi-aqi-value", "children"),
           Output("wall-kpi-aqi-detail", "children"), Output("wall-aqi-list", "children"), _dup("wall-aqi-trend"),
           Output("wall-water-quality", "children"), Output("wall-river", "children"))
def wall_environment(version, _seen, lang):
    view = environment_view(version, lang)
    trend = _data_patch(view["trend"], ("shapes",), ("yaxis", "range"), ("yaxis", "tickvals"))
    return (_patch_traces(Patch(), DOMAIN_TRACES["environment"], [view["trace"]]), view["value"], view["detail"],
            view["list"], trend, view["quality"], view["river"])


# --- incidents --------------------------------------------------------------------------------------

@per_version()
def incidents_view(_version: int, lang: str) -> dict:
    services = get_services()
    incidents = services.incidents
    names = refs(lang)
    sla = SlaProvider(incidents, services.pack.sla).open_incidents()
    by_severity = incidents.open_by_severity()
    summary = {"open": int(by_severity["incidents"].sum()),
               **{f"s{s}": int(n) for s, n in zip(by_severity["severity"], by_severity["incidents"], strict=True)}}
    value, detail = scenes.kpi_incidents(summary, lang)
    return {"trace": incident_trace(sla, lang, hover=False), "value": value, "detail": detail,
            "ticker": scenes.ticker(sla, names, services.zone, lang),
            "severity": scenes.severity_tiles(by_severity, lang),
            "category": scenes.count_bars(incidents.open_counts("category"), "category", names["categories"]),
            "ward": scenes.count_bars(incidents.open_counts("ward_code"), "ward_code", names["wards"]),
            "sla": scenes.sla_summary(sla, lang), "newest": scenes.newest_incidents(sla, names, services.zone, lang)}


@on_domain("incidents", _dup(MAP), Output("wall-kpi-incidents-value", "children"),
           Output("wall-kpi-incidents-detail", "children"), Output("wall-ticker", "children"),
           Output("wall-inc-severity", "children"), Output("wall-inc-category", "children"),
           Output("wall-inc-ward", "children"), Output("wall-inc-sla", "children"), Output("wall-inc-newest", "children"))
def wall_incidents(version, _seen, lang):
    view = incidents_view(version, lang)
    return (_patch_traces(Patch(), DOMAIN_TRACES["incidents"], [view["trace"]]), view["value"], view["detail"],
            view["ticker"], view["severity"], view["category"], view["ward"], view["sla"], view["newest"])


# --- feeds and alarms (any write, and the heartbeat: a feed goes stale when nothing is written) --------

@per_version()
def feeds_view(_epoch: int, _step: int, lang: str) -> tuple[list, list]:
    services = get_services()
    feeds = services.feeds.status()
    return feed_strip(feeds, services.zone, lang), feeds_signature(feeds)


@callback(Output("wall-feeds", "children"), Output("wall-feeds-sig", "data"),
          Input("live-versions", "data"), Input("live-heartbeat", "data"), State("wall-feeds-sig", "data"),
          State("wall-lang", "data"))
@keep_last_on_outage(2)
def wall_feeds(_live, _beat, signature, lang):
    if (now := moment()) is None:
        return no_update, no_update
    strip, new_signature = feeds_view(*now, lang)
    return (no_update, no_update) if new_signature == signature else (strip, new_signature)


@per_version()
def alarms_view(_epoch: int, _step: int, lang: str) -> list[dict]:
    services = get_services()
    return alarm_records(AlarmsProvider.from_services(services).active(), refs(lang), services.zone, lang)


@callback(Output("wall-alarms", "data"), Input("live-versions", "data"), Input("live-heartbeat", "data"),
          State("wall-alarms", "data"), State("wall-lang", "data"))
@keep_last_on_outage(1)
def wall_alarms(_live, _beat, shown, lang):
    if (now := moment()) is None:
        return no_update
    records = alarms_view(*now, lang)
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
    Output("wall-cam-grid", "children"), Output("wall-cam-pageno", "children"), Output("wall-cam-shown", "data"),
    Input("clock-tick", "n_intervals"), Input("wall-cam-pages", "data"), Input("wall-rotation", "data"),
    State("wall-config", "data"), State("wall-cam-shown", "data"),
)

clientside_callback(
    ClientsideFunction("cityops", "wallUnavailable"),
    Output("wall-unavailable", "children"), Output("wall-unavailable", "hidden"),
    Input("live-versions", "data"), State("wall-config", "data"),
)

# Plotly sizes text in pixels: keep chart text at 2.2 % of the screen height whatever the screen, and zoom
# the maps with the screen.
clientside_callback(
    ClientsideFunction("cityops", "wallTextScale"),
    Output("wall-size", "data"), _dup("wall-week-chart"), _dup("wall-aqi-trend"), _dup(MAP), _dup("wall-traffic-map"),
    Input("clock-tick", "n_intervals"), State("wall-size", "data"), State("wall-config", "data"),
    prevent_initial_call="initial_duplicate",
)
