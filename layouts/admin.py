"""The admin page (pure builders): users, display tokens, alert thresholds and response units (editable),
feed health and the audit trail."""

from __future__ import annotations

from collections.abc import Callable

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from layouts.i18n import dropdown, grid_locale, t, t_or
from layouts.incidents import local
from layouts.words import actor_name, audit_action, audit_sentence, audit_target

GRID_OPTIONS = {"animateRows": False,
                "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}}


def _grid(grid_id: str, columns: list[dict], lang: str, height: str = "28vh", **options) -> dag.AgGrid:
    return dag.AgGrid(id=grid_id, columnDefs=columns, rowData=[], style={"height": height}, className="cityops-grid",
                      defaultColDef={"sortable": True, "resizable": True, "flex": 1},
                      dashGridOptions={**GRID_OPTIONS, "localeText": grid_locale(lang, noRowsToShow=t("admin.grid.empty", lang))},
                      **options)


def user_rows(frame: pd.DataFrame, lang: str, zone) -> list[dict]:
    return [{"username": r["username"], "role": t(f"role.{r['role']}", lang),
             "state": t("admin.disabled" if r["disabled"] else "admin.active", lang),
             "disabled": bool(r["disabled"]), "created": local(r["created_at"], zone, "%d/%m/%Y %H:%M")}
            for r in frame.to_dict("records")]


def token_rows(frame: pd.DataFrame, zone) -> list[dict]:
    return [{"name": r["name"], "created": local(r["created_at"], zone, "%d/%m/%Y %H:%M"),
             "revoked": local(r["revoked_at"], zone, "%d/%m/%Y %H:%M")} for r in frame.to_dict("records")]


def threshold_rows(frame: pd.DataFrame, lang: str) -> list[dict]:
    return [{"rule": r["rule"], "name": t_or(f"admin.rule.{r['rule']}", lang, r["rule"]), "value": r["value"],
             "minutes": r["minutes"], "enabled": r["enabled"],
             "takeover": None if r["takeover"] is None or pd.isna(r["takeover"]) else r["takeover"]}
            for r in frame.to_dict("records")]


def kpi_target_rows(targets: pd.DataFrame, catalogue: pd.DataFrame, lang: str, zone) -> list[dict]:
    """The board's targets: the KPI's name (an indicator's from the catalogue), target, amber, direction, whether
    the figure is a placeholder, who changed it last."""
    names = dict(zip(catalogue["code"], catalogue["name_vi" if lang == "vi" else "name_en"], strict=True))
    return [{"code": r["code"], "name": names.get(r["code"]) or t_or(f"kpi.{r['code']}", lang, r["code"]),
             "target": None if pd.isna(r["target"]) else r["target"],
             "amber": None if pd.isna(r["amber"]) else r["amber"],
             "better": t(f"admin.kpi.better.{r['better']}", lang),
             "placeholder": t("admin.kpi.placeholder" if r["placeholder"] else "admin.kpi.set", lang),
             "updated": "" if pd.isna(r["updated_at"]) else f"{local(r['updated_at'], zone, '%d/%m/%Y %H:%M')} · "
                                                             f"{r['updated_by']}"}
            for r in targets.to_dict("records")]


def kind_name(kind: str, lang: str) -> str:
    """A unit kind in words; a kind the catalog does not know (another city's) shows as it is."""
    return t_or(f"unit.kind.{kind}", lang, kind)


def kind_options(kinds, lang: str) -> list[dict]:
    return [{"label": kind_name(k, lang), "value": k} for k in kinds]


def unit_rows(frame: pd.DataFrame, lang: str, ward_names: dict[str, str]) -> list[dict]:
    return [{"code": r["code"], "name": r["name"], "kind": kind_name(r["kind"], lang),
             "ward": ward_names.get(r["ward_code"], r["ward_code"] or ""), "phone": r["phone"] or "",
             "state": t("admin.unit.active" if r["active"] else "admin.unit.inactive", lang),
             "active": bool(r["active"])}
            for r in frame.to_dict("records")]


def audit_rows(frame: pd.DataFrame, zone, lang: str) -> list[dict]:
    """Audit entries as people read them: who (a readable name), the action in words and a sentence of what
    changed (never the stored JSON)."""
    return [{"time": local(r["ts"], zone, "%d/%m %H:%M:%S"), "actor": actor_name(r["actor"], lang),
             "action": audit_action(r["action"], lang), "target": audit_target(r["target"], lang),
             "detail": audit_sentence(r, lang)}
            for r in frame.to_dict("records")]


def feed_rows(frame: pd.DataFrame, lang: str, zone) -> list[dict]:
    """Feed health as the admin reads it: cadence, last seen, 24-hour counts and state in words."""
    return [{"feed": r["feed"], "domain": t_or(f"card.{r['domain']}", lang, r["domain"]),
             "every": t("admin.feed.oneoff", lang) if r["expected_every_s"] <= 0 else f"{int(r['expected_every_s'])} s",
             "last_seen": local(r["last_seen"], zone, "%d/%m %H:%M:%S"), "received": int(r["received_24h"]),
             "rejected": int(r["rejected_24h"]), "state": t(f"admin.feed.{r['state']}", lang)}
            for r in frame.to_dict("records")]


def dead_letter_rows(frame: pd.DataFrame, zone) -> list[dict]:
    return [{"time": local(r["received_at"], zone, "%d/%m %H:%M:%S"), "channel": r["channel"], "source": r["source"],
             "reason": r["reason"], "payload": str(r["payload"])[:300]} for r in frame.to_dict("records")]


def page(lang: str) -> html.Div:
    def col(field: str, key: str, **extra) -> dict:
        return {"field": field, "headerName": t(key, lang), **extra}

    return html.Div(className="admin", children=[
        dcc.Store(id="admin-lang", data=lang),
        dcc.Store(id="admin-refresh", data=0),
        # One answer line for every action on the page, kept in view while the page scrolls.
        html.Div(id="admin-message", className="message wide admin-message", role="status"),
        html.Section(className="panel", children=[
            html.H2(t("admin.users", lang)),
            _grid("admin-users", [col("username", "admin.col.username"), col("role", "admin.col.role"),
                                  col("state", "admin.col.state"), col("created", "admin.col.created")], lang),
            html.Div(className="action-buttons", children=[
                html.Button(t("admin.disable", lang), id="admin-disable", className="btn btn-small"),
                html.Button(t("admin.enable", lang), id="admin-enable", className="btn btn-small")]),
            html.P(t("admin.cli", lang), className="muted")]),
        html.Section(className="panel", children=[
            html.H2(t("admin.tokens", lang)),
            _grid("admin-tokens", [col("name", "admin.col.name"), col("created", "admin.col.created"),
                                   col("revoked", "admin.col.revoked")], lang),
            html.Button(t("admin.revoke", lang), id="admin-revoke", className="btn btn-small")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.thresholds", lang)), html.P(t("admin.thresholds.hint", lang), className="muted"),
            _grid("admin-thresholds", [col("name", "admin.col.rule", flex=3),
                                       col("value", "admin.col.value", editable=True, cellDataType="number"),
                                       col("minutes", "admin.col.minutes", editable=True, cellDataType="number"),
                                       col("enabled", "admin.col.enabled", editable=True, cellDataType="boolean"),
                                       col("takeover", "admin.col.takeover", editable=True, cellDataType="number")],
                  lang, "24vh")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.kpi_targets", lang)), html.P(t("admin.kpi_targets.hint", lang), className="muted"),
            _grid("admin-kpi-targets", [col("name", "admin.col.kpi", flex=3),
                                        col("target", "admin.col.target", editable=True, cellDataType="number"),
                                        col("amber", "admin.col.amber", editable=True, cellDataType="number"),
                                        col("better", "admin.col.better"), col("placeholder", "admin.col.placeholder"),
                                        col("updated", "admin.col.updated", flex=2)], lang, "30vh")]),
        units_panel(lang, col),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.feeds", lang)),
            _grid("admin-feeds", [col("feed", "admin.col.feed", flex=2), col("domain", "admin.col.domain"),
                                  col("every", "admin.col.every"), col("last_seen", "admin.col.last_seen"),
                                  col("received", "admin.col.received"), col("rejected", "admin.col.rejected"),
                                  col("state", "admin.col.state")], lang, "24vh")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.dead_letters", lang)),
            _grid("admin-dead-letters", [col("time", "admin.col.time"), col("channel", "admin.col.channel"),
                                         col("source", "admin.col.source"), col("reason", "admin.col.reason", flex=2),
                                         col("payload", "admin.col.payload", flex=3)], lang, "24vh")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.audit", lang)),
            html.Div(className="filter-bar", children=[
                dcc.Input(id="audit-actor", placeholder=t("admin.filter.actor", lang), className="text-input"),
                dcc.Input(id="audit-action", placeholder=t("admin.filter.action", lang), className="text-input"),
                dcc.Input(id="audit-target", placeholder=t("admin.filter.target", lang), className="text-input"),
                html.Div(className="filter", children=dropdown(lang,
                    id="audit-days", options=[{"label": t("admin.filter.last_days", lang, days=d), "value": d}
                                              for d in (1, 7, 30, 365)], value=7, clearable=False,
                    className="dropdown"))]),
            _grid("admin-audit", [col("time", "admin.col.time"), col("actor", "admin.filter.actor"),
                                  col("action", "admin.filter.action"), col("target", "admin.filter.target"),
                                  col("detail", "audit.col.detail", flex=4)],
                  lang, "40vh")]),
    ])


def units_panel(lang: str, col: Callable[..., dict]) -> html.Section:
    """Response units: name and phone edited in the grid, (de)activation of the selected row, a form to add one
    (the kind dropdown is filled by the callback from the city's kinds)."""
    def field(name: str, **extra) -> dcc.Input:
        return dcc.Input(id=f"admin-unit-{name}", placeholder=t(f"admin.unit.{name}", lang), className="text-input",
                         **extra)

    return html.Section(className="panel wide", children=[
        html.H2(t("admin.units", lang)), html.P(t("admin.units.hint", lang), className="muted"),
        _grid("admin-units", [col("code", "admin.col.code"), col("name", "admin.col.name", editable=True, flex=3),
                              col("kind", "admin.col.kind", flex=2), col("ward", "admin.col.ward", flex=2),
                              col("phone", "admin.col.phone", editable=True), col("state", "admin.col.state")],
              lang, "32vh", getRowId="params.data.code"),
        html.Div(className="action-buttons", children=[
            html.Button(t("admin.unit.deactivate", lang), id="admin-unit-deactivate", className="btn btn-small"),
            html.Button(t("admin.unit.activate", lang), id="admin-unit-activate", className="btn btn-small")]),
        html.H3(t("admin.unit.new", lang)),
        html.Div(className="filter-bar", children=[
            field("code", maxLength=32), field("name", maxLength=160),
            html.Div(className="filter", children=dropdown(lang,
                id="admin-unit-kind", options=[], placeholder=t("admin.unit.kind", lang), className="dropdown")),
            field("lat", type="number", step="any"), field("lon", type="number", step="any"),
            field("phone", maxLength=24)]),
        html.Button(t("admin.unit.add", lang), id="admin-unit-add", className="btn btn-small")])
