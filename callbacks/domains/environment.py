"""The environment's callbacks: its map layer and its wall (the overview layer, the KPI, the environment
scene)."""

from __future__ import annotations

from dash import Output

from callbacks._per_version import per_version
from callbacks.wall import again, data_patch, on_domain, overview_patch
from data.wiring.services import get_services
from layouts.domains import environment as view
from layouts.wall_scenes import kpi_class


def map_traces(lang: str, hover: bool = True) -> list[dict]:
    return [view.air_trace(get_services().environment.aqi_current(), lang, hover)]


@per_version()
def wall_view(_version: int, lang: str) -> dict:
    services = get_services()
    environment = services.environment
    now = environment.aqi_current()
    return {"traces": [view.air_trace(now, lang, hover=False)], "summary": environment.summary(),
            "list": view.aqi_list(now, lang), "trend": view.aqi_trend_chart(environment.aqi_trend(), services.zone, lang),
            "quality": view.water_quality(environment.water_quality_latest(), lang),
            "river": view.river_levels(environment.water_levels(), lang)}


@on_domain("environment", Output(view.AQI_LIST, "children"), again(view.AQI_TREND),
           Output(view.WATER_QUALITY, "children"), Output(view.RIVER, "children"))
def wall_environment(version, _seen, lang):
    shown = wall_view(version, lang)
    trend = data_patch(shown["trend"], ("shapes",), ("yaxis", "range"), ("yaxis", "tickvals"))
    value, detail, state = view.wall_kpi_text(shown["summary"], lang)
    return (overview_patch("environment", shown["traces"]), value, detail, kpi_class(state), shown["list"], trend, shown["quality"],
            shown["river"])
