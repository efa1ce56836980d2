"""The admin page (pure builders): users, display tokens, alert thresholds (editable) and the audit trail."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from layouts.i18n import t
from layouts.incidents import local

GRID = {"className": "cityops-grid", "dashGridOptions": {"animateRows": False,
                                                                 "rowSelection": {"mode": "singleRow",
                                                                                  "checkboxes": False,
                                                                                  "enableClickSelection": True}},
        "defaultColDef": {"sortable": True, "resizable": True, "flex": 1}}


def _grid(grid_id: str, columns: list[dict], height: str = "28vh") -> dag.AgGrid:
    return dag.AgGrid(id=grid_id, columnDefs=columns, rowData=[], style={"height": height}, **GRID)


def user_rows(frame: pd.DataFrame, lang: str, zone) -> list[dict]:
    return [{"username": r["username"], "role": t(f"role.{r['role']}", lang),
             "state": t("admin.disabled" if r["disabled"] else "admin.active", lang),
             "disabled": bool(r["disabled"]), "created": local(r["created_at"], zone, "%d/%m/%Y %H:%M")}
            for r in frame.to_dict("records")]


def token_rows(frame: pd.DataFrame, zone) -> list[dict]:
    return [{"name": r["name"], "created": local(r["created_at"], zone, "%d/%m/%Y %H:%M"),
             "revoked": local(r["revoked_at"], zone, "%d/%m/%Y %H:%M")} for r in frame.to_dict("records")]


def threshold_rows(frame: pd.DataFrame) -> list[dict]:
    return [{"rule": r["rule"], "value": r["value"], "minutes": r["minutes"], "enabled": r["enabled"]}
            for r in frame.to_dict("records")]


def audit_rows(frame: pd.DataFrame, zone) -> list[dict]:
    return [{"time": local(r["ts"], zone, "%d/%m %H:%M:%S"), "actor": r["actor"], "action": r["action"],
             "target": r["target"], "before": r["before"] or "", "after": r["after"] or ""}
            for r in frame.to_dict("records")]


def feed_rows(frame: pd.DataFrame, lang: str, zone) -> list[dict]:
    """Feed health as the admin reads it: cadence, last seen, 24-hour counts and state in words."""
    return [{"feed": r["feed"], "domain": r["domain"],
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
        html.Section(className="panel", children=[
            html.H2(t("admin.users", lang)),
            _grid("admin-users", [col("username", "admin.col.username"), col("role", "admin.col.role"),
                                  col("state", "admin.col.state"), col("created", "admin.col.created")]),
            html.Div(className="action-buttons", children=[
                html.Button(t("admin.disable", lang), id="admin-disable", className="btn btn-small"),
                html.Button(t("admin.enable", lang), id="admin-enable", className="btn btn-small")]),
            html.P(t("admin.cli", lang), className="muted")]),
        html.Section(className="panel", children=[
            html.H2(t("admin.tokens", lang)),
            _grid("admin-tokens", [col("name", "admin.col.name"), col("created", "admin.col.created"),
                                   col("revoked", "admin.col.revoked")]),
            html.Button(t("admin.revoke", lang), id="admin-revoke", className="btn btn-small")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.thresholds", lang)), html.P(t("admin.thresholds.hint", lang), className="muted"),
            _grid("admin-thresholds", [col("rule", "admin.col.rule"),
                                       col("value", "admin.col.value", editable=True, cellDataType="number"),
                                       col("minutes", "admin.col.minutes", editable=True, cellDataType="number"),
                                       col("enabled", "admin.col.enabled", editable=True, cellDataType="boolean")],
                  "24vh")]),
        html.Div(id="admin-message", className="message wide", role="status"),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.feeds", lang)),
            _grid("admin-feeds", [col("feed", "admin.col.feed", flex=2), col("domain", "admin.col.domain"),
                                  col("every", "admin.col.every"), col("last_seen", "admin.col.last_seen"),
                                  col("received", "admin.col.received"), col("rejected", "admin.col.rejected"),
                                  col("state", "admin.col.state")], "24vh")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.dead_letters", lang)),
            _grid("admin-dead-letters", [col("time", "admin.col.time"), col("channel", "admin.col.channel"),
                                         col("source", "admin.col.source"), col("reason", "admin.col.reason", flex=2),
                                         col("payload", "admin.col.payload", flex=3)], "24vh")]),
        html.Section(className="panel wide", children=[
            html.H2(t("admin.audit", lang)),
            html.Div(className="filter-bar", children=[
                dcc.Input(id="audit-actor", placeholder=t("admin.filter.actor", lang), className="text-input"),
                dcc.Input(id="audit-action", placeholder=t("admin.filter.action", lang), className="text-input"),
                dcc.Input(id="audit-target", placeholder=t("admin.filter.target", lang), className="text-input"),
                dcc.Dropdown(id="audit-days", options=[{"label": f"{d} {t('admin.filter.days', lang)}", "value": d}
                                                       for d in (1, 7, 30, 365)], value=7, clearable=False,
                             className="dropdown")]),
            _grid("admin-audit", [col("time", "admin.col.time"), col("actor", "admin.filter.actor"),
                                  col("action", "admin.filter.action"), col("target", "admin.filter.target"),
                                  col("before", "admin.col.before", flex=2), col("after", "admin.col.after", flex=2)],
                  "40vh")]),
    ])
