"""Incidents' callbacks: their map layer and their wall (the overview layer, the KPI, the ticker, the incident
scene)."""

from __future__ import annotations

from dash import Output

from callbacks._per_version import per_version
from callbacks.wall import on_domain, overview_patch, refs
from data.domains.incidents.sla import SlaProvider
from data.wiring.services import get_services
from layouts.domains import incidents as view
from layouts.wall_scenes import kpi_class


def map_traces(lang: str, hover: bool = True) -> list[dict]:
    return [view.incident_trace(get_services().incidents.incidents(open_only=True), lang, hover)]


@per_version()
def wall_view(_version: int, lang: str) -> dict:
    services = get_services()
    incidents = services.incidents
    names = refs(lang)
    sla = SlaProvider(incidents, services.pack.sla).open_incidents()
    summary = {**incidents.summary(), "overdue": int((sla["sla_state"] == "late").sum()) if len(sla) else 0}
    return {"traces": [view.incident_trace(sla, lang, hover=False)], "summary": summary,
            "ticker": view.ticker(sla, names, services.zone, lang),
            "severity": view.severity_tiles(incidents.open_by_severity(), lang),
            "category": view.count_bars(incidents.open_counts("category"), "category", names["categories"]),
            "ward": view.count_bars(incidents.open_counts("ward_code"), "ward_code", names["wards"]),
            "sla": view.sla_summary(sla, lang), "newest": view.newest_incidents(sla, names, services.zone, lang)}


@on_domain("incidents", Output(view.TICKER, "children"), Output(view.BY_SEVERITY, "children"),
           Output(view.BY_CATEGORY, "children"), Output(view.BY_WARD, "children"), Output(view.SLA, "children"),
           Output(view.NEWEST, "children"))
def wall_incidents(version, _seen, lang):
    shown = wall_view(version, lang)
    value, detail, state = view.wall_kpi_text(shown["summary"], lang)
    return (overview_patch("incidents", shown["traces"]), value, detail, kpi_class(state), shown["ticker"], shown["severity"],
            shown["category"], shown["ward"], shown["sla"], shown["newest"])
