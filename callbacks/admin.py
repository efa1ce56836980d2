"""Admin callbacks: list users/tokens/thresholds/response units/audit entries, disable/enable users, revoke
tokens, edit thresholds and the KPI board's targets, add/edit/(de)activate response units. Every change goes through a store that writes an
audit entry."""

from __future__ import annotations

from datetime import timedelta

from dash import Input, Output, State, callback, ctx, no_update

from api.access import ADMIN, current_principal, refuse_request, requires, user_store
from data.commands.kpi_targets import KpiTargets
from data.commands.units import ResponseUnits
from data.ingest.audit import AuditProvider
from data.providers.alerts import AlertsProvider
from data.rules.refusals import Refusal
from data.store.db import utcnow
from data.wiring.services import get_services
from layouts.admin import (
    audit_rows,
    dead_letter_rows,
    feed_rows,
    kind_options,
    kpi_target_rows,
    threshold_rows,
    token_rows,
    unit_rows,
    user_rows,
)
from layouts.i18n import t
from layouts.refusals import refusal_text


@callback(Output("admin-users", "rowData"), Output("admin-tokens", "rowData"), Output("admin-thresholds", "rowData"),
          Input("admin-refresh", "data"), State("admin-lang", "data"))
def show_admin(_refresh, lang):
    services = get_services()
    store = user_store()
    return (user_rows(store.users(), lang, services.zone), token_rows(store.display_tokens(), services.zone),
            threshold_rows(AlertsProvider.from_services(services).thresholds(), lang))


@callback(Output("admin-feeds", "rowData"), Output("admin-dead-letters", "rowData"),
          Input("admin-refresh", "data"), Input("live-versions", "data"), State("admin-lang", "data"))
def show_feeds(_refresh, _live, lang):
    services = get_services()
    return (feed_rows(services.feeds.status(), lang, services.zone),
            dead_letter_rows(services.feeds.dead_letters(), services.zone))


@callback(Output("admin-audit", "rowData"), Input("admin-refresh", "data"), Input("audit-actor", "value"),
          Input("audit-action", "value"), Input("audit-target", "value"), Input("audit-days", "value"),
          State("admin-lang", "data"))
def show_audit(_refresh, actor, action, target, days, lang):
    services = get_services()
    frame = AuditProvider(services.engines.main).entries(start=utcnow() - timedelta(days=days or 7),
                                                         actor=actor or None, action=action or None,
                                                         target=target or None)
    return audit_rows(frame, services.zone, lang)


@callback(Output("admin-message", "children"), Output("admin-refresh", "data"),
          Input("admin-disable", "n_clicks"), Input("admin-enable", "n_clicks"), Input("admin-revoke", "n_clicks"),
          Input("admin-thresholds", "cellValueChanged"),
          State("admin-users", "selectedRows"), State("admin-tokens", "selectedRows"),
          State("admin-refresh", "data"), State("admin-lang", "data"), prevent_initial_call=True)
@requires(*ADMIN)
def admin_action(_disable, _enable, _revoke, changed, users, tokens, refresh, lang):
    actor = current_principal().name
    try:
        if ctx.triggered_id in ("admin-disable", "admin-enable"):
            if not users:
                return no_update, no_update
            user_store().set_disabled(users[0]["username"], ctx.triggered_id == "admin-disable", actor)
        elif ctx.triggered_id == "admin-revoke":
            if not tokens:
                return no_update, no_update
            user_store().revoke_display_token(tokens[0]["name"], actor)
        else:
            row, _column, _value = edited_cell(changed)
            AlertsProvider.from_services(get_services()).set_threshold(
                row.get("rule"), row.get("value"), row.get("minutes"), bool(row.get("enabled")), actor,
                takeover=row.get("takeover"))
    except Refusal as exc:
        return refusal_text(exc, lang), (refresh or 0) + 1
    return t("admin.saved", lang), (refresh or 0) + 1


@callback(Output("admin-kpi-targets", "rowData"), Input("admin-refresh", "data"), State("admin-lang", "data"))
def show_kpi_targets(_refresh, lang):
    services = get_services()
    return kpi_target_rows(KpiTargets(services.engines).list(), services.indicators.catalogue(), lang, services.zone)


@callback(Output("admin-message", "children", allow_duplicate=True),
          Output("admin-refresh", "data", allow_duplicate=True),
          Input("admin-kpi-targets", "cellValueChanged"), State("admin-refresh", "data"), State("admin-lang", "data"),
          prevent_initial_call=True)
@requires(*ADMIN)
def kpi_target_action(changed, refresh, lang):
    row, _column, _value = edited_cell(changed)
    try:
        KpiTargets(get_services().engines).set(row.get("code"), row.get("target"), row.get("amber"),
                                               current_principal().name)
    except Refusal as exc:
        return refusal_text(exc, lang), (refresh or 0) + 1
    return t("admin.saved", lang), (refresh or 0) + 1


def edited_cell(changed) -> tuple[dict, str, object]:
    """The row, column and new value of a grid's `cellValueChanged`; 400 for anything a grid does not send."""
    try:
        cell = changed[0]
        return dict(cell["data"]), str(cell["colId"]), cell["value"]
    except (TypeError, ValueError, KeyError, IndexError):
        refuse_request("not a grid cell change")


@callback(Output("admin-units", "rowData"), Output("admin-unit-kind", "options"),
          Input("admin-refresh", "data"), State("admin-lang", "data"))
def show_units(_refresh, lang):
    services = get_services()
    units = ResponseUnits.from_services(services)
    return unit_rows(units.list(), lang, services.pack.unit_names("ward")), kind_options(units.kinds, lang)


@callback(Output("admin-message", "children", allow_duplicate=True),
          Output("admin-refresh", "data", allow_duplicate=True),
          Input("admin-unit-deactivate", "n_clicks"), Input("admin-unit-activate", "n_clicks"),
          Input("admin-unit-add", "n_clicks"), Input("admin-units", "cellValueChanged"),
          State("admin-units", "selectedRows"), State("admin-unit-code", "value"), State("admin-unit-name", "value"),
          State("admin-unit-kind", "value"), State("admin-unit-lat", "value"), State("admin-unit-lon", "value"),
          State("admin-unit-phone", "value"), State("admin-refresh", "data"), State("admin-lang", "data"),
          prevent_initial_call=True)
@requires(*ADMIN)
def unit_action(_deactivate, _activate, _add, changed, selected, code, name, kind, lat, lon, phone, refresh, lang):
    units = ResponseUnits.from_services(get_services())
    actor = current_principal().name
    unchanged = t("admin.unit.unchanged", lang)
    try:
        if ctx.triggered_id == "admin-unit-add":
            message = t("admin.unit.added", lang, code=units.add(code, name, kind, lon, lat, phone, actor))
        elif ctx.triggered_id == "admin-units":
            row, column, value = edited_cell(changed)
            done = units.update(row.get("code"), actor, **{column: value})
            message = t("admin.saved", lang) if done else unchanged
        elif selected:
            done = units.set_active(selected[0]["code"], ctx.triggered_id == "admin-unit-activate", actor)
            message = t("admin.saved", lang) if done else unchanged
        else:
            return no_update, no_update
    except Refusal as exc:
        message = refusal_text(exc, lang)
    return message, (refresh or 0) + 1
