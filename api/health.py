"""Liveness and data freshness for operators and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from data.wiring.services import get_services

router = APIRouter(prefix="/api/v1", tags=["health"])


class Health(BaseModel):
    status: str
    database: bool
    versions: dict[str, int]
    simulated: bool


@router.get("/health", response_model=Health, summary="Service health and data versions")
def health() -> Health:
    services = get_services()
    _, versions, available = services.watcher.snapshot()
    return Health(status="ok" if available else "degraded", database=available, versions=versions,
                  simulated=services.settings.demo)
