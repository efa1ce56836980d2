"""The environment on screen: air stations coloured by VN_AQI on the map, the worst-VN_AQI card, the wall's
environment scene (stations by VN_AQI, the city's 24-hour trend, surface water quality, river levels)."""

from __future__ import annotations

import pandas as pd
from dash import html

from data.rules.aqi import CATEGORIES
from data.rules.aqi import category as aqi_category
from layouts.domains import DomainView
from layouts.formats import local_time
from layouts.i18n import t
from layouts.map import badges, hover_or_skip, legend_swatch, rounded
from layouts.theme import AQI, AQI_INK, MUTED, STATUS
from layouts.wall import distinct_names, number
from layouts.wall_scenes import chart_figure, graph, panel
from layouts.words import pollutant_name

AQI_LIST = "wall-aqi-list"
AQI_TREND = "wall-aqi-trend"
WATER_QUALITY = "wall-water-quality"
RIVER = "wall-river"
WATER_PARAMS = ("ph", "do", "bod5", "cod", "nh4", "tss")


def placeholders(lang: str) -> list[dict]:
    return [{"type": "scattermap", "mode": "markers", "name": t("layer.air", lang), "lat": [], "lon": []}]


def air_trace(aqi: pd.DataFrame, lang: str, hover: bool = True) -> dict:
    """Air stations as squares of the official VN_AQI colour holding the station's VN_AQI."""
    colors, text, sizes, values, ink = [], [], [], [], []
    for row in aqi.itertuples():
        value = None if pd.isna(row.aqi) else int(row.aqi)
        cat = aqi_category(value)
        colors.append(AQI[cat.key] if cat else STATUS["unknown"])
        values.append("–" if value is None else str(value))
        ink.append(AQI_INK[cat.key] if cat else "#ffffff")
        sizes.append(22 if value is not None and value > 150 else 18)
        label = t(f"aqi.{cat.key}", lang) if cat else t("level.unknown", lang)
        detail = t("hover.aqi", lang, aqi=value, category=label, dominant=pollutant_name(row.dominant, lang)) if cat else label
        text.append(f"{row.name}<br>{detail}")
    trace = {"type": "scattermap", "mode": "markers", "name": t("layer.air", lang),
             "lat": [rounded(v) for v in aqi["lat"]], "lon": [rounded(v) for v in aqi["lon"]],
             "marker": {"size": sizes, "color": colors, "opacity": 0.95}}
    return badges(hover_or_skip(trace, lambda: text, hover), "aqi", values, ink)


def legend(lang: str) -> html.Div:
    return html.Div([html.B(t("legend.aqi", lang)), html.Span(t("legend.aqi.source", lang), className="legend-detail")]
                    + [legend_swatch(AQI[c.key], t(f"aqi.{c.key}", lang), "badge-aqi", f"{c.lo}–{c.hi} ")
                       for c in CATEGORIES],
        className="legend-aqi")


def card(summary: dict, lang: str) -> tuple[str, str]:
    if summary.get("aqi") is None:
        return "–", t("card.nodata", lang)
    cat = aqi_category(summary["aqi"])
    return (str(summary["aqi"]), t("card.environment.detail", lang, category=t(f"aqi.{cat.key}", lang),
                                   station=summary["station"]))


def wall_kpi_text(summary: dict, lang: str) -> tuple[list | str, str, str]:
    """Value (the official colour), detail and state: watch from "Kém" (101), bad from "Xấu" (151)."""
    if summary.get("aqi") is None:
        return "–", t("wall.nodata", lang), "none"
    cat = aqi_category(summary["aqi"])
    chip = html.Span(str(summary["aqi"]), className="wall-aqi-chip", style={"background": AQI[cat.key]},
                     **{"data-aqi": cat.key})
    state = "bad" if summary["aqi"] > 150 else ("warn" if summary["aqi"] > 100 else "ok")
    return [chip], f"{t(f'aqi.{cat.key}', lang)} · {summary['station']}", state


def wall_scene(lang: str, _view: dict, _wards_url: str) -> html.Section:
    return html.Section(id="wall-scene-environment", className="wall-scene wall-environment", children=[
        panel(t("wall.env.stations", lang), html.Ol(id=AQI_LIST, className="wall-list")),
        panel(t("wall.env.trend", lang), graph(AQI_TREND, chart_figure([])), cls="wall-chart-panel"),
        panel(t("wall.env.water", lang), html.Div(id=WATER_QUALITY)),
        panel(t("wall.env.river", lang), html.Div(id=RIVER, className="wall-river")),
    ])


def aqi_list(current: pd.DataFrame, lang: str) -> list:
    rows = current.assign(aqi_value=current["aqi"].astype(float)).sort_values("aqi_value", ascending=False,
                                                                            na_position="last")
    items = []
    for row, name in zip(rows.itertuples(), distinct_names(list(rows["name"])), strict=True):
        cat = None if pd.isna(row.aqi_value) else aqi_category(int(row.aqi_value))
        label = t(f"aqi.{cat.key}", lang) if cat else t("wall.nodata", lang)
        items.append(html.Li(className="wall-row", children=[
            html.Span(number(row.aqi_value), className="wall-aqi-chip",
                      style={"background": AQI[cat.key] if cat else STATUS["unknown"]},
                      **{"data-aqi": cat.key if cat else "none"}),
            html.Span(label, className="wall-row-word"),
            html.Span(name, className="wall-row-name", title=row.name),
            html.Span(t("wall.env.dominant", lang, dominant=pollutant_name(row.dominant, lang)) if cat else "", className="wall-muted"),
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


def alarm_words(rule: str, values: dict, _refs: dict, lang: str) -> dict:
    if rule == "aqi":
        cat = aqi_category(int(values["value"]))
        return {"value": int(values["value"]), "category": t(f"aqi.{cat.key}", lang),
                "dominant": pollutant_name(values.get("dominant"), lang)}
    return {"value": f"{values['value']:.2f}", "threshold": f"{values['threshold']:.2f}",
            "stage": "I" * int(values["stage"])}


VIEW = DomainView(name="environment", placeholders=placeholders, card=card, legend=legend, wall_kpi="wall.kpi.aqi",
                  wall_kpi_text=wall_kpi_text, wall_scene=wall_scene, dwell_s=30,
                  wall_charts=(AQI_TREND,), alarm_rules=("aqi", "water_level"), alarm_words=alarm_words)
