"""Incidents on screen: open incidents by severity on the map, the open-incidents card, the ticker beside the
wall's overview map and the wall's incident scene (by severity, category and ward, SLA state, newest)."""

from __future__ import annotations

import pandas as pd
from dash import html

from data.domains.incidents.sla import SLA_STATES
from layouts.domains import DomainView
from layouts.formats import local_time
from layouts.i18n import t
from layouts.map import badges, hover_or_skip, legend_swatch, rounded
from layouts.theme import SEVERITY, STATUS
from layouts.wall_scenes import panel

TICKER = "wall-ticker"
BY_SEVERITY = "wall-inc-severity"
BY_CATEGORY = "wall-inc-category"
BY_WARD = "wall-inc-ward"
SLA = "wall-inc-sla"
NEWEST = "wall-inc-newest"
SLA_COLORS = {"on_time": STATUS["ok"], "near_late": STATUS["late"], "late": STATUS["stale"], "none": STATUS["unknown"]}


def placeholders(lang: str) -> list[dict]:
    return [{"type": "scattermap", "mode": "markers", "name": t("layer.incidents", lang), "lat": [], "lon": []}]


def incident_trace(incidents: pd.DataFrame, lang: str, hover: bool = True) -> dict:
    def text() -> list[str]:
        return [f"{title}<br>{t('severity.' + str(s), lang)} · {t('inc.status.' + status, lang)}"
                for title, s, status in zip(incidents["title"], incidents["severity"], incidents["status"], strict=True)]

    return severity_badges(hover_or_skip({
        "type": "scattermap", "mode": "markers", "name": t("layer.incidents", lang),
        "lat": [rounded(v) for v in incidents["lat"]], "lon": [rounded(v) for v in incidents["lon"]],
        "marker": {"size": [16 - 2 * int(s) for s in incidents["severity"]],
                   "color": [SEVERITY[int(s)] for s in incidents["severity"]]}}, text, hover), incidents["severity"])


def severity_badges(trace: dict, severities) -> dict:
    """Incidents as warning signs of their severity's colour holding its number (1 = khẩn cấp)."""
    return badges(trace, "incident", [str(int(s)) for s in severities])


def legend(lang: str) -> html.Div:
    return html.Div([html.B(t("legend.severity", lang))]
                    + [legend_swatch(SEVERITY[s], f"{s} {t(f'severity.{s}', lang)}", "badge-incident")
                       for s in (1, 2, 3, 4)])


def card(summary: dict, lang: str) -> tuple[str, str]:
    return str(summary["open"]), t("card.incidents.detail", lang, s1=summary["s1"], s2=summary["s2"])


def wall_kpi_text(summary: dict, lang: str) -> tuple[str, str, str]:
    """Value, detail and state: bad while any open incident is past its SLA, watch while a critical one is open."""
    overdue = summary.get("overdue", 0)
    state = "bad" if overdue else ("warn" if summary["s1"] else "ok")
    return str(summary["open"]), t("wall.kpi.incidents.detail", lang, s1=summary["s1"], s2=summary["s2"],
                                   overdue=overdue), state


def ticker_panel(lang: str) -> html.Section:
    return panel(t("wall.ticker.title", lang), html.Ol(id=TICKER, className="wall-list wall-list-whole"), cls="wall-ticker")


def wall_scene(lang: str, _view: dict, _wards_url: str) -> html.Section:
    return html.Section(id="wall-scene-incidents", className="wall-scene wall-incidents", children=[
        html.Div(id=BY_SEVERITY, className="wall-sev-tiles"),
        panel(t("wall.inc.by_category", lang), html.Ol(id=BY_CATEGORY, className="wall-list")),
        panel(t("wall.inc.by_ward", lang), html.Ol(id=BY_WARD, className="wall-list")),
        panel(t("wall.inc.sla", lang), html.Div(id=SLA, className="wall-sla")),
        panel(t("wall.inc.newest", lang), html.Ol(id=NEWEST, className="wall-list wall-list-whole"), cls="wall-newest"),
    ])


def severity_chip(severity: int, lang: str) -> html.Span:
    return html.Span(t(f"severity.{severity}", lang), className=f"wall-sev wall-sev-{severity}",
                     style={"background": SEVERITY[severity]})


def incident_rows(incidents: pd.DataFrame, lang: str, limit: int, row_class: str, cells) -> list:
    """Newest incidents as list items (or the 'none open' line); `cells(row)` gives each item's children."""
    if incidents.empty:
        return [html.Li(t("wall.ticker.empty", lang), className="wall-muted")]
    return [html.Li(className=row_class, children=cells(row)) for row in incidents.head(limit).itertuples()]


def ticker(incidents: pd.DataFrame, refs: dict, zone, lang: str, limit: int = 6) -> list:
    return incident_rows(incidents, lang, limit, "wall-ticker-item", lambda row: [
        html.Span(local_time(row.reported_at, zone), className="wall-time-cell"),
        severity_chip(int(row.severity), lang),
        html.Span(row.title, className="wall-ticker-title"),
        html.Span(refs["wards"].get(row.ward_code, ""), className="wall-muted wall-ticker-ward"),
    ])


def severity_tiles(by_severity: pd.DataFrame, lang: str) -> list:
    counts = dict(zip(by_severity["severity"], by_severity["incidents"], strict=True))
    return [html.Div(className=f"wall-sev-tile wall-sev-{s}", style={"borderColor": SEVERITY[s]}, children=[
        html.Div(str(int(counts.get(s, 0))), className="wall-kpi-value"), severity_chip(s, lang)])
        for s in (1, 2, 3, 4)]


def count_bars(counts: pd.DataFrame, column: str, names: dict, limit: int = 6) -> list:
    top = counts.head(limit)
    peak = max(1, int(top["incidents"].max())) if not top.empty else 1
    return [html.Li(className="wall-row wall-bar-row", children=[
        html.Span(names.get(getattr(row, column), str(getattr(row, column))), className="wall-row-name"),
        html.Span(html.B(style={"width": f"{100 * row.incidents / peak:.0f}%"}), className="wall-bar"),
        html.Span(str(int(row.incidents)), className="wall-row-value"),
    ]) for row in top.itertuples()]


def sla_summary(sla: pd.DataFrame, lang: str) -> list:
    counts = sla["sla_state"].value_counts()
    return [html.Div(className=f"wall-sla-item wall-sla-{s}", children=[
        html.Span(str(int(counts.get(s, 0))), className="wall-sla-count"),
        html.Span(t(f"wall.sla.{s}", lang), className="wall-level", style={"background": SLA_COLORS[s]})])
        for s in SLA_STATES]


def newest_incidents(sla: pd.DataFrame, refs: dict, zone, lang: str, limit: int = 10) -> list:
    return incident_rows(sla, lang, limit, "wall-row wall-incident-row", lambda row: [
        html.Span(local_time(row.reported_at, zone), className="wall-time-cell"),
        severity_chip(int(row.severity), lang),
        html.Span(row.title, className="wall-row-name"),
        html.Span(refs["wards"].get(row.ward_code, ""), className="wall-muted"),
        html.Span(t(f"wall.status.{row.status}", lang), className="wall-muted"),
        html.Span(t(f"wall.sla.{row.sla_state}", lang), className="wall-level",
                  style={"background": SLA_COLORS[row.sla_state]}),
    ])


def alarm_words(_rule: str, values: dict, refs: dict, _lang: str) -> dict:
    return {"category": refs["categories"].get(values.get("category"), values.get("category", "")),
            "ward": refs["wards"].get(values.get("ward_code"), "")}


VIEW = DomainView(name="incidents", placeholders=placeholders, card=card, legend=legend,
                  wall_kpi="wall.kpi.incidents", wall_kpi_text=wall_kpi_text, wall_scene=wall_scene, dwell_s=30,
                  wall_overview_panel=ticker_panel, alarm_rules=("incident_critical",), alarm_words=alarm_words)
