"""Shell callbacks: navigation and language from the URL, the data-unavailable banner, the clock."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs

import dash
from dash import Input, Output, State, callback, clientside_callback

from data.services import get_services
from layouts.i18n import normalise_lang, t
from layouts.shell import lang_switch, nav_links


def lang_from_search(search: str | None) -> str:
    values = parse_qs((search or "").lstrip("?")).get("lang", [None])
    return normalise_lang(values[0])


@callback(Output("shell-nav", "children"), Output("lang-switch-holder", "children"), Output("lang", "data"),
          Output("sim-badge", "children"), Output("live-state", "children"),
          Input("url", "pathname"), Input("url", "search"))
def update_shell(pathname: str | None, search: str | None):
    lang = lang_from_search(search)
    pages = list(dash.page_registry.values())
    return (nav_links(pages, lang, pathname), lang_switch(lang, pathname), lang,
            t("badge.simulated", lang), t("live.connected", lang))


@callback(Output("unavailable-banner", "children"), Output("unavailable-banner", "hidden"),
          Input("live-versions", "data"), State("lang", "data"))
def update_banner(live: dict | None, lang: str | None):
    if not live or live.get("available", True):
        return "", True
    since = live.get("unavailable_since")
    local = datetime.fromtimestamp(since, get_services().zone).strftime("%H:%M") if since else "?"
    return t("live.unavailable", lang, since=local), False


clientside_callback(
    """
    function(_n, lang) {
        const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
            timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit',
            weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric'});
        return fmt.format(new Date());
    }
    """,
    Output("clock", "children"),
    Input("clock-tick", "n_intervals"),
    State("lang", "data"),
)
