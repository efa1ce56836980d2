"""Every page's layout builds, in both languages, with the city pack's texts (fast: no browser, no server)."""

from __future__ import annotations

import pytest
from conftest import installed


@pytest.fixture(scope="module")
def registry():
    import dash

    import app  # noqa: F401 - registers the pages

    return dict(dash.page_registry)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_layout_builds(registry, db_services, lang):
    with installed(db_services):
        for page in registry.values():
            layout = page["layout"](lang=lang) if callable(page["layout"]) else page["layout"]
            assert layout is not None, page["path"]
            if page["path"] in ("/", "/wall"):
                assert db_services.pack.meta["map_note"][lang] in str(layout), page["path"]
