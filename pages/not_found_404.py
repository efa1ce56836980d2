"""The page Dash Pages shows for an address no page has: styled and in the page's language."""

import dash

from layouts.errors import not_found
from layouts.i18n import normalise_lang, t

dash.register_page(__name__, title=t("error.404.title", "vi"))


def layout(lang: str | None = None, **_query):
    return not_found(normalise_lang(lang))
