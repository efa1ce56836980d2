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


def test_local_times_read_in_the_city_zone_and_missing_ones_are_marked():
    from datetime import UTC, datetime

    import pandas as pd

    from layouts.formats import local_time

    assert local_time(datetime(2026, 11, 30, 17, 5, tzinfo=UTC), "Asia/Ho_Chi_Minh", "%d/%m %H:%M") == "01/12 00:05"
    assert local_time(pd.Timestamp("2026-11-30T17:05Z"), "Asia/Ho_Chi_Minh") == "00:05"
    for missing in (None, pd.NaT, float("nan")):
        assert local_time(missing, "Asia/Ho_Chi_Minh") == "–" and local_time(missing, "Asia/Ho_Chi_Minh", missing="") == ""
