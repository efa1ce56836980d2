"""The string catalog: every UI string in Vietnamese (first) and English. Language is per request.

Strings live in `layouts/strings/<feature>.py` modules (a `STRINGS` dict each), merged here.
"""

from __future__ import annotations

import importlib
import pkgutil

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


def pack_text(pack, key: str, lang: str | None) -> str:
    """A city pack's own text in `lang` (pack.json `key`: {"vi": ..., "en": ...}); empty when the pack has none."""
    texts = pack.meta.get(key) or {}
    return texts.get(normalise_lang(lang)) or texts.get(DEFAULT_LANG, "")


def pack_name(pack, lang: str | None) -> str:
    """The city pack's own name in `lang` (pack.json `name_vi` / `name_en`), else the catalog's `app.city`."""
    return pack.meta.get(f"name_{normalise_lang(lang)}") or pack.meta.get("name_vi") or t("app.city", lang)


def t(key: str, lang: str | None = DEFAULT_LANG, **values) -> str:
    """The catalog string for `key` in `lang`, formatted with `values`. Unknown keys fail loudly."""
    text = CATALOG[key][normalise_lang(lang)]
    return text.format(**values) if values else text


def t_or(key: str, lang: str | None, fallback: str) -> str:
    """The catalog string for `key`, or `fallback` when the catalog has none (e.g. another city's codes)."""
    return t(key, lang) if key in CATALOG else fallback
