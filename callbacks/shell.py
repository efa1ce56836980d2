"""Shell callbacks: navigation and language from the URL, the data-unavailable banner, the clock."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback

from api.access import current_principal
from data.wiring.services import get_services
from layouts.i18n import lang_from_search, pack_name, pack_text, t
from layouts.shell import lang_switch, nav_links, shell_class, user_menu


@callback(Output("shell-nav", "children"), Output("lang-switch-holder", "children"), Output("lang", "data"),
          Output("sim-badge", "children"), Output("sim-badge", "title"), Output("live-state", "children"),
          Output("shell-user", "children"),
          Output("about-data", "children"), Output("brand-city", "children"), Input("url", "pathname"),
          Input("url", "search"))
def update_shell(pathname: str | None, search: str | None):
    lang = lang_from_search(search)
    pages = list(dash.page_registry.values())
    principal = current_principal()  # the access guard has already refused anonymous requests
    role = principal.role if principal else "anonymous"
    pack = get_services().pack
    return (nav_links(pages, lang, pathname, role), lang_switch(lang, pathname), lang,
            t("badge.simulated", lang), t("badge.simulated.title", lang), t("live.connected", lang),
            user_menu(principal.name, principal.role, lang) if principal else None,
            pack_text(pack, "about_data", lang), pack_name(pack, lang))


@callback(Output("shell", "className"), Input("url", "pathname"))
def update_chrome(pathname: str | None) -> str:
    return shell_class(list(dash.page_registry.values()), pathname)


# Worded in the browser: a push changes the versions often, and the banner needs no server to show them.
clientside_callback(
    ClientsideFunction("cityops", "shellUnavailable"),
    Output("unavailable-banner", "children"), Output("unavailable-banner", "hidden"),
    Input("live-versions", "data"), State("lang", "data"), State("shell-banner-words", "data"),
)


clientside_callback(
    ClientsideFunction("cityops", "shellClock"),
    Output("clock", "children"),
    Input("clock-tick", "n_intervals"),
    State("lang", "data"),
)
