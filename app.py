"""CityOps: the Dash app on its FastAPI backend.

`python app.py` serves it with uvicorn on 127.0.0.1:8050 (migrating, seeding and starting the simulator);
`gunicorn -k uvicorn_worker.UvicornWorker app:server` serves the same ASGI app with several workers.
"""

from __future__ import annotations

import logging
import re
from contextlib import asynccontextmanager

import dash
from dash import Dash
from fastapi import HTTPException
from starlette.middleware.gzip import GZipMiddleware

import api
import callbacks
from api import security
from api.access import current_connection
from api.preparing import PreparingGate
from data.wiring.runtime import Runtime
from data.wiring.services import get_services
from layouts.errors import loading_html
from layouts.i18n import DEFAULT_LANG, normalise_lang, t
from layouts.shell import shell

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("cityops")


def log_callback_error(error: Exception):
    """A callback failed: say so in the server's log (the browser only gets a 500), then answer as Dash would.
    Requests the access guard or a callback refuses on purpose (HTTPException: 400, 401, 403) are not errors."""
    if not isinstance(error, HTTPException):
        log.error("callback failed: %s", error, exc_info=error)
    raise error


# The AG Grid bundle (1.3 MB) is sent only to pages that show a grid (registered with grid=True); the links
# to those pages load them in full (layouts.shell.nav_links), so the bundle arrives with them.
_GRID_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/dash_ag_grid/[^"]*"></script>\s*')


def page_has_grid(path: str) -> bool:
    page = security.page_for_path(path)
    return page is None or bool(page.get("grid"))  # an unknown address may become any page: keep everything


class CityOpsDash(Dash):
    """Dash with the page's language in the first HTML (the loading text, `<html lang>`), Plotly asked for at
    once, and no AG Grid bundle on pages without a grid."""

    def interpolate_index(self, **kwargs):
        connection = current_connection()
        lang = normalise_lang(connection.query_params.get("lang") if connection is not None else None)
        kwargs["app_entry"] = loading_html(lang)
        if connection is not None and not page_has_grid(connection.url.path):
            kwargs["scripts"] = _GRID_SCRIPT.sub("", kwargs.get("scripts", ""))
        # Plotly (1.5 MB on the wire) is fetched by the graph component only once the layout has arrived; asking
        # for it with the page's first bytes lets it download while the rest starts up (the map draws sooner).
        plotly = f'{self.config.requests_pathname_prefix}_dash-component-suites/plotly/package_data/plotly.min.js'
        kwargs["css"] = f'<link rel="preload" href="{plotly}" as="script">\n' + kwargs.get("css", "")
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{lang}">', 1)


def create_app() -> Dash:
    services = get_services()
    app = CityOpsDash(
        __name__, backend="fastapi", use_pages=True, pages_folder="pages", title=t("app.title", DEFAULT_LANG),
        update_title=None, suppress_callback_exceptions=True, on_error=log_callback_error,
        # Walls idle for hours: by default the socket is never closed for inactivity, and the push loop's
        # keepalive would keep it open even with a timeout configured.
        websocket_inactivity_timeout=int(services.settings.ws_inactivity_timeout_s * 1000),
        websocket_heartbeat_interval=int(services.settings.ws_heartbeat_s * 1000),
    )
    callbacks.register_all()

    app.layout = shell(DEFAULT_LANG, services.settings.demo, dash.page_container, str(services.zone))
    api.mount(app.server)
    security.install(app.server, services.settings.session_secret())
    # Pages, scripts, callbacks and the API compressed (plotly.min.js: 4.8 MB → about 1.4 MB on the wire).
    app.server.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    return app


def attach_runtime(server, runtime: Runtime) -> None:
    """Start background work with the ASGI server and stop it with the server (Ctrl-C, SIGTERM); until the
    data is ready every request gets the "preparing" answer."""
    server.add_middleware(PreparingGate, preparation=lambda: None if runtime.ready.is_set() else runtime.preparation)
    inner = server.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app):
        runtime.start()
        try:
            async with inner(app) as state:
                yield state
        finally:
            runtime.stop()

    server.router.lifespan_context = lifespan


app = create_app()
server = app.server
runtime = Runtime.from_settings()
attach_runtime(server, runtime)


def welcome(url: str, first_admin) -> str:
    """What a newcomer reads last in the console once the app is ready."""
    lines = ["", "=" * 72, f"CityOps is ready: {url}"]
    if first_admin is not None:
        lines += [
            "First start of the demo: an administrator was created for you (shown only this once).",
            f"  user name: {first_admin.username}",
            f"  password:  {first_admin.password}",
            f"  change it: .venv/bin/cityops users reset-password {first_admin.username}",
            f"  wall screen (display token, read-only): {url}/wall?token={first_admin.display_token}",
            "  more users: .venv/bin/cityops users create NAME --role operator|leader|analyst|admin",
        ]
    lines.append("=" * 72)
    return "\n".join(lines)


def main() -> None:
    import asyncio

    import uvicorn

    settings = runtime.settings
    config = uvicorn.Config(server, host=settings.host, port=settings.port, log_level="info", ws_ping_interval=20)
    web = uvicorn.Server(config)
    url = f"http://{settings.host}:{settings.port}"

    async def announce() -> None:
        while not (web.started and runtime.ready.is_set()):
            if web.should_exit or runtime.preparation.stage == "failed":
                return
            await asyncio.sleep(0.2)
        print(welcome(url, runtime.first_admin), flush=True)

    async def serve() -> None:
        await asyncio.gather(web.serve(), announce())

    print(f"CityOps is starting: open {url} (it shows the progress while the data is prepared)", flush=True)
    asyncio.run(serve())


if __name__ == "__main__":
    main()
