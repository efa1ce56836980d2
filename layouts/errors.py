"""Error pages in the app's style and the page's language: the server-rendered 401/403 answers of the access
guard (no Dash renderer) and the Dash page shown for an unknown address."""

from __future__ import annotations

from html import escape

from dash import dcc, html

from layouts.i18n import t


def error_html(status: int, lang: str, path: str = "/") -> str:
    """The whole page for `status` (401 display token refused, 403 role refused, 404), with the way back."""
    other = "en" if lang == "vi" else "vi"
    title, body = t(f"error.{status}.title", lang), t(f"error.{status}.body", lang)
    suffix = "" if lang == "vi" else f"?lang={lang}"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – CityOps</title>
<link rel="stylesheet" href="/assets/cityops.css"><link rel="stylesheet" href="/assets/command.css"></head>
<body class="login-body"><main class="login-card error-card" id="error-page" data-status="{status}">
<div class="brand"><span class="brand-name">CityOps</span><span class="brand-city">{escape(t("app.city", lang))}</span></div>
<p class="error-code">{status}</p>
<h1 id="error-title">{escape(title)}</h1>
<p class="login-note" id="error-body">{escape(body)}</p>
<p class="error-links"><a class="btn btn-primary" href="/{suffix}">{escape(t("error.home", lang))}</a>
<a class="btn" href="/logout">{escape(t("error.logout", lang))}</a></p>
<a class="lang-switch" href="{escape(path)}?lang={other}">{escape(t("lang.switch", lang))}</a>
</main></body></html>"""


def not_found(lang: str) -> html.Main:
    """The Dash page for an address no page has (inside the shell, so the navigation stays)."""
    suffix = "" if lang == "vi" else f"?lang={lang}"
    return html.Main(className="error-card error-page", id="error-page", **{"data-status": "404"}, children=[
        html.P("404", className="error-code"),
        html.H1(t("error.404.title", lang), id="error-title"),
        html.P(t("error.404.body", lang), className="login-note", id="error-body"),
        html.P(className="error-links", children=[
            dcc.Link(t("error.home", lang), href="/" + suffix, className="btn btn-primary")]),
    ])


def loading_html(lang: str) -> str:
    """What the page shows until the Dash renderer has drawn it (instead of Dash's English "Loading...")."""
    return (f'<div id="react-entry-point"><div class="_dash-loading app-loading" role="status">'
            f'<span class="app-loading-spinner" aria-hidden="true"></span>{escape(t("app.loading", lang))}</div></div>')
