"""The overview page: four domain cards and the live situation map (pure builders)."""

from __future__ import annotations

from dash import dcc, html

from data.rules.aqi import CATEGORIES
from data.rules.aqi import category as aqi_category
from layouts.i18n import t
from layouts.map import LEVEL_ORDER, map_figure, pct
from layouts.theme import AQI, CONGESTION, SEVERITY

CARDS = ("traffic", "cameras", "environment", "incidents")


def empty_traces(lang: str) -> list[dict]:
    names = [t("level." + lvl, lang) for lvl in LEVEL_ORDER] + [
        t("layer.cameras", lang), t("layer.air", lang), t("layer.incidents", lang)]
    return [{"type": "scattermap", "mode": "lines" if i < len(LEVEL_ORDER) else "markers", "name": n,
             "lat": [], "lon": []} for i, n in enumerate(names)]


def card(domain: str, lang: str) -> html.Section:
    return html.Section(className=f"card card-{domain}", id=f"card-{domain}", children=[
        html.H2(t(f"card.{domain}", lang), className="card-title"),
        html.Div(className="card-figure", children=[
            html.Span("–", id=f"card-{domain}-value", className="card-value"),
            html.Span(t(f"card.{domain}.unit", lang), className="card-unit"),
        ]),
        html.Div("", id=f"card-{domain}-detail", className="card-detail"),
    ])


def legend(lang: str, map_note: str) -> html.Div:
    def swatch(color: str, label: str) -> html.Span:
        return html.Span([html.I(className="swatch", style={"background": color}), label], className="legend-item")

    return html.Div(className="legend", children=[
        html.Div([html.B(t("legend.congestion", lang))] + [swatch(CONGESTION[lvl], t("level." + lvl, lang))
                                                         for lvl in LEVEL_ORDER[:4]]),
        html.Div([html.B(t("legend.aqi", lang))] + [
            swatch(AQI[c.key], f"{c.lo}–{c.hi} {c.vi if lang == 'vi' else c.en}") for c in CATEGORIES],
            className="legend-aqi"),
        html.Div([html.B(t("legend.severity", lang))] + [swatch(SEVERITY[s], t(f"severity.{s}", lang))
                                                         for s in (1, 2, 3, 4)]),
        html.Div(map_note, className="legend-note"),
    ])


def page(lang: str, view: dict, wards_url: str, map_note: str) -> html.Div:
    """`map_note` says which layers of the city pack are official and which approximate."""
    figure = map_figure(view, wards_url, empty_traces(lang))
    return html.Div(className="overview", children=[
        dcc.Store(id="overview-lang", data=lang),
        dcc.Store(id="overview-seen"),
        html.Div([card(d, lang) for d in CARDS], className="cards"),
        html.Section(className="map-panel", children=[
            html.Div(id="overview-updated", className="map-updated"),
            dcc.Graph(id="overview-map", figure=figure, config={"displayModeBar": False, "scrollZoom": True},
                      className="map-graph", responsive=True, style={"height": "100%", "width": "100%"}),
            legend(lang, map_note),
        ]),
    ])


def updated_text(latest, zone, lang: str) -> str:
    return t("updated", lang, time=latest.astimezone(zone).strftime("%H:%M:%S")) if latest else ""


def card_texts(domain: str, summary: dict, lang: str) -> tuple[str, str]:
    """(figure, detail) of a card from a provider summary; the unit label is static."""
    if domain == "traffic":
        if not summary.get("reporting"):
            return "–", t("card.nodata", lang)
        return (f"{pct(summary['mean_ratio'])}%",
                t("card.traffic.detail", lang, heavy=summary["congested"], total=summary["segments"]))
    if domain == "cameras":
        return (f"{summary['online']}/{summary['total']}", t("card.cameras.detail", lang, offline=summary["offline"]))
    if domain == "environment":
        if summary.get("aqi") is None:
            return "–", t("card.nodata", lang)
        cat = aqi_category(summary["aqi"])
        return (str(summary["aqi"]), t("card.environment.detail", lang, category=cat.vi if lang == "vi" else cat.en,
                                        station=summary["station"]))
    return str(summary["open"]), t("card.incidents.detail", lang, s1=summary["s1"], s2=summary["s2"])
