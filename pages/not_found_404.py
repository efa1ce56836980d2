"""The page Dash Pages shows for an address no page has: styled and in the page's language."""

import dash

from layouts.errors import not_found
from layouts.i18n import normalise_lang
from pages import titled

dash.register_page(__name__, title=titled("error.404.title"))


def layout(lang: str | None = None, **_query):
    return not_found(normalise_lang(lang))
