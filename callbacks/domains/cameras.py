"""Cameras' callbacks: their map layer and their wall (the overview layer, the KPI, the camera wall, whose
tile pages wait in a store and are turned in the browser)."""

from __future__ import annotations

import time

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update

from api.access import for_page
from callbacks._per_version import per_version
from callbacks.wall import (
    again,
    ask_each_version,
    current,
    keep_last_on_outage,
    overview_patch,
    refs,
    time_bucket,
)
from data.wiring.services import get_services
from layouts import ids
from layouts.domains import cameras as view
from layouts.i18n import t
from layouts.wall_scenes import kpi_class


def map_traces(lang: str, hover: bool = True) -> list[dict]:
    return [view.camera_trace(get_services().cameras.status(), lang, hover)]


@per_version()
def wall_view(_version: int, _minute: int, lang: str, grid: tuple[int, int]) -> dict:
    cameras = get_services().cameras
    ordered = cameras.wall_order()
    summary = cameras.summary()
    value, detail, state = view.wall_kpi_text(summary, lang)
    return {"signature": view.camera_signature(ordered), "traces": [view.camera_trace(ordered, lang, hover=False)],
            "value": value, "detail": detail, "state": kpi_class(state),
            "pages": view.camera_pages(ordered, grid, refs(lang), lang, time.strftime("%Y%m%d%H%M")),
            "offline": t("wall.cam.offline_count", lang, offline=summary["offline"], total=summary["total"])}


OUTPUTS = 8


ask_each_version("cameras")


@callback(again(ids.WALL_MAP), Output(ids.wall_kpi_value("cameras"), "children"),
          Output(ids.wall_kpi_detail("cameras"), "children"), Output(ids.wall_kpi("cameras"), "className"),
          Output(view.PAGES, "data"),
          Output(view.OFFLINE, "children"), Output(view.SIGNATURE, "data"), Output(ids.wall_seen("cameras"), "data"),
          Input(ids.wall_ask("cameras"), "data"), Input(ids.LIVE_HEARTBEAT, "data"),
          State(ids.wall_seen("cameras"), "data"), State(view.SIGNATURE, "data"), State(ids.WALL_LANG, "data"),
          State(ids.WALL_CONFIG, "data"), prevent_initial_call=True)  # first woken by the push (see on_domain)
@for_page("wall")
@keep_last_on_outage(OUTPUTS)
def wall_cameras(_pushed, _beat, seen, signature, lang, config):
    # A heartbeat also refreshes the tiles: "offline for N min" grows while nothing is written.
    version = current("cameras")
    shown = wall_view(version, time_bucket(60), lang, tuple(config["grid"]))
    if shown["signature"] == signature and version == seen:
        return (no_update,) * OUTPUTS
    overview = overview_patch("cameras", shown["traces"])
    if shown["signature"] == signature:
        return overview, shown["value"], shown["detail"], shown["state"], no_update, no_update, no_update, version
    return (overview, shown["value"], shown["detail"], shown["state"], shown["pages"], shown["offline"],
            shown["signature"], version)


clientside_callback(
    ClientsideFunction("cityops", "wallCameraPages"),
    Output(view.GRID, "children"), Output(view.PAGE_NUMBER, "children"), Output(view.SHOWN, "data"),
    Input(ids.CLOCK_TICK, "n_intervals"), Input(view.PAGES, "data"), Input(ids.WALL_ROTATION, "data"),
    State(ids.WALL_CONFIG, "data"), State(view.SHOWN, "data"),
)
