"""`/admin` — users, display tokens, alert thresholds and the audit trail (admins only)."""

import dash

from layouts.admin import page
from layouts.i18n import normalise_lang
from pages import titled

dash.register_page(__name__, path="/admin", order=80, nav_key="nav.admin", role=("admin",), grid=True,
                   title=titled("nav.admin"))


def layout(lang: str | None = None, **_query):
    return page(normalise_lang(lang))
