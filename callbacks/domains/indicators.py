"""Indicators' callbacks: no map layer; the wall's KPI and its list of the newest reported values."""

from __future__ import annotations

from dash import Output

from callbacks._per_version import per_version
from callbacks.wall import on_domain, overview_patch
from data.wiring.services import get_services
from layouts.domains import indicators as view
from layouts.wall_scenes import kpi_class


def map_traces(_lang: str, hover: bool = True) -> list[dict]:
    return []


@per_version()
def wall_view(_version: int, lang: str) -> dict:
    indicators = get_services().indicators
    return {"summary": indicators.summary(), "rows": view.latest_rows(indicators.latest(), lang)}


@on_domain("indicators", Output(view.LIST, "children"))
def wall_indicators(version, _seen, lang):
    shown = wall_view(version, lang)
    value, detail, state = view.wall_kpi_text(shown["summary"], lang)
    return overview_patch("indicators", []), value, detail, kpi_class(state), shown["rows"]
