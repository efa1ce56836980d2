"""A page left quiet for longer than the WebSocket inactivity timeout still receives the next change."""

from __future__ import annotations

import pytest
from conftest import dash_prop, wait_for
from live_server import LiveServer
from test_browser_overview import PASSWORD, login, open_count, write_incident

pytestmark = [pytest.mark.browser, pytest.mark.process]


def test_quiet001_keepalive_outlives_inactivity_timeout(dash_duo, tmp_path):
    # No simulator: nothing changes unless the test writes. The browser would close an idle socket after 3 s.
    server = LiveServer(tmp_path, CITYOPS_DEMO="false", CITYOPS_WS_INACTIVITY_TIMEOUT_S="3",
                        CITYOPS_WS_HEARTBEAT_S="1", CITYOPS_KEEPALIVE_S="1").start()
    server.add_user("leader1", "leader", PASSWORD)
    try:
        login(dash_duo, server, "/")
        wait_for(lambda: open_count(dash_duo) == 0, 30, "the incident card never showed 0")
        # Quiet for over three inactivity timeouts but for the keepalive: until a keepalive sent ten seconds after
        # the first one seen has arrived, with no sign of the socket closing on the way.
        first = wait_for(lambda: dash_prop(dash_duo.driver, "live-heartbeat", "data"), 10, "no keepalive arrived")
        messages: list[str] = []

        def quiet_spell_over() -> bool:
            messages.extend(entry["message"] for entry in dash_duo.driver.get_log("browser"))
            closed = [m for m in messages if "Inactivity timeout" in m or "WebSocket disconnected" in m]
            assert not closed, closed
            return dash_prop(dash_duo.driver, "live-heartbeat", "data") >= first + 10

        wait_for(quiet_spell_over, 30, "the keepalives stopped arriving")
        write_incident(server, "QUIET-1")
        wait_for(lambda: open_count(dash_duo) == 1, 10, "the incident did not arrive after the quiet spell")
        messages.extend(entry["message"] for entry in dash_duo.driver.get_log("browser"))
        assert not [m for m in messages if "Inactivity timeout" in m or "WebSocket disconnected" in m]
    finally:
        server.stop()
