"""Traffic on screen: road segments coloured by congestion on the map, the speed card, the wall's traffic scene
(worst segments, city speed against the same hours a week earlier)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from dash import html

from layouts.domains import DomainView
from layouts.formats import local_time
from layouts.i18n import t
from layouts.map import badges, hover_or_skip, legend_swatch, map_figure, pct, rounded
from layouts.theme import BACKGROUND, CONGESTION, MUTED
from layouts.wall import number
from layouts.wall_scenes import chart_figure, graph, panel

LEVEL_ORDER = ("free", "moderate", "heavy", "standstill", "unknown")
LINE_WIDTHS = {"free": 2, "moderate": 3.5, "heavy": 5, "standstill": 7, "unknown": 1.5}
MAP = "wall-traffic-map"
WORST = "wall-worst"
WEEK_CHART = "wall-week-chart"
WEEK_SUMMARY = "wall-week-summary"
MAP_LINE_TOLERANCE_DEG = 0.0001  # about 10 m, under a pixel at the zooms that show a whole city or province


def placeholders(lang: str) -> list[dict]:
    return [*({"type": "scattermap", "mode": "lines", "name": t("level." + lvl, lang), "lat": [], "lon": []}
              for lvl in LEVEL_ORDER),
            {"type": "scattermap", "mode": "markers", "name": t("legend.congestion", lang), "lat": [], "lon": []}]


def segment_traces(segments: pd.DataFrame, current: pd.DataFrame, lang: str, hover: bool = True) -> list[dict]:
    """One line trace per congestion level (segments joined with None breaks, their lines simplified to what a map
    shows, MAP_LINE_TOLERANCE_DEG), then one trace of invisible points mid-way on every segment, in code order,
    that carries the hover labels. The lines change only when a segment changes level, and a new reading changes
    one label in place, so a province's thousands of segments stay light to update."""
    codes = current["segment_code"].tolist()
    level_of = dict(zip(codes, current["level"].tolist(), strict=True))
    reading_of = dict(zip(codes, zip(current["speed_kmh"].tolist(), current["speed_ratio"].tolist(), strict=True),
                          strict=True))
    lines = shapely.simplify(np.asarray(segments.geometry.to_numpy(), dtype=object), MAP_LINE_TOLERANCE_DEG)
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    coords = np.round(coords, 5).tolist()
    starts = np.searchsorted(owner, np.arange(len(lines) + 1)).tolist()
    label = {lvl: t("level." + lvl, lang) for lvl in LEVEL_ORDER}
    by_level: dict[str, dict[str, list]] = {lvl: {"lat": [], "lon": []} for lvl in LEVEL_ORDER}
    texts = []
    for i, (code, name) in enumerate(zip(segments["code"].tolist(), segments["name"].tolist(), strict=True)):
        level = level_of.get(code, "unknown")
        bucket = by_level[level]
        points = coords[starts[i]:starts[i + 1]]
        bucket["lon"].extend([x for x, _ in points] + [None])
        bucket["lat"].extend([y for _, y in points] + [None])
        if hover:
            speed, ratio = reading_of.get(code, (math.nan, math.nan))
            detail = (label["unknown"] if math.isnan(speed)
                      else t("hover.speed", lang, speed=f"{speed:.0f}", pct=f"{100 * ratio:.0f}"))
            texts.append(f"{name}<br>{label[level]} · {detail}")
    traces = [{"type": "scattermap", "mode": "lines", "name": label[lvl], "lat": b["lat"], "lon": b["lon"],
               "line": {"color": CONGESTION[lvl], "width": LINE_WIDTHS[lvl]}, "hoverinfo": "skip"}
              for lvl, b in by_level.items()]
    middle = np.round(shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.5, normalized=True)), 5)
    points = {"type": "scattermap", "mode": "markers", "name": t("legend.congestion", lang),
              "lat": middle[:, 1].tolist() if hover else [], "lon": middle[:, 0].tolist() if hover else [],
              "marker": {"size": 12, "color": "rgba(0,0,0,0)"}}
    return [*traces, hover_or_skip(points, lambda: texts, hover)]


def legend(lang: str) -> html.Div:
    return html.Div([html.B(t("legend.congestion", lang))]
                    + [legend_swatch(CONGESTION[lvl], t("level." + lvl, lang)) for lvl in LEVEL_ORDER[:4]])


def card(summary: dict, lang: str) -> tuple[str, str]:
    if not summary.get("reporting"):
        return "–", t("card.nodata", lang)
    return (f"{pct(summary['mean_ratio'])}%",
            t("card.traffic.detail", lang, heavy=summary["congested"], total=summary["segments"]))


def wall_kpi_text(summary: dict, lang: str) -> tuple[str, str, str]:
    """Value, detail and state: bad when a tenth of the reporting segments are congested, watch when any is."""
    mean_speed = summary.get("mean_speed_kmh")
    if not summary.get("reporting") or mean_speed is None or math.isnan(mean_speed):
        return "–", t("wall.nodata", lang), "none"
    congested = summary["congested"]
    state = "bad" if congested >= 0.1 * summary["reporting"] else ("warn" if congested else "ok")
    return (f"{mean_speed:.0f} km/h", t("wall.kpi.speed.detail", lang, pct=f"{100 * summary['mean_ratio']:.0f}",
                                          heavy=congested), state)


WORST_TRACE = len(LEVEL_ORDER) + 1  # on the scene's map: after the level lines and the hover points


def worst_trace(worst: pd.DataFrame, lang: str) -> dict:
    """The scene's slowest segments on its map, as badges holding their rank in the list beside it."""
    trace = {"type": "scattermap", "mode": "markers", "name": t("wall.traffic.worst", lang), "hoverinfo": "skip",
             "lat": [rounded(v) for v in worst["lat"]], "lon": [rounded(v) for v in worst["lon"]],
             "marker": {"size": 8, "color": [CONGESTION[level] for level in worst["level"]]}}
    ink = ["#ffffff" if level in ("free", "moderate", "unknown") else BACKGROUND for level in worst["level"]]
    return badges(trace, "rank", [str(rank) for rank in range(1, len(worst) + 1)], ink)


def wall_scene(lang: str, view: dict, wards_url: str) -> html.Section:
    empty = pd.DataFrame({"lat": [], "lon": [], "level": []})
    return html.Section(id="wall-scene-traffic", className="wall-scene wall-traffic", children=[
        html.Div(className="wall-map-panel", children=[
            graph(MAP, map_figure(view, wards_url, [*placeholders(lang), worst_trace(empty, lang)]), "wall-map"),
            html.Div(className="legend", children=[legend(lang)]),
        ]),
        html.Aside(className="wall-side", children=[
            panel(t("wall.traffic.worst", lang), html.Ol(id=WORST, className="wall-list")),
            panel(t("wall.traffic.week", lang), html.Div(id=WEEK_SUMMARY, className="wall-week-summary"),
                  graph(WEEK_CHART, chart_figure([])), cls="wall-chart-panel"),
        ]),
    ])


def worst_segments(worst: pd.DataFrame, lang: str) -> list:
    if worst.empty:
        return [html.Li(t("wall.nodata", lang), className="wall-muted")]
    return [html.Li(className="wall-row", children=[
        html.Span(str(rank), className="wall-rank"),
        html.Span(row.name, className="wall-row-name"),
        html.Span(f"{row.speed_kmh:.0f} km/h", className="wall-row-value"),
        html.Span(t("level." + row.level, lang), className="wall-level",
                  style={"background": CONGESTION[row.level]}),
    ]) for rank, row in enumerate(worst.itertuples(), start=1)]


def week_chart(week: pd.DataFrame, zone, lang: str) -> tuple[dict, str]:
    """Line chart of the city's hourly mean speed vs the same hours a week earlier, and the headline."""
    hours = [local_time(h, zone, "%H:00") for h in week["hour"]]

    def values(column: str) -> list:
        return [None if pd.isna(v) else round(float(v), 1) for v in week[column]]

    traces = [{"type": "scatter", "mode": "lines", "x": hours, "y": values("speed_kmh_last_week"),
               "name": t("wall.traffic.lastweek", lang), "line": {"color": MUTED, "width": 3, "dash": "dash"}},
              {"type": "scatter", "mode": "lines", "x": hours, "y": values("speed_kmh"),
               "name": t("wall.traffic.now", lang), "line": {"color": "#4cc2ff", "width": 5}}]
    known = week.dropna(subset=["speed_kmh"])
    if known.empty:
        return chart_figure(traces), t("wall.nodata", lang)
    last = known.iloc[-1]
    before = last["speed_kmh_last_week"]
    # round first: a change under 0.05 reads "+0.0", never "-0.0"
    delta = "–" if pd.isna(before) else f"{round(last['speed_kmh'] - before, 1) + 0.0:+.1f} km/h"
    return chart_figure(traces), t("wall.traffic.vs", lang, now=number(last["speed_kmh"]), before=number(before),
                                   delta=delta)


VIEW = DomainView(name="traffic", placeholders=placeholders, card=card, legend=legend, wall_kpi="wall.kpi.speed",
                  wall_kpi_text=wall_kpi_text, wall_scene=wall_scene, dwell_s=30,
                  wall_charts=(WEEK_CHART,), wall_maps=(MAP,))
