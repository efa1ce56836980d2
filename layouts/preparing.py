"""The page a browser gets while the server prepares its data (first start: migrations and the seeded demo
history): plain HTML that reloads itself every two seconds and becomes the app when the data is ready."""

from __future__ import annotations

from html import escape

from layouts.i18n import t


def preparing_html(lang: str, stage: str, progress: float, error: str | None) -> str:
    """`stage` is "migrate", "seed" or "failed"; `progress` the seeded share 0..1."""
    other = "en" if lang == "vi" else "vi"
    percent = round(100 * progress)
    if stage == "failed":
        body = f'<p class="login-error" role="alert">{escape(t("preparing.failed", lang, error=error or ""))}</p>'
        refresh = ""
    else:
        label = t("preparing.seed", lang, percent=percent) if stage == "seed" else t("preparing.migrate", lang)
        body = (f'<p id="preparing-stage">{escape(label)}</p>'
                f'<progress id="preparing-progress" max="100" value="{percent}">{percent} %</progress>'
                f'<p class="login-note">{escape(t("preparing.note", lang))}</p>')
        refresh = '<meta http-equiv="refresh" content="2">'
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">{refresh}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t("preparing.title", lang))} – CityOps</title>
<link rel="stylesheet" href="/assets/cityops.css"><link rel="stylesheet" href="/assets/command.css"></head>
<body class="login-body"><main class="login-card preparing-card">
<div class="brand"><span class="brand-name">CityOps</span><span class="brand-city">{escape(t("app.city", lang))}</span></div>
<h1>{escape(t("preparing.title", lang))}</h1>{body}
<a class="lang-switch" href="?lang={other}">{escape(t("lang.switch", lang))}</a>
</main></body></html>"""
