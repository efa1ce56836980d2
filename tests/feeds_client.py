"""An HTTP client for the API routers (mounted exactly as app.py mounts them) on a test's services."""

from __future__ import annotations

from contextlib import contextmanager

from fastapi import FastAPI
from fastapi.testclient import TestClient


@contextmanager
def api_client(services):
    import api
    from data.wiring.services import set_services

    set_services(services)
    server = FastAPI()
    api.mount(server)
    try:
        with TestClient(server, raise_server_exceptions=False) as client:
            yield client
    finally:
        set_services(None)


def issue(services, name: str, domain: str | None = None) -> dict:
    """Authorization headers with a fresh feed token."""
    from data.ingest.tokens import TokenStore

    return {"Authorization": f"Bearer {TokenStore(services.engines.main).issue(name, domain)}"}
