"""The offline situation map: pure builders from provider frames to Plotly `Scattermap` traces.

No remote tiles or glyphs: the style has only a background, ward outlines come from one GeoJSON URL,
and labels are hover text. Trace order is fixed so callbacks can patch one domain's traces.
"""

from __future__ import annotations

import math

import pandas as pd

from data.rules.aqi import category as aqi_category
from layouts.i18n import t
from layouts.theme import AQI, BACKGROUND, CONGESTION, SEVERITY, STATUS, WARD_LINE, figure_layout

LEVEL_ORDER = ("free", "moderate", "heavy", "standstill", "unknown")
TRACE = {**{f"traffic:{lvl}": i for i, lvl in enumerate(LEVEL_ORDER)}, "cameras": 5, "air": 6, "incidents": 7}
DOMAIN_TRACES = {"traffic": [TRACE[f"traffic:{lvl}"] for lvl in LEVEL_ORDER], "cameras": [TRACE["cameras"]],
                 "environment": [TRACE["air"]], "incidents": [TRACE["incidents"]]}
# MapLibre rejects a style without `sources`, and an empty dict is dropped on the way to the browser,
# so the style carries one empty GeoJSON source.
OFFLINE_STYLE = {"version": 8, "name": "cityops-offline",
                 "sources": {"none": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
                 "layers": [{"id": "background", "type": "background", "paint": {"background-color": BACKGROUND}}]}


def _r(x: float) -> float:
    return round(float(x), 5)


def _hover(trace: dict, text, hover: bool) -> dict:
    """Hover labels for pages read with a pointer; a wall has none, so it gets lighter traces without them."""
    return {**trace, "hovertext": text(), "hoverinfo": "text"} if hover else {**trace, "hoverinfo": "skip"}


def segment_traces(segments: pd.DataFrame, current: pd.DataFrame, lang: str, hover: bool = True) -> list[dict]:
    """One line trace per congestion level; segments are joined with None breaks."""
    state = current.set_index("segment_code")
    by_level: dict[str, dict[str, list]] = {lvl: {"lat": [], "lon": [], "text": []} for lvl in LEVEL_ORDER}
    for seg in segments.itertuples():
        row = state.loc[seg.code] if seg.code in state.index else None
        level = row["level"] if row is not None else "unknown"
        bucket = by_level[level]
        points = seg.geometry.coords
        bucket["lon"].extend([_r(x) for x, _ in points] + [None])
        bucket["lat"].extend([_r(y) for _, y in points] + [None])
        if hover:
            if row is not None and not pd.isna(row["speed_kmh"]):
                detail = t("hover.speed", lang, speed=f"{row['speed_kmh']:.0f}", pct=f"{100 * row['speed_ratio']:.0f}")
            else:
                detail = t("level.unknown", lang)
            bucket["text"].extend([f"{seg.name}<br>{t('level.' + level, lang)} · {detail}"] * len(points) + [None])
    widths = {"free": 3, "moderate": 4, "heavy": 5, "standstill": 6, "unknown": 2}
    return [_hover({"type": "scattermap", "mode": "lines", "name": t("level." + lvl, lang), "lat": b["lat"],
                    "lon": b["lon"], "line": {"color": CONGESTION[lvl], "width": widths[lvl]}},
                   lambda b=b: b["text"], hover)
            for lvl, b in by_level.items()]


def camera_trace(status: pd.DataFrame, lang: str, hover: bool = True) -> dict:
    state = status["online"].map({True: "online", False: "offline"}).fillna("unknown")

    def text() -> list[str]:
        return [f"{n}<br>{t('status.' + s, lang)}"
                + (f" · {t('hover.down', lang, minutes=int(d // 60))}" if s == "offline" else "")
                for n, s, d in zip(status["name"], state, status["down_s"], strict=True)]

    return _hover({"type": "scattermap", "mode": "markers", "name": t("layer.cameras", lang),
                   "lat": [_r(v) for v in status["lat"]], "lon": [_r(v) for v in status["lon"]],
                   "marker": {"size": [6 if s == "online" else 10 for s in state],
                              "color": [STATUS[s] for s in state]}}, text, hover)


def air_trace(aqi: pd.DataFrame, lang: str, hover: bool = True) -> dict:
    colors, text, sizes = [], [], []
    for row in aqi.itertuples():
        value = None if pd.isna(row.aqi) else int(row.aqi)
        cat = aqi_category(value)
        colors.append(AQI[cat.key] if cat else STATUS["unknown"])
        sizes.append(22 if value is not None and value > 150 else 18)
        label = cat.vi if (cat and lang == "vi") else (cat.en if cat else t("level.unknown", lang))
        detail = t("hover.aqi", lang, aqi=value, category=label, dominant=row.dominant) if cat else label
        text.append(f"{row.name}<br>{detail}")
    return _hover({"type": "scattermap", "mode": "markers", "name": t("layer.air", lang),
                   "lat": [_r(v) for v in aqi["lat"]], "lon": [_r(v) for v in aqi["lon"]],
                   "marker": {"size": sizes, "color": colors, "opacity": 0.95}}, lambda: text, hover)


def incident_trace(incidents: pd.DataFrame, lang: str, hover: bool = True) -> dict:
    def text() -> list[str]:
        return [f"{title}<br>{t('severity.' + str(s), lang)} · {status}" for title, s, status
                in zip(incidents["title"], incidents["severity"], incidents["status"], strict=True)]

    return _hover({"type": "scattermap", "mode": "markers", "name": t("layer.incidents", lang),
                   "lat": [_r(v) for v in incidents["lat"]], "lon": [_r(v) for v in incidents["lon"]],
                   "marker": {"size": [16 - 2 * int(s) for s in incidents["severity"]],
                              "color": [SEVERITY[int(s)] for s in incidents["severity"]]}}, text, hover)


def fit_view(bounds: list[float], width_px: int = 1700, height_px: int = 800) -> dict:
    """Centre and zoom that show the whole [west, south, east, north] box in a panel of about this size."""
    west, south, east, north = bounds
    lat = (south + north) / 2
    # MapLibre: 512·2^z pixels span 360° of longitude; latitude spans stretch by 1/cos(lat).
    zoom_x = math.log2(width_px * 360 / (512 * (east - west)))
    zoom_y = math.log2(height_px * 360 * math.cos(math.radians(lat)) / (512 * (north - south)))
    return {"center": {"lat": round(lat, 5), "lon": round((west + east) / 2, 5)},
            "zoom": round(min(zoom_x, zoom_y), 2)}


def map_figure(view: dict, wards_url: str, traces: list[dict]) -> dict:
    """The whole figure; `view` has center {lat, lon} and zoom from the city pack."""
    layers = [{"sourcetype": "geojson", "source": wards_url, "type": "line", "below": "traces",
               "color": WARD_LINE, "line": {"width": 1.5}}]
    return {"data": traces, "layout": figure_layout(map={
        "style": OFFLINE_STYLE, "center": view["center"], "zoom": view["zoom"], "layers": layers})}


def pct(ratio: float | None) -> str:
    return "–" if ratio is None or math.isnan(ratio) else f"{100 * ratio:.0f}"
