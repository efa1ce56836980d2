"""The string catalog: every UI string in Vietnamese (first) and English. Language is per request.

Strings live in `layouts/strings/<feature>.py` modules (a `STRINGS` dict each), merged here.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from urllib.parse import parse_qs

from layouts import strings

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

def _load_catalog() -> dict[str, dict[str, str]]:
    """Merge every `layouts/strings/<feature>.py` module's STRINGS; a key defined twice is an error."""
    catalog: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(strings.__path__):
        entries = importlib.import_module(f"{strings.__name__}.{module.name}").STRINGS
        for key, texts in entries.items():
            if key in catalog:
                raise ValueError(f"string {key!r} is defined twice (layouts/strings/{module.name}.py)")
            if set(texts) != set(LANGS):
                raise ValueError(f"string {key!r} must have exactly {LANGS}")
            catalog[key] = texts
    return catalog


CATALOG = _load_catalog()


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def lang_from_search(search: str | None) -> str:
    """The language a page's query string (`?lang=…`) asks for."""
    return normalise_lang(parse_qs((search or "").lstrip("?")).get("lang", [None])[0])


def pack_text(pack, key: str, lang: str | None) -> str:
    """A city pack's own text in `lang` (pack.json `key`: {"vi": ..., "en": ...}); empty when the pack has none."""
    texts = pack.meta.get(key) or {}
    return texts.get(normalise_lang(lang)) or texts.get(DEFAULT_LANG, "")


def pack_name(pack, lang: str | None) -> str:
    """The city pack's own name in `lang` (pack.json `name_vi` / `name_en`), else the catalog's `app.city`."""
    return pack.meta.get(f"name_{normalise_lang(lang)}") or pack.meta.get("name_vi") or t("app.city", lang)


class _CatalogFormatter(string.Formatter):
    """`str.format` plus plural forms: `{n:segment|segments}` is the first word when n == 1, else the second
    (English needs it; Vietnamese nouns do not change with the number)."""

    def format_field(self, value, format_spec: str):
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            try:
                return one if float(value) == 1 else other
            except (TypeError, ValueError):
                return other
        return super().format_field(value, format_spec)


_FORMATTER = _CatalogFormatter()


def t(key: str, lang: str | None = DEFAULT_LANG, **values) -> str:
    """The catalog string for `key` in `lang`, formatted with `values` (plural forms as `{n:one|other}`).
    Unknown keys fail loudly."""
    text = CATALOG[key][normalise_lang(lang)]
    return _FORMATTER.format(text, **values) if values else text


def t_or(key: str, lang: str | None, fallback: str) -> str:
    """The catalog string for `key`, or `fallback` when the catalog has none (e.g. another city's codes)."""
    return t(key, lang) if key in CATALOG else fallback


def dropdown(lang: str | None, **props):
    """A dcc.Dropdown whose own words (select all, "N selected", search, no options) are in the page's language."""
    from dash import dcc

    labels = {key.removeprefix("dropdown."): t(key, lang) for key in CATALOG if key.startswith("dropdown.")}
    return dcc.Dropdown(labels=labels, **props)


def grid_locale(lang: str | None, **overrides: str) -> dict[str, str]:
    """AG Grid's own words (an empty grid, the column filters, the pager) from the catalog, for a grid's
    `localeText`; `overrides` word a grid's own case (e.g. its empty text)."""
    return {**{key.removeprefix("grid.locale."): t(key, lang) for key in CATALOG if key.startswith("grid.locale.")},
            **overrides}
