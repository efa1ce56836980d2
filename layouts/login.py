"""The login page: plain server-rendered HTML (no Dash renderer, no callbacks, works before a session exists)."""

from __future__ import annotations

from html import escape

from layouts.i18n import t


def login_html(lang: str, next_url: str, error: str | None, simulated: bool) -> str:
    """The whole page; `error` is a catalog key or None."""
    other = "en" if lang == "vi" else "vi"
    message = f'<p class="login-error" id="login-error" role="alert">{escape(t(error, lang))}</p>' if error else ""
    badge = (f'<span class="badge badge-sim">{escape(t("badge.simulated", lang))}</span>' if simulated else "")
    demo = f'<p class="login-note" id="login-demo">{escape(t("login.demo_account", lang))}</p>' if simulated else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t("login.title", lang))} – CityOps</title>
<link rel="stylesheet" href="/assets/cityops.css"><link rel="stylesheet" href="/assets/command.css"></head>
<body class="login-body"><main class="login-card">
<div class="brand"><span class="brand-name">CityOps</span><span class="brand-city">{escape(t("app.city", lang))}</span></div>
<h1>{escape(t("login.title", lang))}</h1>{badge}{message}
<form method="post" action="/login" class="login-form">
<input type="hidden" name="next" value="{escape(next_url)}"><input type="hidden" name="lang" value="{lang}">
<label for="username">{escape(t("login.username", lang))}</label>
<input id="username" name="username" autocomplete="username" required autofocus maxlength="64">
<label for="password">{escape(t("login.password", lang))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
<button type="submit" id="login-submit">{escape(t("login.submit", lang))}</button>
</form>
<p class="login-note" id="login-no-account">{escape(t("login.no_account", lang))}</p>{demo}
<p class="login-note">{escape(t("login.display_note", lang))}</p>
<a class="lang-switch" href="/login?lang={other}&amp;next={escape(next_url)}">{escape(t("lang.switch", lang))}</a>
</main></body></html>"""
