"""The OpenAPI document of the public HTTP interfaces (`/api/v1/...` and `/open311/v2/...`) and Swagger UI.

The document is generated from the routers' pydantic models; Dash's internal routes are left out. Swagger UI
is served from files bundled in a Python package, so the docs page works without internet.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

router = APIRouter(prefix="/api/v1", include_in_schema=False)

PUBLIC_PREFIXES = ("/api/v1/", "/open311/v2/")
STATIC = Path(fastapi_offline.__file__).with_name("static")
STATIC_FILES = {"swagger-ui-bundle.js", "swagger-ui.css"}
DESCRIPTION = """Feeds in and open data out of CityOps.

* **Ingest** (`/api/v1/ingest/...`, `/api/v1/ngsi-v2/notify`): `Authorization: Bearer <feed token>`; tokens are
  issued with `cityops tokens issue NAME [--domain D]`.
* **Open data** (`/api/v1/open/...`): read-only, public unless `CITYOPS_OPEN_DATA_PUBLIC=false`, then a feed
  token is needed. Series and tables also as CSV with `?format=csv`. Reporters' personal data is never served.
* **Open311 GeoReport v2** (`/open311/v2/...`): `api_key` is a feed token allowed for incidents.

Timestamps are ISO-8601 with a UTC offset; times in answers are UTC.
"""


def public_openapi(app) -> dict:
    if getattr(app.state, "cityops_openapi", None) is None:
        from api.ingest import SCHEMAS

        document = get_openapi(title="CityOps API", version="1", description=DESCRIPTION, routes=app.routes)
        document["paths"] = {path: item for path, item in document.get("paths", {}).items()
                             if path.startswith(PUBLIC_PREFIXES)}
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in SCHEMAS.items():
            schemas.setdefault(name, schema)
        app.state.cityops_openapi = document
    return app.state.cityops_openapi


@router.get("/openapi.json")
def openapi(request: Request) -> JSONResponse:
    return JSONResponse(public_openapi(request.app))


@router.get("/docs")
def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/api/v1/openapi.json", title="CityOps API",
                               swagger_js_url="/api/v1/docs/static/swagger-ui-bundle.js",
                               swagger_css_url="/api/v1/docs/static/swagger-ui.css",
                               swagger_favicon_url="data:,")


@router.get("/docs/static/{name}")
def docs_static(name: str) -> FileResponse:
    if name not in STATIC_FILES:
        raise HTTPException(404, "not found")
    return FileResponse(STATIC / name, headers={"Cache-Control": "public, max-age=86400"})
