"""Who is asking, and may they: sessions, the connection ContextVar and role checks for every route and
every Dash callback (HTTP and WebSocket), driven by the `role=` each page declares in `register_page`.

- `ConnectionContext` stores the ASGI connection (`HTTPConnection(scope)`) in a ContextVar, so code with no
  active request (WebSocket callbacks) still sees the handshake's session.
- `AccessGuard` refuses before anything runs: page GETs without a session go to /login (403 for a role the
  page does not admit), `?token=` on a page logs a display screen in, and `/_dash-update-component` is
  checked against the roles of the callback it would run (401 without a session, 403 for a wrong role).
- WebSocket callbacks are checked by Dash's `websocket_connect`/`websocket_message` hooks with the same rules.

The declarations and the current principal are in `api/access.py` (what callbacks and pages import).
A callback's roles: an explicit `@requires(...)` or `@for_page(...)` declaration, else the page whose
module matches the callback module (`callbacks/incidents.py` ↔ `pages/incidents.py`), else — for the shell
and the push loop — any signed-in role. Anything else is refused: a new callback module is closed until its
page exists.
"""

from __future__ import annotations

import inspect
import json
import logging
from urllib.parse import parse_qsl, quote, urlencode

import dash
from starlette.datastructures import URL
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.access import (
    ALL_ROLES,
    ANYONE,
    PageRoles,
    _connection,
    declared_roles,
    may,
    principal_of,
    user_store,
)
from layouts.errors import error_html
from layouts.i18n import normalise_lang

log = logging.getLogger("cityops.security")

SHARED_CALLBACK_MODULES = ("callbacks.shell", "callbacks.live")
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_dash-layout", "/_dash-dependencies",
                   "/_favicon.ico", "/_reload-hash", "/login", "/logout", "/api/", "/open311/")
CALLBACK_PATH = "/_dash-update-component"
PAGES_ROUTER_OUTPUT = "_pages_content.children"


# --- whose callback is it -------------------------------------------------------------------------

def page_for_path(pathname: str | None) -> dict | None:
    path = "/" + (pathname or "/").strip("/")
    for page in dash.page_registry.values():
        if "/" + page["relative_path"].strip("/") == path:
            return page
    return None


def page_roles(page: dict) -> tuple[str, ...] | str:
    roles = page.get("role")
    return ANYONE if roles is None else tuple(roles)


def callback_roles(output: str, inputs: list | None = None) -> tuple[str, ...] | str | None:
    """The roles that may run the callback with this output key; None when it is unknown (refused)."""
    if PAGES_ROUTER_OUTPUT in output:  # Dash Pages' router renders the layout of the page being opened
        pathname = next((i.get("value") for i in inputs or []
                         if isinstance(i, dict) and i.get("property") == "pathname"), "/")
        page = page_for_path(pathname)
        return ALL_ROLES if page is None else page_roles(page)
    spec = dash.get_app().callback_map.get(output)
    if spec is None:
        return None
    func = inspect.unwrap(spec["callback"])
    declared = declared_roles(func)
    if isinstance(declared, PageRoles):
        page = dash.page_registry.get(declared.module)
        return None if page is None else page_roles(page)
    if declared is not None:
        return declared
    module = func.__module__
    if module in SHARED_CALLBACK_MODULES:
        return ALL_ROLES
    if module.startswith("callbacks."):
        page = dash.page_registry.get("pages." + module.split(".", 1)[1])
        if page is not None:
            return page_roles(page)
    log.warning("refusing callback %s from %s: no page or declaration gives it roles", output, module)
    return None


# --- middleware -----------------------------------------------------------------------------------

class ConnectionContext:
    """Puts the current connection into a ContextVar (install inside the session middleware)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        token = _connection.set(HTTPConnection(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            _connection.reset(token)


def _without_token(url: URL) -> str:
    query = [(k, v) for k, v in parse_qsl(url.query, keep_blank_values=True) if k != "token"]
    return url.path + (f"?{urlencode(query)}" if query else "")


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body, and a receive that hands it on unchanged."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


# --- callback bodies --------------------------------------------------------------------------------
# Dash answers 500 to a body its renderer would never send (and runs the callback with what it finds), so the
# guard refuses those with 400: the shape, and that the inputs and state are the callback's own dependencies.

def _is_dependency(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("id"), str | dict)
            and isinstance(entry.get("property"), str))


def _is_entry(entry) -> bool:
    """A dependency, or for a pattern-matching ALL/ALLSMALLER id a list of them."""
    return _is_dependency(entry) or (isinstance(entry, list) and all(map(_is_dependency, entry)))


def _outputs_shape_ok(output: str, outputs) -> bool:
    """One output → an `outputs` object; several (`..a.b...c.d..`) → a list with an entry each."""
    if not output.startswith(".."):
        return _is_dependency(outputs)
    return isinstance(outputs, list) and len(outputs) == output.count("...") + 1 and all(map(_is_entry, outputs))


def _prop_id(dependency: dict) -> str:
    """`id.property` as the renderer names a changed input (a pattern id as JSON with sorted keys)."""
    ident = dependency["id"]
    if isinstance(ident, dict):
        ident = json.dumps(ident, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{ident}.{dependency['property']}"


def _changed_prop_ids_ok(changed, inputs: list) -> bool:
    """Each changed prop id names one of the body's inputs."""
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return False
    named = {_prop_id(d) for entry in inputs for d in (entry if isinstance(entry, list) else [entry])}
    return set(changed) <= named


def _callback_shape_ok(payload) -> bool:
    if not isinstance(payload, dict) or not isinstance(payload.get("output"), str):
        return False
    inputs, state, outputs = payload.get("inputs"), payload.get("state", []), payload.get("outputs")
    return (isinstance(inputs, list) and all(map(_is_entry, inputs))
            and isinstance(state, list) and all(map(_is_entry, state))
            and (outputs is None or _outputs_shape_ok(payload["output"], outputs))
            and _changed_prop_ids_ok(payload.get("changedPropIds", []), inputs))


def _matches(entry, declared: dict) -> bool:
    """A body's input or state entry against the dependency the callback declares (its id and property)."""
    prop = declared["property"]
    if not declared["id"].startswith("{"):
        return isinstance(entry, dict) and entry["id"] == declared["id"] and entry["property"] == prop
    pattern = json.loads(declared["id"])
    if any(value in (["ALL"], ["ALLSMALLER"]) for value in pattern.values()):  # a list, one per matching id
        return isinstance(entry, list) and all(_matches_pattern(e, pattern, prop) for e in entry)
    return _matches_pattern(entry, pattern, prop)


def _matches_pattern(entry, pattern: dict, prop: str) -> bool:
    """An id of a pattern-matching dependency: the same keys, the fixed ones equal, wildcards a plain value."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(ident, dict) or entry["property"] != prop or ident.keys() != pattern.keys():
        return False
    return all(isinstance(ident[key], str | int | float) if isinstance(value, list) else ident[key] == value
               for key, value in pattern.items())


def _body_fits_callback(payload: dict, spec: dict | None) -> bool:
    """The body's outputs, inputs and state are those of the callback it names."""
    if spec is None or (payload.get("outputs") is None and not spec.get("no_output")):
        return False
    inputs, state = payload["inputs"], payload.get("state", [])
    return (len(inputs) == len(spec["inputs"]) and len(state) == len(spec["state"])
            and all(map(_matches, inputs, spec["inputs"])) and all(map(_matches, state, spec["state"])))


class AccessGuard:
    """Refuses HTTP requests the signed-in role may not make (pages and Dash callbacks)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self._dash_ready = False

    async def _prepare_dash(self) -> None:
        """Dash sets itself up (assets, callback map, the Pages router and its inline scripts) in hooks it runs
        on "/" and "/_dash-*" requests only; a first request for another page or a callback is checked and
        served against a ready app too. Each hook is idempotent."""
        for hook in dash.get_app().backend._before_request_funcs:  # noqa: SLF001
            result = hook()
            if inspect.isawaitable(result):
                await result
        self._dash_ready = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and principal_of(HTTPConnection(scope)) is None:
            await self._deny_websocket(scope, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if not self._dash_ready and not path.startswith(PUBLIC_PREFIXES):
            await self._prepare_dash()
        if path == CALLBACK_PATH:
            body, receive = await _read_body(receive)
            response = self._check_callback(body, HTTPConnection(scope))
        elif path.startswith(PUBLIC_PREFIXES) or path.startswith("/_dash-"):
            response = None
        elif scope["method"] in ("GET", "HEAD"):
            response = self._check_page(HTTPConnection(scope))
        else:
            response = None
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _deny_websocket(scope: Scope, send: Send) -> None:
        """401 on the handshake where the server can send one (ASGI denial response), else a plain refusal."""
        if "websocket.http.response" in scope.get("extensions", {}):
            body = b'{"detail": "login required"}'
            await send({"type": "websocket.http.response.start", "status": 401,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "websocket.http.response.body", "body": body})
        else:
            await send({"type": "websocket.close", "code": 4001})

    @staticmethod
    def _check_callback(body: bytes, connection: HTTPConnection):
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = None
        if not _callback_shape_ok(payload):
            return _refusal(400, "not a Dash callback request")
        output = payload["output"]
        status = may(principal_of(connection), callback_roles(output, payload["inputs"]))
        if status != 200:
            return _refusal(status, "login required" if status == 401 else "not allowed for this role")
        if not _body_fits_callback(payload, dash.get_app().callback_map.get(output)):
            return _refusal(400, "not the inputs and state of this callback")
        return None

    @staticmethod
    def _check_page(connection: HTTPConnection):
        url = connection.url
        token = connection.query_params.get("token")
        if token:
            display = user_store().display_by_token(token)
            if display is None:
                return HTMLResponse(error_html(401, _lang(connection), url.path), status_code=401)
            connection.session.clear()
            connection.session["display"] = display.name
            return RedirectResponse(_without_token(url), status_code=303)
        page = page_for_path(url.path)
        roles = page_roles(page) if page is not None else ALL_ROLES
        status = may(principal_of(connection), roles)
        if status == 401:
            target = url.path + (f"?{url.query}" if url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        if status == 403:
            return HTMLResponse(error_html(403, _lang(connection), url.path), status_code=403)
        return None


def _lang(connection: HTTPConnection) -> str:
    return normalise_lang(connection.query_params.get("lang"))


# --- WebSocket callbacks (Dash hooks) --------------------------------------------------------------

@dash.hooks.websocket_connect()
def _websocket_connect(websocket) -> bool | tuple[int, str]:
    # Dash copies the registered callbacks into its callback map before a worker's first HTTP request; a
    # worker whose first connection is a WebSocket (a wall reconnecting to another gunicorn worker) has not
    # done so yet and would refuse every callback as unknown.
    dash.get_app()._setup_server()
    return True if principal_of(websocket) is not None else (4001, "login required")


@dash.hooks.websocket_message()
def _websocket_message(websocket, message: dict) -> bool | tuple[int, str]:
    if message.get("type") != "callback_request":
        return True
    payload = message.get("payload") or {}
    status = may(principal_of(websocket), callback_roles(str(payload.get("output")), payload.get("inputs")))
    return True if status == 200 else (4001 if status == 401 else 4003, "not allowed")


def install(server, secret: str) -> None:
    """Session cookie (signed, HttpOnly, SameSite=lax) outermost, then the connection ContextVar, then the guard."""
    from starlette.middleware.sessions import SessionMiddleware

    server.add_middleware(AccessGuard)
    server.add_middleware(ConnectionContext)
    server.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="cityops_session",
                          same_site="lax", https_only=False, max_age=12 * 3600)
