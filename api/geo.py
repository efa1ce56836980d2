"""City geometry for the map, served once and cached by the browser."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from data.wiring.services import get_services
from geo.pack import wards_geojson

router = APIRouter(prefix="/api/v1/geo", tags=["geo"])


@router.get("/wards.geojson", summary="Ward boundaries as GeoJSON, simplified for the map (shared borders kept shared)")
def wards() -> JSONResponse:
    return JSONResponse(wards_geojson(get_services().pack), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=3600"})
