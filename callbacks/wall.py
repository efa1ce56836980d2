"""Wall callbacks: what every domain's wall callback shares, and the feeds and alarms every scene shows.

One thin server callback per domain (`callbacks/domains/<name>.py`, declared with `on_domain`), woken by its
pushed `live-<domain>`, patches only what changed; what a wall shows at a data version is computed once for
all open walls. The clock, the scene rotation, the alarm takeover and camera paging run in the browser.

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

from api.access import for_page
from callbacks._per_version import per_version
from data.providers.alerts import AlertsProvider
from data.wiring.services import get_services
from layouts import ids
from layouts.domains import trace_slots, wall_charts, wall_maps
from layouts.wall import alarm_records, feed_strip, feeds_signature, scene_names

TIME_STEP_S = 5  # time-driven states (feed late/stale, alarm ages) are recomputed at most this often


def again(component: str, prop: str = "figure") -> Output:
    """An output another callback also writes (the overview map, charts patched by the text scale)."""
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


def patch_traces(indices: list[int], traces: list[dict], patch: Patch | None = None) -> Patch:
    patch = Patch() if patch is None else patch
    for index, trace in zip(indices, traces, strict=True):
        patch["data"][index] = trace
    return patch


def overview_patch(domain: str, traces: list[dict], only: list[int] | None = None) -> Patch:
    """The overview map's patch for a domain's traces (`only`: the positions among them that changed)."""
    slots = trace_slots()[domain]
    positions = range(len(slots)) if only is None else only
    return patch_traces([slots[i] for i in positions], [traces[i] for i in positions])


def data_patch(figure: dict, *layout_keys: tuple[str, ...]) -> Patch:
    """A chart's data (and the layout keys named) as a patch, leaving the size the browser set alone."""
    patch = Patch()
    patch["data"] = figure["data"]
    for keys in layout_keys:
        target, value = patch["layout"], figure["layout"]
        for key in keys[:-1]:
            target, value = target[key], value[key]
        target[keys[-1]] = value[keys[-1]]
    return patch


def ask_each_version(domain: str | None) -> None:
    """In the browser: pass each version of `domain` (None: the versions of all) the push sends to its
    `wall-ask-…` store once. The page may render before or after the push's first message; either way the server
    is asked once for it."""
    pushed = ids.live(domain) if domain else ids.LIVE_VERSIONS
    clientside_callback(
        ClientsideFunction("cityops", "wallAsk"),
        Output(ids.wall_ask(domain or "all"), "data"), Input(pushed, "data"), State(ids.wall_ask(domain or "all"), "data"),
    )


def on_domain(domain: str, *outputs: Output):
    """A wall callback woken by `live-<domain>`: `build(version, seen, lang)` returns the overview map's patch,
    the domain's KPI (value, detail, the tile's class from `kpi_class`) and then `outputs`' values, when the domain's version moved past the one
    this wall shows (nothing is sent when it did not). It serves the wall page and takes its roles.

    It is woken through `wall-ask-<domain>` (`ask_each_version`): once per pushed version, never before the
    first, so opening a wall answers each domain once instead of for the render and again for the first push."""
    common = (again(ids.WALL_MAP), Output(ids.wall_kpi_value(domain), "children"),
              Output(ids.wall_kpi_detail(domain), "children"), Output(ids.wall_kpi(domain), "className"))
    count = len(common) + len(outputs) + 1

    def wrap(build):
        ask_each_version(domain)

        @callback(*common, *outputs, Output(ids.wall_seen(domain), "data"), Input(ids.wall_ask(domain), "data"),
                  State(ids.wall_seen(domain), "data"), State(ids.WALL_LANG, "data"), prevent_initial_call=True)
        @for_page("wall")
        @keep_last_on_outage(count)
        @functools.wraps(build)
        def run(_pushed, seen, lang):
            version = current(domain)
            if version == seen:
                return (no_update,) * count
            return (*build(version, seen, lang), version)

        return run

    return wrap


# --- feeds and alarms (any write, and the heartbeat: a feed goes stale when nothing is written) --------

@per_version(across_processes=False)
def feeds_view(_epoch: int, _step: int, lang: str) -> tuple[list, list]:
    services = get_services()
    feeds = services.feeds.status()
    return feed_strip(feeds, services.zone, lang), feeds_signature(feeds)


ask_each_version(None)


@callback(Output(ids.WALL_FEEDS, "children"), Output(ids.WALL_FEEDS_SIG, "data"),
          Input(ids.wall_ask("all"), "data"), Input(ids.LIVE_HEARTBEAT, "data"), State(ids.WALL_FEEDS_SIG, "data"),
          State(ids.WALL_LANG, "data"), prevent_initial_call=True)
@keep_last_on_outage(2)
def wall_feeds(_live, _beat, signature, lang):
    if (now := moment()) is None:
        return no_update, no_update
    strip, new_signature = feeds_view(*now, lang)
    return (no_update, no_update) if new_signature == signature else (strip, new_signature)


@per_version(across_processes=False)
def alarms_view(_epoch: int, _step: int, lang: str) -> list[dict]:
    services = get_services()
    return alarm_records(AlertsProvider.from_services(services).takeovers(), refs(lang), services.zone, lang)


@callback(Output(ids.WALL_ALARMS, "data"), Input(ids.wall_ask("all"), "data"), Input(ids.LIVE_HEARTBEAT, "data"),
          State(ids.WALL_ALARMS, "data"), State(ids.WALL_LANG, "data"), prevent_initial_call=True)
@keep_last_on_outage(1)
def wall_alarms(_live, _beat, shown, lang):
    if (now := moment()) is None:
        return no_update
    records = alarms_view(*now, lang)
    return no_update if records == shown else records


# --- browser-side: clock, rotation and takeover, camera pages, outage banner, chart type size ---------

clientside_callback(
    ClientsideFunction("cityops", "wallClock"),
    Output(ids.WALL_CLOCK, "children"), Output(ids.WALL_DATE, "children"),
    Input(ids.CLOCK_TICK, "n_intervals"), State(ids.WALL_CONFIG, "data"),
)

# Rotation and takeover: one state machine, advanced every second and whenever the alarm list changes. The
# browser learns the scene list and the focus trace from the wall's config store (`scene_names`,
# `focus_trace`), in the order of these outputs.
clientside_callback(
    ClientsideFunction("cityops", "wallRotation"),
    Output(ids.WALL_ROTATION, "data"), Output(ids.WALL_ALARMS_SEEN, "data"),
    *[Output(ids.wall_scene(s), "className") for s in scene_names()],
    Output(ids.WALL_SCENE_TITLE, "children"), Output(ids.WALL_ALARM, "hidden"),
    Output(ids.WALL_ALARM_TITLE, "children"), Output(ids.WALL_ALARM_MESSAGE, "children"),
    Output(ids.WALL_ALARM_SINCE, "children"), again(ids.WALL_MAP),
    Input(ids.CLOCK_TICK, "n_intervals"), Input(ids.WALL_ALARMS, "data"),
    State(ids.WALL_CONFIG, "data"), State(ids.WALL_ROTATION, "data"), State(ids.WALL_ALARMS_SEEN, "data"),
    prevent_initial_call="initial_duplicate",
)

clientside_callback(
    ClientsideFunction("cityops", "wallUnavailable"),
    Output(ids.WALL_UNAVAILABLE, "children"), Output(ids.WALL_UNAVAILABLE, "hidden"),
    Input(ids.LIVE_VERSIONS, "data"), State(ids.WALL_CONFIG, "data"),
)

# Plotly sizes text in pixels: keep chart text at 2.2 % of the screen height whatever the screen, and zoom
# the maps with the screen: every domain's wall charts, then the overview map and the domains' wall maps (the
# browser learns how many of each from the config store).
clientside_callback(
    ClientsideFunction("cityops", "wallTextScale"),
    Output(ids.WALL_SIZE, "data"), *[again(g) for g in wall_charts()], *[again(g) for g in wall_maps()],
    Input(ids.CLOCK_TICK, "n_intervals"), State(ids.WALL_SIZE, "data"), State(ids.WALL_CONFIG, "data"),
    prevent_initial_call="initial_duplicate",
)
