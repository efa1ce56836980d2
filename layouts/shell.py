"""The page shell: header with city, navigation, live state, simulated-data badge, clock and language."""

from __future__ import annotations

from dash import dcc, html

from data.domains import domain_names
from layouts import ids
from layouts.i18n import t


def nav_links(pages: list[dict], lang: str, pathname: str | None, role: str | None = None) -> list:
    """Links from the page registry (`order` sorts them; `nav_key` names them in the catalog); with a role,
    only the pages whose `role=` admits it (None: public)."""
    pages = [p for p in pages if role is None or p.get("role") is None or role in p["role"]]
    suffix = "" if lang == "vi" else f"?lang={lang}"
    # A page with a grid (grid=True) is loaded in full: pages without one are served without the AG Grid bundle.
    return [dcc.Link(t(page["nav_key"], lang), href=page["relative_path"] + suffix, refresh=bool(page.get("grid")),
                     className="nav-link active" if page["relative_path"] == (pathname or "/") else "nav-link")
            for page in sorted((p for p in pages if p.get("nav_key")), key=lambda p: p.get("order") or 0)]


def lang_switch(lang: str, pathname: str | None) -> dcc.Link:
    other = "en" if lang == "vi" else "vi"
    return dcc.Link(t("lang.switch", lang), href=f"{pathname or '/'}?lang={other}", id="lang-switch",
                    className="lang-switch", refresh=True)


def header(lang: str, simulated: bool) -> html.Header:
    return html.Header(className="shell-header", children=[
        html.Div(className="brand", children=[
            html.Span("CityOps", className="brand-name"),
            html.Span(t("app.city", lang), id="brand-city", className="brand-city"),
        ]),
        html.Nav(id="shell-nav", className="shell-nav"),
        html.Div(className="shell-status", children=[
            html.Span(t("badge.simulated", lang), id="sim-badge", title=t("badge.simulated.title", lang),
                      className="badge badge-sim", hidden=not simulated),
            html.Span(t("live.connected", lang), id="live-state", className="badge badge-live"),
            html.Span(id="clock", className="clock"),
            html.Span(id="lang-switch-holder"),
            html.Span(id="shell-user", className="shell-user"),
        ]),
    ])


def shell_class(pages: list[dict], pathname: str | None) -> str:
    """"shell", or "shell shell-bare" (no header, nav or shell banner) for pages registered with chrome=False."""
    page = next((p for p in pages if p["relative_path"] == (pathname or "/")), None)
    return "shell shell-bare" if page is not None and page.get("chrome", True) is False else "shell"


def shell(lang: str, simulated: bool, page_container, zone: str = "Asia/Ho_Chi_Minh") -> html.Div:
    return html.Div(id="shell", className="shell", children=[
        dcc.Location(id="url"),
        dcc.Store(id="lang", data=lang),
        # What the browser needs to word the "data unavailable since HH:MM" banner itself on every push.
        dcc.Store(id="shell-banner-words", data={"zone": zone, "unavailable": {
            code: t("live.unavailable", code, since="{since}") for code in ("vi", "en")}}),
        dcc.Store(id="live-versions"),
        dcc.Store(id="live-heartbeat"),
        dcc.Store(id="live-access"),
        *[dcc.Store(id=ids.live(domain)) for domain in domain_names()],
        dcc.Interval(id="clock-tick", interval=1000),
        header(lang, simulated),
        html.Div(id="unavailable-banner", className="banner banner-error", hidden=True),
        html.Main(page_container, className="shell-main"),
        html.Footer(id="about-data", className="about-data"),
    ])


def user_menu(name: str, role: str, lang: str) -> list:
    return [html.Span(f"{name} · {t('role.' + role, lang)}", id="user-name", className="user-name"),
            html.A(t("user.logout", lang), href="/logout", id="logout", className="logout")]
