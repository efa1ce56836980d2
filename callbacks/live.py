"""Server push: one persistent WebSocket callback per browser tells pages which domains changed.

It sleeps on the process's version watcher (no polling per client), sends the versions when they change
and a tiny keepalive otherwise, so an idle wall never hits the socket's inactivity timeout. Pages react
to `live-versions` and patch only what changed.
"""

from __future__ import annotations

import time

from dash import callback, ctx, set_props

from data.services import get_services


def live_message(versions: dict, available: bool, unavailable_since: float | None) -> dict:
    return {"versions": versions, "available": available, "unavailable_since": unavailable_since}


@callback(websocket=True, persistent=True)
async def push_versions() -> None:
    services = get_services()
    watcher = services.watcher
    keepalive = services.settings.keepalive_s
    socket = ctx.websocket
    sent_epoch = None
    while socket is not None and not socket.is_shutdown:
        epoch, versions, available = watcher.snapshot()
        if epoch != sent_epoch:
            set_props("live-versions", {"data": live_message(versions, available, watcher.unavailable_since)})
            sent_epoch = epoch
        if await watcher.wait(sent_epoch, keepalive) == sent_epoch:
            set_props("live-heartbeat", {"data": int(time.time())})  # nothing new: keep the socket alive
