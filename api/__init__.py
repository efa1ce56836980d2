"""FastAPI routers mounted on Dash's FastAPI server."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def routers() -> list:
    """The `router` of every module in this package, in name order."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        router = getattr(importlib.import_module(f"{__name__}.{module.name}"), "router", None)
        if router is not None:
            found.append(router)
    return found


def mount(server: FastAPI) -> None:
    for router in routers():
        server.include_router(router)

    # Dash answers any unknown GET with the app page; an API client must get a 404 instead.
    @server.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def api_not_found(request: Request, rest: str) -> JSONResponse:
        return JSONResponse({"detail": f"Not found: {request.url.path}"}, status_code=404)
