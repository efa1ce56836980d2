"""Cameras on screen: camera sites by status on the map, the online card, the wall's camera wall (tiles,
offline first, paged in the browser)."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from layouts.domains import DomainView
from layouts.i18n import t
from layouts.map import hover_or_skip, legend_swatch, rounded
from layouts.theme import STATUS
from layouts.wall import duration

PAGES = "wall-cam-pages"
SHOWN = "wall-cam-shown"
GRID = "wall-cam-grid"
PAGE_NUMBER = "wall-cam-pageno"
OFFLINE = "wall-cam-offline"
SIGNATURE = "wall-cams-sig"


def placeholders(lang: str) -> list[dict]:
    return [{"type": "scattermap", "mode": "markers", "name": t("layer.cameras", lang), "lat": [], "lon": []}]


# On the map a working camera is a quiet dot and an offline one stands out (the camera wall lists them in words).
MAP_MARK = {"online": "#6f8fb0", "offline": STATUS["offline"], "unknown": STATUS["unknown"]}


def camera_trace(status: pd.DataFrame, lang: str, hover: bool = True) -> dict:
    state = status["online"].map({True: "online", False: "offline"}).fillna("unknown")

    def text() -> list[str]:
        return [f"{n}<br>{t('status.' + s, lang)}"
                + (f" · {t('hover.down', lang, minutes=int(d // 60))}" if s == "offline" else "")
                for n, s, d in zip(status["name"], state, status["down_s"], strict=True)]

    return hover_or_skip({"type": "scattermap", "mode": "markers", "name": t("layer.cameras", lang),
                          "lat": [rounded(v) for v in status["lat"]], "lon": [rounded(v) for v in status["lon"]],
                          "marker": {"size": [5 if s == "online" else 10 for s in state],
                                     "color": [MAP_MARK[s] for s in state]}}, text, hover)


def legend(lang: str) -> html.Div:
    return html.Div([html.B(t("layer.cameras", lang)), legend_swatch(MAP_MARK["online"], t("status.online", lang), "dot"),
                     legend_swatch(MAP_MARK["offline"], t("status.offline", lang), "dot")])


def card(summary: dict, lang: str) -> tuple[str, str]:
    return f"{summary['online']}/{summary['total']}", t("card.cameras.detail", lang, offline=summary["offline"])


def wall_kpi_text(summary: dict, lang: str) -> tuple[str, str, str]:
    """Value, detail and state: bad when more than 5 % of the cameras are offline, watch when any is."""
    offline, total = summary["offline"], summary["total"]
    state = "none" if not total else ("bad" if offline > 0.05 * total else ("warn" if offline else "ok"))
    return f"{summary['online']}/{total}", t("wall.kpi.cameras.detail", lang, offline=offline), state


def wall_scene(lang: str, _view: dict, _wards_url: str) -> html.Section:
    # Every page of tiles waits in a store; only the page on screen is rendered (fewer live components).
    return html.Section(id="wall-scene-cameras", className="wall-scene wall-cameras", children=[
        dcc.Store(id=PAGES), dcc.Store(id=SHOWN), dcc.Store(id=SIGNATURE),
        html.Div(className="wall-cam-info", children=[html.Span(id=OFFLINE),
                                                      html.Span(id=PAGE_NUMBER, className="wall-muted")]),
        html.Div(id=GRID, className="wall-cam-grid"),
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


VIEW = DomainView(name="cameras", placeholders=placeholders, card=card, legend=legend, wall_kpi="wall.kpi.cameras",
                  wall_kpi_text=wall_kpi_text, wall_scene=wall_scene, dwell_s=45)
