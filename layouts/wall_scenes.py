"""The wall's scenes: skeletons with stable ids, and the builders that fill them from provider frames.

Pure functions: data in, components/figures out. Colour always comes with a word or an icon.
"""

from __future__ import annotations

import math

import pandas as pd
from dash import dcc, html

from data.rules.aqi import category as aqi_category
from layouts.i18n import t
from layouts.map import LEVEL_ORDER, map_figure
from layouts.overview import empty_traces, legend
from layouts.theme import AQI, CONGESTION, MUTED, SEVERITY, STATUS, TEXT, figure_layout
from layouts.wall import duration, local_time, number

GRAPH_CONFIG = {"displayModeBar": False, "staticPlot": False, "scrollZoom": False}
FOCUS_TRACE = 8  # after the overview map's eight domain traces
SLA_STATES = ("late", "near_late", "on_time", "none")  # data/sla.py's states, most urgent first
SLA_COLORS = {"on_time": STATUS["ok"], "near_late": STATUS["late"], "late": STATUS["stale"], "none": STATUS["unknown"]}


def _graph(graph_id: str, figure: dict, cls: str = "wall-graph") -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className=cls, responsive=True,
                     style={"height": "100%", "width": "100%"})


def _panel(title: str, *children, cls: str = "") -> html.Section:
    return html.Section(className=f"wall-panel {cls}".strip(), children=[html.H2(title, className="wall-panel-title"),
                                                                        *children])


def focus_trace() -> dict:
    """An empty ring marker the alarm takeover moves to the alarm's place."""
    return {"type": "scattermap", "mode": "markers", "lat": [], "lon": [], "hoverinfo": "skip",
            "marker": {"size": 46, "color": "rgba(255,59,59,0.35)"}}


def chart_figure(traces: list[dict], yaxis: dict | None = None, **layout) -> dict:
    axis = {"gridcolor": "#24324f", "zeroline": False, "color": MUTED, "automargin": True}
    return {"data": traces, "layout": figure_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"color": TEXT}},
        xaxis={**axis, "type": "category", "nticks": 8}, yaxis={**axis, **(yaxis or {})}, hovermode=False,
        **layout)}


# --- overview ---------------------------------------------------------------------------------------

def kpi(kpi_id: str, label: str) -> html.Div:
    return html.Div(className="wall-kpi", id=f"wall-kpi-{kpi_id}", children=[
        html.Div(label, className="wall-kpi-label"),
        html.Div("–", id=f"wall-kpi-{kpi_id}-value", className="wall-kpi-value"),
        html.Div("", id=f"wall-kpi-{kpi_id}-detail", className="wall-kpi-detail"),
    ])


def overview_scene(lang: str, view: dict, wards_url: str, map_note: str) -> html.Section:
    figure = map_figure(view, wards_url, empty_traces(lang) + [focus_trace()])
    return html.Section(id="wall-scene-overview", className="wall-scene wall-overview", children=[
        html.Div(className="wall-map-panel", children=[_graph("wall-overview-map", figure, "wall-map"),
                                                        legend(lang, map_note)]),
        html.Aside(className="wall-side", children=[
            html.Div(className="wall-kpis", children=[
                kpi("speed", t("wall.kpi.speed", lang)), kpi("aqi", t("wall.kpi.aqi", lang)),
                kpi("incidents", t("wall.kpi.incidents", lang)), kpi("cameras", t("wall.kpi.cameras", lang))]),
            _panel(t("wall.ticker.title", lang), html.Ol(id="wall-ticker", className="wall-list"), cls="wall-ticker"),
        ]),
    ])


def kpi_speed(summary: dict, mean_speed: float | None, lang: str) -> tuple[str, str]:
    if not summary.get("reporting") or mean_speed is None or math.isnan(mean_speed):
        return "–", t("wall.nodata", lang)
    return (f"{mean_speed:.0f} km/h", t("wall.kpi.speed.detail", lang, pct=f"{100 * summary['mean_ratio']:.0f}",
                                          heavy=summary["congested"]))


def kpi_aqi(summary: dict, lang: str) -> tuple[list | str, str]:
    if summary.get("aqi") is None:
        return "–", t("wall.nodata", lang)
    cat = aqi_category(summary["aqi"])
    chip = html.Span(str(summary["aqi"]), className="wall-aqi-chip", style={"background": AQI[cat.key]},
                     **{"data-aqi": cat.key})
    return [chip], f"{cat.vi if lang == 'vi' else cat.en} · {summary['station']}"


def kpi_incidents(summary: dict, lang: str) -> tuple[str, str]:
    return str(summary["open"]), t("wall.kpi.incidents.detail", lang, s1=summary["s1"], s2=summary["s2"])


def kpi_cameras(summary: dict, lang: str) -> tuple[str, str]:
    return f"{summary['online']}/{summary['total']}", t("wall.kpi.cameras.detail", lang, offline=summary["offline"])


def severity_chip(severity: int, lang: str) -> html.Span:
    return html.Span(t(f"severity.{severity}", lang), className=f"wall-sev wall-sev-{severity}",
                     style={"background": SEVERITY[severity]})


def incident_rows(incidents: pd.DataFrame, lang: str, limit: int, row_class: str, cells) -> list:
    """Newest incidents as list items (or the 'none open' line); `cells(row)` gives each item's children."""
    if incidents.empty:
        return [html.Li(t("wall.ticker.empty", lang), className="wall-muted")]
    return [html.Li(className=row_class, children=cells(row)) for row in incidents.head(limit).itertuples()]


def ticker(incidents: pd.DataFrame, refs: dict, zone, lang: str, limit: int = 6) -> list:
    return incident_rows(incidents, lang, limit, "wall-ticker-item", lambda row: [
        html.Span(local_time(row.reported_at, zone), className="wall-time-cell"),
        severity_chip(int(row.severity), lang),
        html.Span(row.title, className="wall-ticker-title"),
        html.Span(refs["wards"].get(row.ward_code, ""), className="wall-muted wall-ticker-ward"),
    ])


# --- traffic ----------------------------------------------------------------------------------------

def traffic_scene(lang: str, view: dict, wards_url: str) -> html.Section:
    traces = empty_traces(lang)[:len(LEVEL_ORDER)]
    return html.Section(id="wall-scene-traffic", className="wall-scene wall-traffic", children=[
        html.Div(className="wall-map-panel", children=[
            _graph("wall-traffic-map", map_figure(view, wards_url, traces), "wall-map"),
            html.Div(className="legend", children=[html.Div([html.B(t("legend.congestion", lang))] + [
                html.Span([html.I(className="swatch", style={"background": CONGESTION[lvl]}), t("level." + lvl, lang)],
                          className="legend-item") for lvl in LEVEL_ORDER[:4]])]),
        ]),
        html.Aside(className="wall-side", children=[
            _panel(t("wall.traffic.worst", lang), html.Ol(id="wall-worst", className="wall-list")),
            _panel(t("wall.traffic.week", lang), html.Div(id="wall-week-summary", className="wall-week-summary"),
                   _graph("wall-week-chart", chart_figure([])), cls="wall-chart-panel"),
        ]),
    ])


def worst_segments(worst: pd.DataFrame, lang: str) -> list:
    if worst.empty:
        return [html.Li(t("wall.nodata", lang), className="wall-muted")]
    return [html.Li(className="wall-row", children=[
        html.Span(row.name, className="wall-row-name"),
        html.Span(f"{row.speed_kmh:.0f} km/h", className="wall-row-value"),
        html.Span(t("level." + row.level, lang), className="wall-level",
                  style={"background": CONGESTION[row.level]}),
    ]) for row in worst.itertuples()]


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
    delta = "–" if pd.isna(before) else f"{last['speed_kmh'] - before:+.1f} km/h"
    return chart_figure(traces), t("wall.traffic.vs", lang, now=number(last["speed_kmh"]), before=number(before),
                                   delta=delta)


# --- environment ------------------------------------------------------------------------------------

WATER_PARAMS = ("ph", "do", "bod5", "cod", "nh4", "tss")


def environment_scene(lang: str) -> html.Section:
    return html.Section(id="wall-scene-environment", className="wall-scene wall-environment", children=[
        _panel(t("wall.env.stations", lang), html.Ol(id="wall-aqi-list", className="wall-list")),
        _panel(t("wall.env.trend", lang), _graph("wall-aqi-trend", chart_figure([])), cls="wall-chart-panel"),
        _panel(t("wall.env.water", lang), html.Div(id="wall-water-quality")),
        _panel(t("wall.env.river", lang), html.Div(id="wall-river", className="wall-river")),
    ])


def aqi_list(current: pd.DataFrame, lang: str) -> list:
    rows = current.assign(aqi_value=current["aqi"].astype(float)).sort_values("aqi_value", ascending=False, na_position="last")
    items = []
    for row in rows.itertuples():
        cat = None if pd.isna(row.aqi_value) else aqi_category(int(row.aqi_value))
        label = (cat.vi if lang == "vi" else cat.en) if cat else t("wall.nodata", lang)
        items.append(html.Li(className="wall-row", children=[
            html.Span(number(row.aqi_value), className="wall-aqi-chip",
                      style={"background": AQI[cat.key] if cat else STATUS["unknown"]},
                      **{"data-aqi": cat.key if cat else "none"}),
            html.Span(label, className="wall-row-word"),
            html.Span(row.name, className="wall-row-name"),
            html.Span(t("wall.env.dominant", lang, dominant=row.dominant) if cat else "", className="wall-muted"),
        ]))
    return items


def aqi_trend_chart(trend: pd.DataFrame, zone, lang: str) -> dict:
    hours = [local_time(h, zone, "%H:00") for h in trend["ts"]]
    bands = [{"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": lo, "y1": hi,
              "fillcolor": color, "opacity": 0.14, "line": {"width": 0}, "layer": "below"}
             for lo, hi, color in ((0, 50, AQI["good"]), (50, 100, AQI["moderate"]), (100, 150, AQI["poor"]),
                                   (150, 200, AQI["bad"]), (200, 300, AQI["very_bad"]), (300, 500, AQI["hazardous"]))]
    top = max(150.0, float(trend["aqi_max"].max()) + 20 if not trend.empty else 150.0)
    traces = [{"type": "scatter", "mode": "lines", "x": hours, "y": [round(float(v)) for v in trend["aqi_mean"]],
               "name": t("wall.env.mean", lang), "line": {"color": MUTED, "width": 3, "dash": "dash"}},
              {"type": "scatter", "mode": "lines+markers", "x": hours, "y": [int(v) for v in trend["aqi_max"]],
               "name": t("wall.env.max", lang), "line": {"color": "#ffffff", "width": 4}}]
    return chart_figure(traces, shapes=bands, yaxis={"range": [0, top], "tickvals": [0, 50, 100, 150, 200, 300]})


def water_quality(quality: pd.DataFrame, lang: str) -> html.Table:
    params = [p for p in WATER_PARAMS if p in quality.columns]
    header = html.Tr([html.Th("")] + [html.Th(p.upper().replace("BOD5", "BOD₅").replace("NH4", "NH₄")) for p in params])
    rows = [html.Tr([html.Td(row["name"].split("–")[-1].strip(), className="wall-row-name")]
                    + [html.Td(number(row[p], 1)) for p in params]) for _, row in quality.iterrows()]
    return html.Table(className="wall-table", children=[html.Thead(header), html.Tbody(rows)])


def river_levels(levels: pd.DataFrame, lang: str) -> list:
    """A bar per gauge from 0 to just above alarm III, with a line at each alarm level."""
    items = []
    for row in levels.itertuples():
        top = float(row.alarm3) * 1.15
        stage = int(row.alarm)
        value = None if pd.isna(row.value) else float(row.value)
        word = (t("wall.nodata", lang) if stage < 0 else
                t("wall.env.below", lang) if stage == 0 else t("wall.env.alarm", lang, stage="I" * stage))
        color = STATUS["unknown"] if stage < 0 else [STATUS["ok"], STATUS["late"], "#ff7a45", STATUS["stale"]][stage]
        lines = [html.I(className="wall-alarm-line", style={"left": f"{100 * float(a) / top:.1f}%"},
                        title=f"{'I' * i} {a:.1f} m")
                 for i, a in enumerate((row.alarm1, row.alarm2, row.alarm3), start=1)]
        fill = html.B(className="wall-river-fill", style={
            "width": f"{min(100.0, 100 * (value or 0) / top):.1f}%", "background": color})
        items.append(html.Div(className="wall-river-row", **{"data-stage": str(stage)}, children=[
            html.Div([html.Span(row.name.split("–")[-1].strip(), className="wall-row-name"),
                      html.Span(f"{number(value, 2)} m", className="wall-row-value"),
                      html.Span(word, className="wall-level", style={"background": color})], className="wall-river-head"),
            html.Div([fill, *lines], className="wall-river-bar"),
        ]))
    return items


# --- incidents --------------------------------------------------------------------------------------

def incidents_scene(lang: str) -> html.Section:
    return html.Section(id="wall-scene-incidents", className="wall-scene wall-incidents", children=[
        html.Div(id="wall-inc-severity", className="wall-sev-tiles"),
        _panel(t("wall.inc.by_category", lang), html.Ol(id="wall-inc-category", className="wall-list")),
        _panel(t("wall.inc.by_ward", lang), html.Ol(id="wall-inc-ward", className="wall-list")),
        _panel(t("wall.inc.sla", lang), html.Div(id="wall-inc-sla", className="wall-sla")),
        _panel(t("wall.inc.newest", lang), html.Ol(id="wall-inc-newest", className="wall-list"), cls="wall-newest"),
    ])


def severity_tiles(by_severity: pd.DataFrame, lang: str) -> list:
    counts = dict(zip(by_severity["severity"], by_severity["incidents"], strict=True))
    return [html.Div(className=f"wall-sev-tile wall-sev-{s}", style={"borderColor": SEVERITY[s]}, children=[
        html.Div(str(int(counts.get(s, 0))), className="wall-kpi-value"), severity_chip(s, lang)])
        for s in (1, 2, 3, 4)]


def count_bars(counts: pd.DataFrame, column: str, names: dict, limit: int = 6) -> list:
    top = counts.head(limit)
    peak = max(1, int(top["incidents"].max())) if not top.empty else 1
    return [html.Li(className="wall-row wall-bar-row", children=[
        html.Span(names.get(getattr(row, column), str(getattr(row, column))), className="wall-row-name"),
        html.Span(html.B(style={"width": f"{100 * row.incidents / peak:.0f}%"}), className="wall-bar"),
        html.Span(str(int(row.incidents)), className="wall-row-value"),
    ]) for row in top.itertuples()]


def sla_summary(sla: pd.DataFrame, lang: str) -> list:
    counts = sla["sla_state"].value_counts()
    return [html.Div(className=f"wall-sla-item wall-sla-{s}", children=[
        html.Span(str(int(counts.get(s, 0))), className="wall-sla-count"),
        html.Span(t(f"wall.sla.{s}", lang), className="wall-level", style={"background": SLA_COLORS[s]})])
        for s in SLA_STATES]


def newest_incidents(sla: pd.DataFrame, refs: dict, zone, lang: str, limit: int = 7) -> list:
    return incident_rows(sla, lang, limit, "wall-row wall-incident-row", lambda row: [
        html.Span(local_time(row.reported_at, zone), className="wall-time-cell"),
        severity_chip(int(row.severity), lang),
        html.Span(row.title, className="wall-row-name"),
        html.Span(refs["wards"].get(row.ward_code, ""), className="wall-muted"),
        html.Span(t(f"wall.status.{row.status}", lang), className="wall-muted"),
        html.Span(t(f"wall.sla.{row.sla_state}", lang), className="wall-level",
                  style={"background": SLA_COLORS[row.sla_state]}),
    ])


# --- cameras ----------------------------------------------------------------------------------------

def cameras_scene(lang: str) -> html.Section:
    # Every page of tiles waits in a store; only the page on screen is rendered (fewer live components).
    return html.Section(id="wall-scene-cameras", className="wall-scene wall-cameras", children=[
        dcc.Store(id="wall-cam-pages"), dcc.Store(id="wall-cam-shown"),
        html.Div(className="wall-cam-info", children=[html.Span(id="wall-cam-offline"),
                                                      html.Span(id="wall-cam-pageno", className="wall-muted")]),
        html.Div(id="wall-cam-grid", className="wall-cam-grid"),
    ])


def camera_tile(row, refs: dict, lang: str, stamp: str) -> html.Figure:
    state = {True: "online", False: "offline"}.get(row.online, "unknown")
    label = (t("wall.cam.offline", lang, duration=duration(row.down_s, lang)) if state == "offline"
             else t(f"wall.cam.{state}", lang))
    return html.Figure(className=f"wall-cam wall-cam-{state}", **{"data-code": row.code, "data-state": state}, children=[
        # A CSS background, not an <img>: the browser fetches it only when the tile's page is shown.
        html.Div(className="wall-cam-img", role="img", title=row.name, style={
            "backgroundImage": f"url(/api/v1/cameras/{row.code}/snapshot?lang={lang}&m={stamp})"}),
        html.Figcaption(children=[
            html.Span(row.name, className="wall-cam-name"),
            html.Span(refs["wards"].get(row.ward_code, ""), className="wall-cam-ward"),
            html.Span(label, className="wall-cam-state", style={"color": STATUS[state]}),
        ]),
    ])


def camera_pages(cameras: pd.DataFrame, grid: tuple[int, int], refs: dict, lang: str, stamp: str) -> list:
    """Pages of cols×rows tiles, offline cameras first (as ordered by the provider)."""
    size = grid[0] * grid[1]
    rows = list(cameras.itertuples())
    pages = [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]
    style = {"gridTemplateColumns": f"repeat({grid[0]}, 1fr)", "gridTemplateRows": f"repeat({grid[1]}, 1fr)"}
    return [html.Div(className="wall-cam-page", style=style, children=[camera_tile(r, refs, lang, stamp) for r in page])
            for page in pages]


def camera_signature(cameras: pd.DataFrame) -> list:
    return [[r.code, r.online, int(r.down_s // 60)] for r in cameras.itertuples()]
