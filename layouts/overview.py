"""The overview page: a card per domain and the live situation map (pure builders)."""

from __future__ import annotations

from dash import dcc, html

from layouts import ids
from layouts.domains import placeholder_traces, views
from layouts.i18n import t
from layouts.map import map_figure


def card(domain: str, lang: str) -> html.Section:
    return html.Section(className=f"card card-{domain}", id=f"card-{domain}", children=[
        html.H2(t(f"card.{domain}", lang), className="card-title"),
        html.Div(className="card-figure", children=[
            html.Span("–", id=ids.card_value(domain), className="card-value"),
            html.Span(t(f"card.{domain}.unit", lang), className="card-unit"),
        ]),
        html.Div("", id=ids.card_detail(domain), className="card-detail"),
    ])


def legend(lang: str, map_note: str) -> html.Div:
    """Every domain's part of the legend, then what is official and what approximate on the map."""
    return html.Div(className="legend", children=[
        *[part for part in (view.legend(lang) for view in views()) if part.children],
        html.Div(map_note, className="legend-note"),
    ])


def page(lang: str, view: dict, wards_url: str, map_note: str) -> html.Div:
    """`map_note` says which layers of the city pack are official and which approximate."""
    figure = map_figure(view, wards_url, placeholder_traces(lang))
    return html.Div(className="overview", children=[
        dcc.Store(id=ids.OVERVIEW_LANG, data=lang),
        dcc.Store(id=ids.OVERVIEW_SEEN),
        dcc.Store(id=ids.OVERVIEW_ASK),
        html.Div([card(v.name, lang) for v in views()], className="cards"),
        html.Section(className="map-panel", children=[
            html.Div(id=ids.OVERVIEW_UPDATED, className="map-updated"),
            dcc.Graph(id=ids.OVERVIEW_MAP, figure=figure, config={"displayModeBar": False, "scrollZoom": True},
                      className="map-graph", responsive=True, style={"height": "100%", "width": "100%"}),
            legend(lang, map_note),
        ]),
    ])


def updated_text(latest, zone, lang: str) -> str:
    return t("updated", lang, time=latest.astimezone(zone).strftime("%H:%M:%S")) if latest else ""
