"""Admin callbacks: list users/tokens/thresholds/audit entries, disable/enable users, revoke tokens, edit
thresholds. Every change goes through a store that writes an audit entry."""

from __future__ import annotations

from datetime import timedelta

from dash import Input, Output, State, callback, ctx, no_update

from api.security import ADMIN, current_principal, requires, user_store
from data.alerts import AlertError, AlertsProvider
from data.audit import AuditProvider
from data.db import utcnow
from data.services import get_services
from data.users import UserError
from layouts.admin import audit_rows, dead_letter_rows, feed_rows, threshold_rows, token_rows, user_rows
from layouts.i18n import t


@callback(Output("admin-users", "rowData"), Output("admin-tokens", "rowData"), Output("admin-thresholds", "rowData"),
          Input("admin-refresh", "data"), State("admin-lang", "data"))
def show_admin(_refresh, lang):
    services = get_services()
    store = user_store()
    return (user_rows(store.users(), lang, services.zone), token_rows(store.display_tokens(), services.zone),
            threshold_rows(AlertsProvider(services).thresholds()))


@callback(Output("admin-feeds", "rowData"), Output("admin-dead-letters", "rowData"),
          Input("admin-refresh", "data"), Input("live-versions", "data"), State("admin-lang", "data"))
def show_feeds(_refresh, _live, lang):
    services = get_services()
    return (feed_rows(services.feeds.status(), lang, services.zone),
            dead_letter_rows(services.feeds.dead_letters(), services.zone))


@callback(Output("admin-audit", "rowData"), Input("admin-refresh", "data"), Input("audit-actor", "value"),
          Input("audit-action", "value"), Input("audit-target", "value"), Input("audit-days", "value"))
def show_audit(_refresh, actor, action, target, days):
    services = get_services()
    frame = AuditProvider(services.engines.main).entries(start=utcnow() - timedelta(days=days or 7),
                                                         actor=actor or None, action=action or None,
                                                         target=target or None)
    return audit_rows(frame, services.zone)


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
            row = changed[0]["data"]
            AlertsProvider(get_services()).set_threshold(row["rule"], float(row["value"]), int(row["minutes"]),
                                                         bool(row["enabled"]), actor)
    except (UserError, AlertError, TypeError, ValueError) as exc:
        return t("inc.action.refused", lang, error=str(exc)), (refresh or 0) + 1
    return t("admin.saved", lang), (refresh or 0) + 1
