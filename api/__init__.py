"""FastAPI routers mounted on Dash's FastAPI server."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api import geo, health

ROUTERS = (health.router, geo.router)


def mount(server: FastAPI) -> None:
    for router in ROUTERS:
        server.include_router(router)

    # Dash answers any unknown GET with the app page; an API client must get a 404 instead.
    @server.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def api_not_found(request: Request, rest: str) -> JSONResponse:
        return JSONResponse({"detail": f"Not found: {request.url.path}"}, status_code=404)
