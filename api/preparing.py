"""While the server prepares its data (migrations, the first start's seeded history), every request gets an
answer: browsers a page with the progress that turns into the app, the API and the health check a 503 with
`Retry-After`, WebSockets a close asking to come back. Assets stay served, so the page has its style."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from layouts.i18n import normalise_lang
from layouts.preparing import preparing_html

PASS_THROUGH = ("/assets/",)
RETRY_AFTER_S = 2


class PreparingGate:
    """ASGI middleware: `preparation()` returns None once the app is ready, else an object with `stage`,
    `progress` and `error` (data.wiring.runtime.Preparation)."""

    def __init__(self, app: ASGIApp, preparation: Callable[[], object | None]):
        self.app = app
        self.preparation = preparation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.preparation() if scope["type"] in ("http", "websocket") else None
        if state is None or scope["path"].startswith(PASS_THROUGH):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013})  # "try again later"
        else:
            await self._answer(scope, send, state)

    async def _answer(self, scope: Scope, send: Send, state) -> None:
        path = scope["path"]
        if path.startswith(("/api/", "/open311/", "/_dash")):
            body = json.dumps({"status": "preparing", "stage": state.stage, "progress": round(state.progress, 3),
                               "error": state.error}).encode()
            content_type = b"application/json"
        else:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            lang = normalise_lang((query.get("lang") or [None])[0])
            body = preparing_html(lang, state.stage, state.progress, state.error).encode()
            content_type = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 503, "headers": [
            (b"content-type", content_type), (b"retry-after", str(RETRY_AFTER_S).encode()),
            (b"cache-control", b"no-store"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
