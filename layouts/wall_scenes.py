"""What the wall's scenes share: graphs, panels, chart template, KPI tiles, and the overview scene (the map
with every domain's layers, a KPI per domain and the panels domains put beside it). Each domain's own scene
is in `layouts/domains/<name>.py`.

Pure functions: data in, components/figures out. Colour always comes with a word or an icon.
"""

from __future__ import annotations

from dash import dcc, html

from layouts import ids
from layouts.domains import placeholder_traces, views
from layouts.i18n import t
from layouts.map import map_figure
from layouts.overview import legend
from layouts.theme import MUTED, TEXT, figure_layout

GRAPH_CONFIG = {"displayModeBar": False, "staticPlot": False, "scrollZoom": False}


def graph(graph_id: str, figure: dict, cls: str = "wall-graph") -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className=cls, responsive=True,
                     style={"height": "100%", "width": "100%"})


def panel(title: str, *children, cls: str = "") -> html.Section:
    return html.Section(className=f"wall-panel {cls}".strip(), children=[html.H2(title, className="wall-panel-title"),
                                                                        *children])


def focus_trace() -> dict:
    """An empty ring marker the alarm takeover moves to the alarm's place."""
    return {"type": "scattermap", "mode": "markers", "lat": [], "lon": [], "hoverinfo": "skip",
            "marker": {"size": 46, "color": "rgba(255,59,59,0.35)"}}


# How far below the x axis its labels start, as a share of the text size.
TICK_STANDOFF = 0.6


def chart_figure(traces: list[dict], yaxis: dict | None = None, **layout) -> dict:
    axis = {"gridcolor": "#24324f", "zeroline": False, "color": MUTED, "automargin": True}
    return {"data": traces, "layout": figure_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"color": TEXT}},
        # Few ticks: their text grows with the screen (2.2 vh), and Plotly's own spacing let 4K labels touch.
        # The hours sit lower than Plotly puts them, by TICK_STANDOFF of the text size (grown with it in
        # cityops.js): the lowest value's label, centred on the axis, otherwise runs into the first hour's.
        xaxis={**axis, "type": "category", "nticks": 8, "ticklabelstandoff": round(14 * TICK_STANDOFF)},
        yaxis={**axis, "nticks": 6, **(yaxis or {})}, hovermode=False, **layout)}


def kpi_class(state: str) -> str:
    """A wall KPI tile's class by its state (ok / warn / bad / none): the tile's colour; its detail says why."""
    return f"wall-kpi wall-kpi-{state}"


def kpi(domain: str, label: str) -> html.Div:
    return html.Div(className="wall-kpi", id=ids.wall_kpi(domain), children=[
        html.Div(label, className="wall-kpi-label"),
        html.Div("–", id=ids.wall_kpi_value(domain), className="wall-kpi-value"),
        html.Div("", id=ids.wall_kpi_detail(domain), className="wall-kpi-detail"),
    ])


def overview_scene(lang: str, view: dict, wards_url: str, map_note: str) -> html.Section:
    figure = map_figure(view, wards_url, placeholder_traces(lang) + [focus_trace()])
    panels = [v.wall_overview_panel(lang) for v in views() if v.wall_overview_panel is not None]
    return html.Section(id=ids.wall_scene("overview"), className="wall-scene wall-overview", children=[
        html.Div(className="wall-map-panel", children=[graph(ids.WALL_MAP, figure, "wall-map"),
                                                        legend(lang, map_note)]),
        html.Aside(className="wall-side", children=[
            html.Div(className="wall-kpis", children=[kpi(v.name, t(v.wall_kpi, lang)) for v in views()]),
            *panels,
        ]),
    ])
