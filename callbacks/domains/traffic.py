"""Traffic's callbacks: its map layer and its wall (the overview layer, the KPI, the traffic scene)."""

from __future__ import annotations

from dash import Output, Patch

from callbacks._per_version import per_version
from callbacks.wall import again, data_patch, on_domain, overview_patch, patch_traces
from data.wiring.services import get_services
from layouts.domains import traffic as view
from layouts.wall_scenes import kpi_class


def map_traces(lang: str, hover: bool = True) -> list[dict]:
    traffic = get_services().traffic
    return view.segment_traces(traffic.segments(), traffic.current(), lang, hover)


@per_version()
def wall_view(_version: int, lang: str) -> dict:
    services = get_services()
    traffic = services.traffic
    week, headline = view.week_chart(traffic.week_comparison(), services.zone, lang)
    worst = traffic.worst_segments(limit=8)
    return {"traces": map_traces(lang, hover=False), "summary": traffic.summary(),
            "worst": view.worst_segments(worst, lang), "worst_trace": view.worst_trace(worst, lang), "week": week,
            "headline": headline}


@on_domain("traffic", Output(view.MAP, "figure"), Output(view.WORST, "children"), again(view.WEEK_CHART),
           Output(view.WEEK_SUMMARY, "children"))
def wall_traffic(version, seen, lang):
    shown = wall_view(version, lang)
    # Send only the congestion levels whose segments changed since the version this wall shows.
    before = wall_view.cached(seen, lang) if seen is not None else None
    changed = [i for i, trace in enumerate(shown["traces"]) if before is None or before["traces"][i] != trace]
    value, detail, state = view.wall_kpi_text(shown["summary"], lang)
    scene = patch_traces(changed, [shown["traces"][i] for i in changed], Patch())
    scene["data"][view.WORST_TRACE] = shown["worst_trace"]  # the scene's map marks the list's segments
    return (overview_patch("traffic", shown["traces"], changed), value, detail, kpi_class(state), scene,
            shown["worst"], data_patch(shown["week"]), shown["headline"])
