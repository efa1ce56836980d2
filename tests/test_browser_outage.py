"""The wall through a database outage, in headless Chromium against the real app on PostgreSQL: the database
becomes unreachable (a proxy drops every connection), the wall keeps its last data under a "data unavailable
since HH:MM" banner, and when the database is back it recovers by itself and shows what is new."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pytest
from conftest import PG_URL, _pg_available, dash_prop, need_service, screenshot, wait_for
from live_server import LiveServer
from tcp_proxy import TcpProxy

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.process]


@pytest.fixture(scope="module")
def database():
    """A database of its own on the test PostgreSQL server, dropped afterwards."""
    need_service(_pg_available(), "PostgreSQL at 127.0.0.1:5432")
    import psycopg

    name = f"cityops_outage_{uuid.uuid4().hex[:8]}"
    admin_url = PG_URL.replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def proxied(database, tmp_path_factory):
    proxy = TcpProxy(("127.0.0.1", 5432)).start()
    url = f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{database}"
    # A keepalive every 2 s: the outage lasts through several of them.
    live = LiveServer(tmp_path_factory.mktemp("outage"), CITYOPS_DATABASE_URL=url, CITYOPS_KEEPALIVE_S="2").start()
    yield live, proxy, url
    proxy.restore()  # let the server shut down cleanly
    live.stop()
    proxy.cut()


def write_incident(url: str, title: str) -> None:
    from data.ingest.write_path import WritePath
    from data.store.settings import Settings
    from data.wiring.services import Services

    services = Services.create(Settings(database_url=url, demo=False, _env_file=None))
    try:
        ward = services.pack.wards.iloc[0].geometry.representative_point()
        result = WritePath(services.engines, services.registry).write("incidents", [{
            "external_id": f"OUTAGE-{time.time_ns()}", "source": "hotline", "category": "giao_thong", "severity": 3,
            "title": title, "lat": ward.y, "lon": ward.x, "reported_at": datetime.now(UTC).isoformat()}],
            feed="test/outage")
    finally:
        services.engines.dispose()
    assert result.accepted == 1, result


def push_state(dash_duo) -> str:
    """What the push loop last sent this page: the versions message and the keepalive."""
    return repr([dash_prop(dash_duo.driver, store, "data") for store in ("live-versions", "live-heartbeat")])


def banner(dash_duo) -> str | None:
    """The outage banner's text while it is shown, else None."""
    return dash_duo.driver.execute_script(
        "const b = document.querySelector('#wall-unavailable'); return b && !b.hidden ? b.textContent : null;")


def test_outage001_wall_keeps_last_data_and_recovers(dash_duo, proxied):
    server, proxy, url = proxied
    token = server.display_token("outage wall")
    dash_duo.driver.get(f"{server.url}/wall?scenes=overview&takeover=0&token={token}")
    wait_for(lambda: dash_duo.find_element("#wall-kpi-incidents-value").text not in ("", "–"), 40,
             "the wall never showed data")
    dash_duo.wait_for_element("#wall-ticker li", timeout=30)

    cut_at = datetime.now(UTC)
    log_at_cut = len(server.log())
    proxy.cut()
    text = wait_for(lambda: banner(dash_duo), 30, "no outage banner while the database was unreachable")
    # What the wall shows once it knows of the outage (a write committed just before the cut may still have
    # reached it until then).
    shown = {k: dash_duo.find_element(f"#wall-kpi-{k}-value").text for k in ("traffic", "environment", "incidents", "cameras")}
    ticker = dash_duo.find_element("#wall-ticker").text
    assert "Mất kết nối dữ liệu từ" in text
    hours = {f"{(t.hour + 7) % 24:02d}:" for t in (cut_at, datetime.now(UTC))}  # since HH:MM, Asia/Ho_Chi_Minh
    assert any(h in text for h in hours), text

    # Nothing on screen may go blank: a bounded observation window, through three failed simulator ticks and two
    # wake-ups of the wall's callbacks by the push loop (keepalives, every 2 s here).
    wakes = {push_state(dash_duo)}
    since = dash_prop(dash_duo.driver, "live-versions", "data")["unavailable_since"]

    def still_shown_through_ticks_and_wakes() -> bool:
        assert {k: dash_duo.find_element(f"#wall-kpi-{k}-value").text for k in shown} == shown
        assert dash_duo.find_element("#wall-ticker").text == ticker
        assert dash_prop(dash_duo.driver, "live-versions", "data")["unavailable_since"] == since  # one outage
        wakes.add(push_state(dash_duo))
        return server.log()[log_at_cut:].count("simulator tick failed") >= 3 and len(wakes) > 2

    wait_for(still_shown_through_ticks_and_wakes, 40, "no simulator ticks or pushes during the outage")
    assert screenshot(dash_duo.driver, "wall_outage").exists()

    proxy.restore()
    wait_for(lambda: banner(dash_duo) is None, 40, "the banner stayed after the database came back")
    title = f"Sau sự cố mất kết nối {uuid.uuid4().hex[:6]}"
    write_incident(url, title)
    dash_duo.wait_for_contains_text("#wall-ticker", title, timeout=30)
    assert [e for e in dash_duo.get_logs() if e.get("level") == "SEVERE"] == []
