"""Server push: one persistent WebSocket callback per browser tells pages which domains changed.

It sleeps on the process's version watcher (no polling per client), sends the versions when they change
and a tiny keepalive otherwise, so an idle wall never hits the socket's inactivity timeout. Pages react
to `live-versions` (all domains and the database's availability) or to `live-<domain>` (only sent when
that domain changed, so a new incident wakes only what shows incidents) and patch only what changed.

The socket outlives the check made when it opened, so the loop re-reads its user or display token every
`access_check_s`: once the user is disabled or the token revoked, it tells the page (`live-access`), which
reloads and lands on the login page, and the loop ends.
"""

from __future__ import annotations

import asyncio
import time

from dash import ClientsideFunction, Input, callback, clientside_callback, ctx, set_props

from api.access import current_connection, principal_of
from data.wiring.services import get_services
from layouts import ids


def live_message(versions: dict, available: bool, unavailable_since: float | None) -> dict:
    return {"versions": versions, "available": available, "unavailable_since": unavailable_since}


@callback(websocket=True, persistent=True)
async def push_versions() -> None:
    services = get_services()
    watcher = services.watcher
    keepalive, check_every = services.settings.keepalive_s, services.settings.access_check_s
    socket, connection = ctx.websocket, current_connection()
    sent_epoch, sent_versions, last_sent, checked = None, {}, time.monotonic(), time.monotonic()
    while socket is not None and not socket.is_shutdown:
        epoch, versions, available = watcher.snapshot()
        if epoch != sent_epoch:
            for domain, version in versions.items():
                if sent_versions.get(domain) != version:
                    set_props(ids.live(domain), {"data": version})
            set_props(ids.LIVE_VERSIONS, {"data": live_message(versions, available, watcher.unavailable_since)})
            sent_epoch, sent_versions, last_sent = epoch, versions, time.monotonic()
        if time.monotonic() - checked >= check_every:
            checked = time.monotonic()
            if await asyncio.to_thread(principal_of, connection) is None:
                set_props(ids.LIVE_ACCESS, {"data": "revoked"})
                return
        await watcher.wait(sent_epoch, min(keepalive, check_every))
        if watcher.snapshot()[0] == sent_epoch and time.monotonic() - last_sent >= keepalive:
            set_props(ids.LIVE_HEARTBEAT, {"data": int(time.time())})  # nothing new: keep the socket alive
            last_sent = time.monotonic()


clientside_callback(
    ClientsideFunction("cityops", "accessRevoked"),
    Input(ids.LIVE_ACCESS, "data"), prevent_initial_call=True,
)
