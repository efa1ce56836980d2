"""The pages (Dash Pages): each module registers its path, roles and layout."""

from __future__ import annotations

import dash

from api.access import current_connection
from layouts.i18n import lang_from_search, normalise_lang, t


def asked_lang() -> str:
    """The language the page was asked in (`?lang=`): from the pages router's callback while navigating, else
    from the request for the first HTML."""
    try:
        search = dash.ctx.inputs.get("_pages_location.search")
    except dash.exceptions.MissingCallbackContextException:
        connection = current_connection()
        return normalise_lang(connection.query_params.get("lang") if connection is not None else None)
    return lang_from_search(search)


def titled(key: str):
    """A page's browser-tab title from the catalog, in the language the page was asked in."""
    def title(**_path_variables) -> str:
        return t(key, asked_lang())

    return title
