"""Camera snapshots: generated test cards in demo mode, registered URLs fetched server-side with a timeout."""

from __future__ import annotations

import contextlib
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import update

from api import snapshots
from data.domains.cameras.models import Camera as CameraRow
from data.store.settings import Settings
from data.wiring.services import Services, set_services


class Camera(BaseHTTPRequestHandler):
    """A fake IP camera: /ok answers a PNG, /slow answers too late (once the test is over), /html is not an image."""

    hits: list[str] = []
    test_over = threading.Event()

    def do_GET(self):  # noqa: N802 - http.server's naming
        Camera.hits.append(self.path)
        if self.path == "/slow":
            Camera.test_over.wait(10)
        if self.path == "/html":
            body, kind = b"<html></html>", "text/html"
        else:
            out = io.BytesIO()
            Image.new("RGB", (8, 8), "#ff0000").save(out, "PNG")
            body, kind = out.getvalue(), "image/png"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture
def fake_camera():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Camera)
    # A short poll: shutdown() waits for the loop to look again.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    Camera.hits = []
    Camera.test_over.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Camera.test_over.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def client(db_services, tmp_path, monkeypatch):
    services = Services(Settings(data_dir=tmp_path, demo=True, _env_file=None), db_services.engines, db_services.pack)
    set_services(services)
    monkeypatch.setattr(snapshots, "FETCH_TIMEOUT_S", 0.5)
    app = FastAPI()
    app.include_router(snapshots.router)
    yield TestClient(app), services
    set_services(None)


def set_url(services, code: str, url: str | None) -> None:
    with services.engines["cameras"].begin() as conn:
        conn.execute(update(CameraRow).where(CameraRow.code == code).values(snapshot_url=url))


def test_demo_test_card_is_a_cacheable_jpeg(client, pack):
    http, _ = client
    code = pack.cameras["code"].iloc[0]
    answer = http.get(f"/api/v1/cameras/{code}/snapshot")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg"
    assert "max-age=60" in answer.headers["cache-control"]
    image = Image.open(io.BytesIO(answer.content))
    assert image.size == snapshots.SIZE and image.format == "JPEG"
    # The test card shows text: the lower half is not a flat background.
    lower = image.crop((0, image.height // 2, image.width, image.height)).convert("L")
    assert len(set(lower.getdata())) > 20
    again = http.get(f"/api/v1/cameras/{code}/snapshot", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_unknown_or_malformed_camera_is_404(client):
    http, _ = client
    assert http.get("/api/v1/cameras/NOPE-1/snapshot").status_code == 404
    assert http.get("/api/v1/cameras/a%20b/snapshot").status_code == 404


def test_registered_url_is_fetched_server_side(client, pack, fake_camera):
    http, services = client
    code = pack.cameras["code"].iloc[1]
    set_url(services, code, f"{fake_camera}/ok")
    answer = http.get(f"/api/v1/cameras/{code}/snapshot", params={"url": f"{fake_camera}/other"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).getpixel((0, 0)) == (255, 0, 0)
    assert Camera.hits == ["/ok"]  # only the registry's URL, never one from the request


@pytest.mark.parametrize("path", ["/slow", "/html"])
def test_slow_or_wrong_camera_gets_a_labelled_card(client, pack, fake_camera, path):
    http, services = client
    code = pack.cameras["code"].iloc[2]
    set_url(services, code, f"{fake_camera}{path}")
    started = time.monotonic()
    answer = http.get(f"/api/v1/cameras/{code}/snapshot")
    assert time.monotonic() - started < 5.0  # the 0.5 s timeout: the slow camera answers only after the test (10 s)
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg"
    assert Camera.hits == [path]


def test_card_text_renders_vietnamese():
    card = snapshots.render_test_card("Camera giao thông Lê Lợi – Bà Triệu", "Phường Hạc Thành", "08:15", "ẢNH MÔ PHỎNG")
    assert Image.open(io.BytesIO(card)).size == snapshots.SIZE
