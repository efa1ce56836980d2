"""City geometry for the map, served once and cached by the browser."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from data.wiring.services import get_services
from geo.pack import basemap_geojson, units_geojson, wards_geojson

router = APIRouter(prefix="/api/v1/geo", tags=["geo"])


@router.get("/wards.geojson", summary="Ward boundaries as GeoJSON, simplified for the map (shared borders kept shared)")
def wards() -> JSONResponse:
    return JSONResponse(wards_geojson(get_services().pack), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/units/{level}.geojson", summary="One level of units (ward, former) as GeoJSON, simplified as a coverage",
            responses={404: {"description": "No such level in this city"}})
def units(level: str) -> JSONResponse:
    pack = get_services().pack
    if level not in set(pack.units["level"]):
        return JSONResponse({"detail": f"no level {level!r} in this city"}, status_code=404)
    return JSONResponse(units_geojson(pack, level), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/basemap/{layer}.geojson", summary="The offline basemap's land or water layer, from the city pack",
            responses={404: {"description": "No such layer"}})
def basemap(layer: str) -> JSONResponse:
    if layer not in ("land", "water"):
        return JSONResponse({"detail": f"no basemap layer {layer!r}"}, status_code=404)
    return JSONResponse(basemap_geojson(get_services().pack, layer), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=3600"})
