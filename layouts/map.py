"""The offline situation map: the figure, the view that fits the city, and what every domain's layer shares.

No remote tiles or glyphs: the style has only a background; the city's land and waterways and the ward outlines
come from GeoJSON URLs served from the pack, and names are HTML labels placed by the page's script. Each domain draws its own traces (`layouts/domains/<name>.py`); their order is
fixed (`layouts.domains.trace_slots`) so callbacks can patch one domain's traces.
"""

from __future__ import annotations

import math

from dash import html

from layouts.theme import BACKGROUND, LAND, WARD_LINE, WATER, figure_layout

# MapLibre rejects a style without `sources`, and an empty dict is dropped on the way to the browser,
# so the style carries one empty GeoJSON source.
OFFLINE_STYLE = {"version": 8, "name": "cityops-offline",
                 "sources": {"none": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
                 "layers": [{"id": "background", "type": "background", "paint": {"background-color": BACKGROUND}}]}


def map_style(tiles_url: str | None = None, attribution: str = "") -> dict:
    """The offline style, or with a site's own raster tiles (an XYZ URL template) drawn under every layer."""
    if not tiles_url:
        return OFFLINE_STYLE
    tiles = {"type": "raster", "tiles": [tiles_url], "tileSize": 256, "attribution": attribution}
    return {**OFFLINE_STYLE, "sources": {**OFFLINE_STYLE["sources"], "site-tiles": tiles},
            "layers": [*OFFLINE_STYLE["layers"], {"id": "site-tiles", "type": "raster", "source": "site-tiles"}]}


def city_view(bounds: list[float], labels, width_px: int, height_px: int, tiles_url: str | None = None,
              attribution: str = "") -> dict:
    """What a page's situation map needs: the centre and zoom that fit the city in a panel of about this size, the
    names to write on it and the site's tiles, if any."""
    return {**fit_view(bounds, width_px, height_px), "labels": labels,
            "tiles": {"url": tiles_url, "attribution": attribution} if tiles_url else None}


def rounded(x: float) -> float:
    """A coordinate as sent to the browser (5 decimals, about 1 m)."""
    return round(float(x), 5)


def hover_or_skip(trace: dict, text, hover: bool) -> dict:
    """Hover labels for pages read with a pointer; a wall has none, so it gets lighter traces without them."""
    return {**trace, "hovertext": text(), "hoverinfo": "text"} if hover else {**trace, "hoverinfo": "skip"}


def legend_swatch(color: str, label: str, shape: str = "swatch", detail: str | None = None) -> html.Span:
    """A legend entry: the layer's own mark (`swatch`: a bar for lines; `dot`; `badge-aqi`, `badge-incident`: the
    map's badges) in the entry's colour, and its words (`detail`, such as a range, is left out on the wall)."""
    words = [label] if detail is None else [html.Span(detail, className="legend-detail"), label]
    return html.Span([html.I(className=shape, style={"background": color}), *words], className="legend-item")


def badges(trace: dict, kind: str, labels: list[str], ink: list[str] | None = None) -> dict:
    """A point trace the page's script also draws as HTML badges of their own shape (`assets/cityops.js`): `kind`
    is the shape ("aqi": a square with the value; "incident": a warning sign), `labels` the text of each, the
    marker colours their fill and `ink` their text colour. Badges are sized with the screen (vh) and let clicks
    and hovers through to the trace's own points underneath."""
    return {**trace, "meta": {"badge": kind, "labels": labels, **({"ink": ink} if ink else {})}}


def fit_view(bounds: list[float], width_px: int = 1700, height_px: int = 800) -> dict:
    """Centre and zoom that show the whole [west, south, east, north] box in a panel of about this size."""
    west, south, east, north = bounds
    lat = (south + north) / 2
    # MapLibre: 512·2^z pixels span 360° of longitude; latitude spans stretch by 1/cos(lat).
    zoom_x = math.log2(width_px * 360 / (512 * (east - west)))
    zoom_y = math.log2(height_px * 360 * math.cos(math.radians(lat)) / (512 * (north - south)))
    return {"center": {"lat": round(lat, 5), "lon": round((west + east) / 2, 5)},
            "zoom": round(min(zoom_x, zoom_y), 2)}


BASEMAP_URL = "/api/v1/geo/basemap/{layer}.geojson"


def map_figure(view: dict, wards_url: str, traces: list[dict]) -> dict:
    """The whole figure on the offline basemap (the city's land, its waterways, the ward lines); `view` has
    center {lat, lon} and zoom from the city pack, and `labels` — names the page's script writes on the map at
    their places (`assets/cityops.js`: HTML text, so every diacritic renders without map glyphs)."""
    tiles = view.get("tiles") or {}
    layers = [{"sourcetype": "geojson", "source": BASEMAP_URL.format(layer="land"), "type": "fill", "below": "traces",
               "color": LAND, "opacity": 0.45 if tiles else 1},  # the site's tiles show through the land
              {"sourcetype": "geojson", "source": BASEMAP_URL.format(layer="water"), "type": "line", "below": "traces",
               "color": WATER, "line": {"width": 4}},
              {"sourcetype": "geojson", "source": wards_url, "type": "line", "below": "traces",
               "color": WARD_LINE, "line": {"width": 1.5}}]
    return {"data": traces, "layout": figure_layout(
        map={"style": map_style(tiles.get("url"), tiles.get("attribution", "")), "center": view["center"],
             "zoom": view["zoom"], "layers": layers},
        meta={"labels": list(view.get("labels", ()))})}


def pct(ratio: float | None) -> str:
    return "–" if ratio is None or math.isnan(ratio) else f"{100 * ratio:.0f}"
