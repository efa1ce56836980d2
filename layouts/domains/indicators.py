"""Department indicators on screen: no map layer; the overview card (how many indicators are reported for their
latest period) and the wall's list of the newest values."""

from __future__ import annotations

import pandas as pd
from dash import html

from layouts.domains import DomainView
from layouts.i18n import t

LIST = "wall-indicators-list"


def placeholders(_lang: str) -> list[dict]:
    return []


def legend(_lang: str) -> html.Div:
    return html.Div()


def card(summary: dict, lang: str) -> tuple[str, str]:
    if not summary.get("total"):
        return "–", t("card.nodata", lang)
    return f"{summary['current']}/{summary['total']}", t("card.indicators.detail", lang)


def wall_kpi_text(summary: dict, lang: str) -> tuple[str, str, str]:
    """Value, detail and state: watch while some indicator has not reported its latest period."""
    if not summary.get("total"):
        return "–", t("wall.nodata", lang), "none"
    state = "ok" if summary["current"] >= summary["total"] else "warn"
    return f"{summary['current']}/{summary['total']}", t("card.indicators.detail", lang), state


def number(value: float, unit: str) -> str:
    """A figure as a leader reads it: shares with one decimal, counts with thousands separated by dots."""
    if value is None or pd.isna(value):
        return "–"
    if unit == "%":
        return f"{value:.1f}".replace(".", ",") + " %"
    return f"{value:,.0f}".replace(",", ".") + f" {unit}"


def latest_rows(latest: pd.DataFrame, lang: str) -> list:
    """One row per indicator: name, newest value (with its unit), its period and the department."""
    rows = []
    for r in latest.itertuples():
        unit = r.unit_vi if lang == "vi" else r.unit_en
        period = "–" if pd.isna(r.period_start) else (
            r.period_start.strftime("%m/%Y") if r.period == "month" else r.period_start.strftime("%d/%m"))
        rows.append(html.Li(className="wall-indicator", children=[
            html.Span(r.name_vi if lang == "vi" else r.name_en, className="wall-indicator-name"),
            html.Span(number(r.value, unit), className="wall-indicator-value"),
            html.Span(f"{period} · {r.department_vi if lang == 'vi' else r.department_en}",
                      className="wall-muted"),
            *([html.Span(t("kpi.simulated", lang), className="wall-muted")] if r.simulated is True else []),
        ]))
    return rows


def wall_scene(lang: str, _view: dict, _wards_url: str) -> html.Section:
    return html.Section(id="wall-scene-indicators", className="wall-scene wall-indicators", children=[
        html.H2(t("wall.scene.indicators", lang)),
        html.Ul(id=LIST, className="wall-indicator-list"),
    ])


VIEW = DomainView(name="indicators", placeholders=placeholders, card=card, legend=legend,
                  wall_kpi="wall.kpi.indicators", wall_kpi_text=wall_kpi_text, wall_scene=wall_scene, dwell_s=20)
