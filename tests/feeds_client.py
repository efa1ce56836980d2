"""An HTTP client for the API routers (mounted exactly as app.py mounts them) on a test's services."""

from __future__ import annotations

from contextlib import contextmanager

from conftest import installed
from fastapi import FastAPI
from fastapi.testclient import TestClient


@contextmanager
def api_client(services):
    import api

    server = FastAPI()
    api.mount(server)
    with installed(services), TestClient(server, raise_server_exceptions=False) as client:
        yield client


def issue(services, name: str, domain: str | None = None) -> dict:
    """Authorization headers with a fresh feed token."""
    from data.ingest.tokens import TokenStore

    return {"Authorization": f"Bearer {TokenStore(services.engines.main).issue(name, domain)}"}
